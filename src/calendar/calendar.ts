import { statSync, readFileSync } from 'node:fs';
import type { Region } from '../../workflows/types.js';

/**
 * 工作日历: which days are working days in each city. Weekends are rest days and Monday to Friday working days,
 * except where the national schedule (or a city's own) says otherwise: public holidays, and the weekend days
 * worked in exchange for them (调休). Both cities follow the national schedule; a city's entries add to it.
 */

export type City = Exclude<Region, 'JOINT'>;
const cities: readonly City[] = ['CHENGDU', 'CHONGQING'];

/** Whose schedule: the national one (the State Council's notice), or a city's own additions to it. */
export type CalendarRegion = 'NATIONAL' | City;

export interface DayRules {
  nonWorkingDays: string[];
  workingDays: string[];
}

/** One year's schedule of one region, replacing whatever the calendar held for that year and region. */
export interface YearSchedule extends DayRules {
  year: number;
  region: CalendarRegion;
}

/** When a period of working days ends, and the years it was counted through that the calendar does not cover. */
export interface Period {
  dueAt: Date;
  /** Ascending; empty when every day counted was in a covered year. There only weekends were rest days. */
  unloadedYears: number[];
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

/** The year of a date YYYY-MM-DD. */
export const yearOf = (date: string): number => Number(date.slice(0, 4));

/** Saturday or Sunday: a rest day unless a schedule makes it a working day. */
export function isWeekend(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00.000Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** A calendar date YYYY-MM-DD (ISO 8601 / RFC 3339 full-date) that exists: 2026-02-30 does not. */
export function isCalendarDate(value: unknown): value is string {
  return typeof value === 'string' && isoDate.test(value) && new Date(`${value}T00:00:00.000Z`).toISOString().slice(0, 10) === value;
}

export class WorkingCalendar {
  private readonly rest: Record<City, Set<string>>;
  private readonly work: Record<City, Set<string>>;
  private readonly covered: Set<number>;

  /** `years`: those whose national schedule the rules hold; counting through any other year is flagged. */
  constructor(
    readonly source: string,
    readonly years: readonly number[],
    readonly national: DayRules,
    readonly local: Record<City, DayRules>,
  ) {
    const join = (city: City, field: keyof DayRules) => new Set([...national[field], ...local[city][field]]);
    this.rest = { CHENGDU: join('CHENGDU', 'nonWorkingDays'), CHONGQING: join('CHONGQING', 'nonWorkingDays') };
    this.work = { CHENGDU: join('CHENGDU', 'workingDays'), CHONGQING: join('CHONGQING', 'workingDays') };
    this.covered = new Set(years);
  }

  isWorkingDay(city: City, date: string): boolean {
    if (this.work[city].has(date)) return true;
    if (this.rest[city].has(date)) return false;
    return !isWeekend(date);
  }

  /** Whether the national schedule of `year` is known. */
  covers(year: number): boolean {
    return this.covered.has(year);
  }

  /**
   * When a period of `days` working days that starts at `from` ends: the end (24:00 China time) of the
   * `days`-th working day after the day `from` falls on in China. Through a year the calendar does not cover
   * it still counts (only weekends rest there) and names that year, so that the due time can be flagged.
   */
  countWorkingDays(city: City, from: Date, days: number): Period {
    const unloaded = new Set<number>();
    let date = chinaDate(from);
    for (let counted = 0; counted < days;) {
      date = nextDate(date);
      if (!this.covers(yearOf(date))) unloaded.add(yearOf(date));
      if (this.isWorkingDay(city, date)) counted += 1;
    }
    return { dueAt: endOfChinaDay(date), unloadedYears: [...unloaded].sort((a, b) => a - b) };
  }

  /**
   * This calendar with each schedule replacing the days it held for that year and region. A national schedule
   * makes its year covered; a city's alone does not (a city's entries only add to the national schedule).
   */
  withSchedules(schedules: readonly YearSchedule[]): WorkingCalendar {
    const replaced = (rules: DayRules, region: CalendarRegion): DayRules => {
      const own = schedules.filter((schedule) => schedule.region === region);
      const years = new Set(own.map((schedule) => schedule.year));
      const merge = (field: keyof DayRules) => [...rules[field].filter((date) => !years.has(yearOf(date))), ...own.flatMap((schedule) => schedule[field])];
      return { nonWorkingDays: merge('nonWorkingDays'), workingDays: merge('workingDays') };
    };
    const years = new Set([...this.years, ...schedules.filter((schedule) => schedule.region === 'NATIONAL').map((schedule) => schedule.year)]);
    return new WorkingCalendar(
      this.source,
      [...years].sort((a, b) => a - b),
      replaced(this.national, 'NATIONAL'),
      { CHENGDU: replaced(this.local.CHENGDU, 'CHENGDU'), CHONGQING: replaced(this.local.CHONGQING, 'CHONGQING') },
    );
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
      for (const date of dates) if (!isCalendarDate(date)) problems.push(`${name}.${field}: ${JSON.stringify(date)} is not a date (YYYY-MM-DD)`);
      return dates.filter(isCalendarDate);
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
