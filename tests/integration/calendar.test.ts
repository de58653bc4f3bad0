import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { parseCalendar } from '../../src/calendar/calendar.js';
import { CalendarService } from '../../src/calendar/service.js';
import type { Viewer } from '../../src/directory/model.js';
import { CalendarStore } from '../../src/store/calendar-store.js';
import { useTestBed } from '../support/bed.js';
import { loadYear, readCalendar, year2027 } from '../support/calendar.js';
import { codes, succeeded } from '../support/graphql.js';

describe('loading a year of the working-day calendar', () => {
  const bed = useTestBed('calendar');
  const calendar = async (year?: number) => succeeded(await readCalendar(bed.actors, 'cd.drafter', year)).calendar;

  it('starts from the calendar file: 2026 is covered, from the State Council notice of the file', async () => {
    const seed = await calendar();
    expect(seed.coveredYears).toEqual([2026]);
    expect(seed.schedules).toEqual([
      expect.objectContaining({
        year: 2026,
        region: 'NATIONAL',
        revision: 0,
        origin: 'FILE',
        inForce: true,
        loadedBy: null,
        loadedAt: null,
        source: expect.stringContaining('国务院办公厅关于2026年部分节假日安排的通知') as unknown,
      }),
    ]);
    expect(seed.schedules[0]!.nonWorkingDays).toContain('2026-10-01');
  });

  const refusals: [string, Record<string, unknown>, string][] = [
    [
      'a year before 2000',
      { year: 1999, nonWorkingDays: ['1999-10-01'], notes: [], workingDays: [], source: '国务院办公厅关于1999年部分节假日安排的通知' },
      'year',
    ],
    ['a non-working day in another year', { nonWorkingDays: ['2027-01-01', '2028-01-03'], notes: [] }, 'nonWorkingDays'],
    ['a date that does not exist', { nonWorkingDays: ['2027-02-30'], notes: [] }, 'nonWorkingDays'],
    ['a date listed twice', { nonWorkingDays: ['2027-01-01', '2027-01-01'], notes: [] }, 'nonWorkingDays'],
    ['a weekend day off without a note saying why', { notes: [{ date: '2027-01-02', text: '元旦假期' }] }, 'nonWorkingDays'],
    ['a national schedule without holidays', { nonWorkingDays: [], notes: [] }, 'nonWorkingDays'],
    ['a working day that is a weekday', { workingDays: ['2027-01-04'] }, 'workingDays'],
    ['a working day in another year', { workingDays: ['2026-12-26'] }, 'workingDays'],
    ['a date both off and worked', { workingDays: ['2027-01-02'] }, 'workingDays'],
    ['a note on a date not listed', { notes: [...year2027().notes, { date: '2027-03-01', text: '植树节' }] }, 'notes'],
    [
      'an empty note',
      {
        notes: [
          { date: '2027-01-02', text: ' ' },
          { date: '2027-01-03', text: '元旦假期' },
        ],
      },
      'notes',
    ],
    ['no source', { source: '  ' }, 'source'],
    ['a national source that names no State Council notice', { source: '网上查到的放假安排' }, 'source'],
    ['last year’s notice as the source', { source: '国务院办公厅关于2026年部分节假日安排的通知' }, 'source'],
    ['control characters in the source', { source: '国务院办公厅关于2027年部分节假日安排的通知\u0007' }, 'source'],
  ];

  it.each(refusals)('refuses %s, naming the field, and records nothing', async (_, overrides, field) => {
    const before = await calendar();
    const response = await loadYear(bed.actors, 'admin', year2027(overrides));
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0]!.extensions.field).toBe(field);
    expect(response.errors![0]!.extensions.messages?.zh).toBeTruthy();
    expect(response.errors![0]!.extensions.messages?.en).toMatch(new RegExp(field === 'year' ? 'year' : `${field}|source|note|day`));
    expect(await calendar()).toEqual(before);
  });

  it('is for administrators alone: anyone else is FORBIDDEN, and nothing is recorded', async () => {
    const before = await calendar();
    for (const user of ['cq.reviewer', 'joint.coordinator', 'auditor'] as const)
      expect(codes(await loadYear(bed.actors, user, year2027()))).toEqual(['FORBIDDEN']);
    expect(await calendar()).toEqual(before);
  });

  it('records each load as the next revision of its year and region, keeping the earlier ones, and shows who loaded it from what', async () => {
    const first = succeeded(await loadYear(bed.actors, 'admin', year2027({ workingDays: [] }))).loadCalendarYear;
    expect(first).toMatchObject({
      year: 2027,
      region: 'NATIONAL',
      revision: 1,
      origin: 'API',
      inForce: true,
      loadedBy: 'admin',
      workingDays: [],
      source: '国务院办公厅关于2027年部分节假日安排的通知',
    });
    const corrected = succeeded(
      await loadYear(bed.actors, 'admin', year2027({ source: '国务院办公厅关于2027年部分节假日安排的通知（更正）' })),
    ).loadCalendarYear;
    expect(corrected).toMatchObject({ revision: 2, inForce: true, workingDays: ['2027-02-20'] });
    const chengdu = succeeded(
      await loadYear(bed.actors, 'admin', { year: 2027, region: 'CHENGDU', nonWorkingDays: [], workingDays: [], source: '成都市人民政府办公厅通知' }),
    ).loadCalendarYear;
    expect(chengdu).toMatchObject({ region: 'CHENGDU', revision: 1 });

    const view = await calendar(2027);
    expect(view.coveredYears).toEqual([2026, 2027]);
    expect(view.schedules.map((s) => [s.region, s.revision, s.inForce, s.loadedBy])).toEqual([
      ['NATIONAL', 2, true, 'admin'],
      ['NATIONAL', 1, false, 'admin'],
      ['CHENGDU', 1, true, 'admin'],
    ]);
    expect(view.schedules[1]).toEqual({ ...first, inForce: false });
    expect(Date.parse(view.schedules[0]!.loadedAt!)).toBeGreaterThanOrEqual(Date.parse(first.loadedAt!));
    expect((await calendar()).schedules.map((s) => `${s.year} ${s.origin}`)).toEqual(['2027 API', '2027 API', '2027 API', '2026 FILE']);
  });

  it('gives two loads of the same year at once a revision each, though both read the same revisions first', async () => {
    // Both loads read what is loaded before either writes: one insert takes revision 1, the other the next.
    let arrived = 0;
    let release = (): void => undefined;
    const bothRead = new Promise<void>((resolve) => (release = resolve));
    const store = new (class extends CalendarStore {
      override async all() {
        const loaded = await super.all();
        arrived += 1;
        if (arrived === 2) release();
        if (arrived <= 2) await bothRead;
        return loaded;
      }
    })(bed.database);
    const service = new CalendarService(
      () => parseCalendar(readFileSync('data/calendar.json', 'utf8')),
      store,
      pino({ level: 'silent' }),
      () => undefined,
    );
    const admin: Viewer = { userId: 'admin-id', username: 'admin', agencyId: 'JOINT-OFFICE', region: 'JOINT', roles: ['ADMIN'] };
    const load = (source: string) =>
      service.load(admin, {
        year: 2028,
        region: 'NATIONAL',
        nonWorkingDays: ['2028-01-03'],
        workingDays: [],
        source: `国务院办公厅关于2028年部分节假日安排的通知（${source}）`,
      });
    const loads = await Promise.all([load('甲'), load('乙')]);
    expect(loads.map((loaded) => loaded.revision).sort()).toEqual([1, 2]);
    const kept = (await calendar(2028)).schedules;
    expect(kept.map((s) => [s.revision, s.inForce])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(new Set(kept.map((s) => s.source)).size).toBe(2);
  });

  it('refuses a year out of range when asked for, and an anonymous reader', async () => {
    expect(codes(await readCalendar(bed.actors, 'auditor', 1900))).toEqual(['BAD_USER_INPUT']);
    const anonymous = await fetch(bed.server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ calendar { coveredYears } }' }),
    });
    expect(((await anonymous.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
  });
});
