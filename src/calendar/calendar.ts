import { statSync, readFileSync } from 'node:fs';
import type { Region } from '../../workflows/types.js';

/**
 * 工作日历: which days are working days in each city. Weekends are rest days and Monday to Friday working days,
 * except where the national schedule (or a city's own) says otherwise: public holidays, and the weekend days
 * worked in exchange for them (调休). Both cities follow the national schedule; a city's entries add to it.
 */

export type City = Exclude<Region, 'JOINT'>;
const cities: readonly City[] = ['CHENGDU', 'CHONGQING'];

interface DayRules {
  nonWorkingDays: string[];
  workingDays: string[];
}

export class CalendarError extends Error {}

const dayMs = 86_400_000;
/** China Standard Time, UTC+8 all year. */
const chinaOffsetMs = 8 * 3_600_000;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar date in China at `instant`, YYYY-MM-DD. */
export const chinaDate = (instant: Date): string => new Date(instant.getTime() + chinaOffsetMs).toISOString().slice(0, 10);

/** The end of a China calendar day (24:00 there), as an instant: what a due date means. */
export const endOfChinaDay = (date: string): Date => new Date(Date.parse(`${date}T00:00:00.000Z`) + dayMs - chinaOffsetMs);

const nextDate = (date: string): string => new Date(Date.parse(`${date}T00:00:00.000Z`) + dayMs).toISOString().slice(0, 10);

function validDate(value: unknown): value is string {
  return typeof value === 'string' && isoDate.test(value) && new Date(`${value}T00:00:00.000Z`).toISOString().slice(0, 10) === value;
}

export class WorkingCalendar {
  private readonly rest: Record<City, Set<string>>;
  private readonly work: Record<City, Set<string>>;

  constructor(
    readonly source: string,
    readonly years: readonly number[],
    national: DayRules,
    local: Record<City, DayRules>,
  ) {
    const join = (city: City, field: keyof DayRules) => new Set([...national[field], ...local[city][field]]);
    this.rest = { CHENGDU: join('CHENGDU', 'nonWorkingDays'), CHONGQING: join('CHONGQING', 'nonWorkingDays') };
    this.work = { CHENGDU: join('CHENGDU', 'workingDays'), CHONGQING: join('CHONGQING', 'workingDays') };
  }

  isWorkingDay(city: City, date: string): boolean {
    if (this.work[city].has(date)) return true;
    if (this.rest[city].has(date)) return false;
    const weekday = new Date(`${date}T00:00:00.000Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /**
   * When a period of `days` working days that starts at `from` ends: the end (24:00 China time) of the
   * `days`-th working day after the day `from` falls on in China.
   */
  addWorkingDays(city: City, from: Date, days: number): Date {
    let date = chinaDate(from);
    for (let counted = 0; counted < days; ) {
      date = nextDate(date);
      if (this.isWorkingDay(city, date)) counted += 1;
    }
    return endOfChinaDay(date);
  }
}

/** Reads a calendar file's text, reporting every problem in it at once. */
export function parseCalendar(text: string): WorkingCalendar {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new CalendarError(`the calendar is not JSON: ${(error as Error).message}`);
  }
  const problems: string[] = [];
  const data = (raw ?? {}) as Record<string, unknown>;
  const rules = (name: string, value: unknown): DayRules => {
    const entry = (value ?? {}) as Record<string, unknown>;
    const list = (field: keyof DayRules): string[] => {
      const dates = entry[field] ?? [];
      if (!Array.isArray(dates)) {
        problems.push(`${name}.${field} must be a list of dates`);
        return [];
      }
      for (const date of dates) if (!validDate(date)) problems.push(`${name}.${field}: ${JSON.stringify(date)} is not a date (YYYY-MM-DD)`);
      return dates.filter(validDate);
    };
    const result = { nonWorkingDays: list('nonWorkingDays'), workingDays: list('workingDays') };
    for (const date of result.workingDays) if (result.nonWorkingDays.includes(date)) problems.push(`${name}: ${date} is both a working and a non-working day`);
    return result;
  };
  const source = typeof data.source === 'string' ? data.source : '';
  if (source === '') problems.push('source must say where the schedule comes from');
  const years = Array.isArray(data.years) && data.years.every((year) => Number.isInteger(year)) ? (data.years as number[]) : [];
  if (years.length === 0) problems.push('years must list the years the schedule covers');
  const national = rules('national', data.national);
  const local = Object.fromEntries(cities.map((city) => [city, rules(city, data[city])])) as Record<City, DayRules>;
  if (problems.length > 0) throw new CalendarError(`invalid calendar:\n  - ${problems.join('\n  - ')}`);
  return new WorkingCalendar(source, years, national, local);
}

/**
 * The calendar file an administrator maintains: read at start (a bad file stops the server), and read again
 * whenever it changes; a bad update is reported and the calendar in force stays.
 */
export class CalendarFile {
  private calendar: WorkingCalendar;
  private modified: number;

  constructor(
    private readonly file: string,
    private readonly onError: (error: Error) => void,
  ) {
    this.modified = statSync(file).mtimeMs;
    this.calendar = parseCalendar(readFileSync(file, 'utf8'));
  }

  current(): WorkingCalendar {
    try {
      const modified = statSync(this.file).mtimeMs;
      if (modified !== this.modified) {
        this.modified = modified;
        this.calendar = parseCalendar(readFileSync(this.file, 'utf8'));
      }
    } catch (error) {
      this.onError(error as Error);
    }
    return this.calendar;
  }
}
