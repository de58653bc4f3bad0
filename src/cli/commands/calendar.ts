import { str, type Command } from '../command.js';
import { usage } from '../io.js';
import { readJson } from './cases.js';

interface Schedule {
  year: number;
  region: string;
  revision: number;
  origin: string;
  inForce: boolean;
  nonWorkingDays: string[];
  workingDays: string[];
  source: string;
  loadedBy: string | null;
  loadedAt: string | null;
}

const SCHEDULE = 'year region revision origin inForce nonWorkingDays workingDays notes { date text } source loadedBy loadedAt';

export const calendarCommands: Record<string, Command> = {
  'calendar load': {
    summary: { zh: '载入某年某地区的节假日与调休安排（管理员）', en: 'load a year’s holidays and 调休 working days for a region (administrators)' },
    usage: 'calendar load FILE.json',
    options: {},
    async run(ctx, _, [file]) {
      if (file === undefined)
        throw usage(
          '请给出 JSON 文件：{ year, region, nonWorkingDays, workingDays, notes, source }',
          'Give a JSON file: { year, region, nonWorkingDays, workingDays, notes, source }',
        );
      const { loadCalendarYear: loaded } = await ctx.call<{ loadCalendarYear: Schedule }>(
        `mutation($i: LoadCalendarYearInput!) { loadCalendarYear(input: $i) { ${SCHEDULE} } }`,
        { i: readJson(file, 'file') },
      );
      if (ctx.out.json) return ctx.out.data(loaded);
      ctx.out.line(
        ctx.out.t(
          `已载入 ${loaded.year} 年 ${loaded.region} 第 ${loaded.revision} 版：休息日 ${loaded.nonWorkingDays.length} 天，调休上班 ${loaded.workingDays.length} 天`,
          `Loaded ${loaded.year} ${loaded.region} revision ${loaded.revision} (days off: ${loaded.nonWorkingDays.length}, weekend days worked: ${loaded.workingDays.length})`,
        ),
      );
    },
  },
  'calendar list': {
    summary: { zh: '工作日历：已载入的年份、载入人与来源', en: 'the working-day calendar: years loaded, by whom, from what source' },
    usage: 'calendar list [--year YEAR]',
    options: { year: { type: 'string' } },
    async run(ctx, values) {
      const year = str(values, 'year');
      if (year !== undefined && !/^\d{4}$/.test(year)) throw usage('--year 须为四位年份', '--year is a four-digit year');
      const { calendar } = await ctx.call<{ calendar: { coveredYears: number[]; schedules: Schedule[] } }>(
        `query($y: Int) { calendar(year: $y) { coveredYears schedules { ${SCHEDULE} } } }`,
        {
          y: year === undefined ? null : Number(year),
        },
      );
      if (ctx.out.json) return ctx.out.data(calendar);
      const { out } = ctx;
      out.line(`${out.t('已覆盖年份', 'covered years')}: ${calendar.coveredYears.join(', ') || '—'}`);
      out.table(
        [
          out.t('年份', 'year'),
          out.t('地区', 'region'),
          out.t('版本', 'revision'),
          out.t('来自', 'origin'),
          out.t('生效', 'in force'),
          out.t('休息日', 'days off'),
          out.t('调休上班', 'worked'),
          out.t('载入人', 'loaded by'),
          out.t('载入时间', 'loaded at'),
          out.t('来源', 'source'),
        ],
        calendar.schedules.map((s) => [
          String(s.year),
          s.region,
          String(s.revision),
          s.origin,
          s.inForce ? out.t('是', 'yes') : out.t('否', 'no'),
          String(s.nonWorkingDays.length),
          String(s.workingDays.length),
          s.loadedBy ?? '—',
          s.loadedAt ?? '—',
          s.source,
        ]),
      );
    },
  },
};
