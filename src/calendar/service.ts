import type { Logger } from 'pino';
import { requireRole, requireViewer } from '../auth/permissions.js';
import type { Viewer } from '../directory/model.js';
import { AppError } from '../errors.js';
import type { CalendarStore } from '../store/calendar-store.js';
import { DuplicateError } from '../store/directory-store.js';
import { yearOf, type CalendarRegion, type City, type DayRules, type WorkingCalendar } from './calendar.js';
import type { CalendarOverview, LoadedSchedule, ScheduleView } from './model.js';
import { checkCalendarYear, checkYear, type CalendarYearInput } from './validation.js';

/** A due time counted in working days: the instant (RFC 3339), the city counted in, and the years it rests on unloaded. */
export interface DueTime {
  dueAt: string;
  city: City;
  unloadedYears: number[];
}

/** The field an event carries with a due time counted through unloaded years (absent otherwise, as before). */
export const unloadedYearsField = (due: DueTime): { unloadedYears?: number[] } => (due.unloadedYears.length === 0 ? {} : { unloadedYears: due.unloadedYears });

const regions: readonly CalendarRegion[] = ['NATIONAL', 'CHENGDU', 'CHONGQING'];
const sameYear = (a: { year: number; region: CalendarRegion }, b: { year: number; region: CalendarRegion }) => a.year === b.year && a.region === b.region;

/** The newest revision of each year and region: what is in force. */
const inForce = (loaded: readonly LoadedSchedule[]): LoadedSchedule[] =>
  loaded.filter((schedule) => !loaded.some((other) => sameYear(other, schedule) && other.revision > schedule.revision));

const apiView = (schedule: LoadedSchedule, current: boolean): ScheduleView => ({
  ...schedule,
  origin: 'API',
  inForce: current,
  loadedBy: schedule.loadedBy.username,
  loadedAt: schedule.loadedAt,
});

/** The calendar file's days of each year it covers, as schedules: the national one, and a city's where it has any. */
function fileViews(file: WorkingCalendar, loaded: readonly LoadedSchedule[]): ScheduleView[] {
  const ofYear = (rules: DayRules, year: number): DayRules => ({
    nonWorkingDays: rules.nonWorkingDays.filter((date) => yearOf(date) === year),
    workingDays: rules.workingDays.filter((date) => yearOf(date) === year),
  });
  return file.years.flatMap((year) =>
    regions.flatMap((region) => {
      const days = ofYear(region === 'NATIONAL' ? file.national : file.local[region], year);
      if (region !== 'NATIONAL' && days.nonWorkingDays.length + days.workingDays.length === 0) return [];
      const replaced = loaded.some((schedule) => sameYear(schedule, { year, region }));
      return [
        { year, region, ...days, notes: [], source: file.source, revision: 0, origin: 'FILE' as const, inForce: !replaced, loadedBy: null, loadedAt: null },
      ];
    }),
  );
}

/**
 * The working-day calendar in force: the calendar file (the seed, and the default for every year and region not
 * loaded through the API) with the newest schedule administrators loaded for each year and region. Every server
 * reads the loaded schedules from the database whenever it counts a due time, so a load is used by all at once.
 */
export class CalendarService {
  /** `caseId:year` already logged by this server. */
  private readonly logged = new Set<string>();

  constructor(
    private readonly file: () => WorkingCalendar,
    private readonly store: CalendarStore,
    private readonly logger: Logger,
    /** Counts one due time resting on an unloaded year (the /metrics counter). */
    private readonly countIncomplete: (city: City, year: number) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The calendar in force now. */
  private async calendar(): Promise<WorkingCalendar> {
    return this.file().withSchedules(inForce(await this.store.all()));
  }

  /** The end of `days` working days of `city` after `from` (see `WorkingCalendar.countWorkingDays`). */
  async dueTime(city: City, from: Date, days: number): Promise<DueTime> {
    const { dueAt, unloadedYears } = (await this.calendar()).countWorkingDays(city, from, days);
    return { dueAt: dueAt.toISOString(), city, unloadedYears };
  }

  /**
   * Notes a due time just recorded on a case (`subject`: the milestone or inspection). One that rests on an unloaded
   * year is counted, and logged once per case and year by this server, for an administrator to load the year.
   */
  recorded<T extends { id: string }>(state: T, subject: string, due: DueTime): T {
    for (const year of due.unloadedYears) {
      this.countIncomplete(due.city, year);
      const key = `${state.id}:${year}`;
      if (this.logged.has(key)) continue;
      this.logged.add(key);
      this.logger.warn(
        { caseId: state.id, subject, city: due.city, year, dueAt: due.dueAt },
        'due time counted through a year the calendar does not cover (weekends only): load that year',
      );
    }
    return state;
  }

  /**
   * Administrators: records `input` as the next revision of its year and region (checked by `checkCalendarYear`),
   * which due times counted from then on use; the earlier revisions stay. FORBIDDEN for anyone else.
   */
  async load(viewer: Viewer | undefined, input: CalendarYearInput): Promise<ScheduleView> {
    const admin = requireRole(viewer, 'ADMIN');
    const checked = checkCalendarYear(input);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const revisions = (await this.store.all()).filter((schedule) => sameYear(schedule, checked)).map((schedule) => schedule.revision);
      const loaded: LoadedSchedule = {
        ...checked,
        revision: Math.max(0, ...revisions) + 1,
        loadedBy: { userId: admin.userId, username: admin.username },
        loadedAt: this.now(),
      };
      try {
        await this.store.insert(loaded);
      } catch (error) {
        // Another load of the same year and region took this revision: this one becomes the revision after it.
        if (error instanceof DuplicateError) continue;
        throw error;
      }
      this.logger.info(
        { year: loaded.year, region: loaded.region, revision: loaded.revision, by: admin.username, source: loaded.source },
        'calendar year loaded',
      );
      return apiView(loaded, true);
    }
    throw new AppError('VERSION_CONFLICT', { zh: '同一年份正被同时载入，请重试', en: 'The same year is being loaded by others at once: try again' });
  }

  /**
   * Which years are covered, and every schedule (of `year`, or all): the file's and every revision loaded, with
   * who loaded it, when and from what source; newest year first, national first, newest revision first.
   */
  async overview(viewer: Viewer | undefined, year?: number | null): Promise<CalendarOverview> {
    requireViewer(viewer);
    const only = year == null ? undefined : checkYear(year);
    const loaded = await this.store.all();
    const current = inForce(loaded);
    const file = this.file();
    const schedules = [...fileViews(file, loaded), ...loaded.map((schedule) => apiView(schedule, current.includes(schedule)))]
      .filter((schedule) => only === undefined || schedule.year === only)
      .sort((a, b) => b.year - a.year || regions.indexOf(a.region) - regions.indexOf(b.region) || b.revision - a.revision);
    return { coveredYears: [...file.withSchedules(current).years], schedules };
  }
}
