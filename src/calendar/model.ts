import type { YearSchedule } from './calendar.js';

/** Why a date is listed: required for a weekend day among the non-working days (part of a holiday period, say). */
export interface CalendarNote {
  date: string;
  text: string;
}

/** A year's schedule as an administrator gave it, checked (see `checkCalendarYear`). */
export interface CheckedSchedule extends YearSchedule {
  notes: CalendarNote[];
  /** Where it comes from: for the national schedule, the State Council's notice. */
  source: string;
}

/**
 * One load of a year's schedule for a region, kept for ever: a later load of the same year and region is the
 * next revision and takes its place in the calendar; the earlier one stays as the record of what was in force.
 */
export interface LoadedSchedule extends CheckedSchedule {
  /** 1, 2, … for each load of this year and region. */
  revision: number;
  loadedBy: { userId: string; username: string };
  loadedAt: Date;
}

/** A schedule as the API shows it: loaded through the API, or the seed of the calendar file (revision 0). */
export interface ScheduleView extends CheckedSchedule {
  revision: number;
  origin: 'FILE' | 'API';
  /** The newest revision of its year and region: what due times are counted with. */
  inForce: boolean;
  loadedBy: string | null;
  loadedAt: Date | null;
}

/** The calendar as the API shows it: which years are covered, and every schedule with who loaded it, from what. */
export interface CalendarOverview {
  coveredYears: number[];
  schedules: ScheduleView[];
}
