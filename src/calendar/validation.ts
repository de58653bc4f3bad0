import { checkDate } from '../cases/commands.js';
import { checkText, checkWholeNumber } from '../directory/validation.js';
import { badInput } from '../errors.js';
import { isWeekend, yearOf, type CalendarRegion } from './calendar.js';
import type { CalendarNote, CheckedSchedule } from './model.js';

export interface CalendarYearInput {
  year: number;
  region: CalendarRegion;
  nonWorkingDays: readonly string[];
  workingDays: readonly string[];
  notes?: readonly CalendarNote[] | null;
  source: string;
}

/** The years a schedule may be loaded for. */
export const checkYear = (year: number): number => checkWholeNumber('year', year, 2000, 2100);

/**
 * The national notice is the State Council General Office's 《国务院办公厅关于YYYY年部分节假日安排的通知》:
 * its source must name the State Council and the year, so that last year's text pasted again is caught.
 */
const namesStateCouncilNotice = (source: string, year: number): boolean => /国务院|国办|State Council/i.test(source) && source.includes(String(year));

/** Dates of one list: real dates, in the year, each once. */
function checkDates(field: 'nonWorkingDays' | 'workingDays', dates: readonly string[], year: number): string[] {
  if (dates.length > 366) throw badInput(`${field} 至多 366 天`, `${field} holds at most 366 days`, { field });
  const seen = new Set<string>();
  for (const date of dates) {
    checkDate(field, date);
    if (yearOf(date) !== year) throw badInput(`${field} 中的 ${date} 不在 ${year} 年`, `${field}: ${date} is not in ${year}`, { field, date });
    if (seen.has(date)) throw badInput(`${field} 中的 ${date} 重复`, `${field}: ${date} is listed twice`, { field, date });
    seen.add(date);
  }
  return [...seen].sort();
}

/**
 * Checks a year's schedule before it is loaded; the first problem is refused as BAD_USER_INPUT naming its field
 * (and date). The rules follow how the State Council's notices are written: holidays are days off (放假), and the
 * days worked in exchange (调休上班) are always a Saturday or Sunday, so a weekday among `workingDays` is a mistake.
 * A weekend day is a rest day already: listed among `nonWorkingDays` it needs a note saying why (it is part of a
 * holiday period, say), or it is taken for a typing error. A date is never both; a note belongs to a listed date.
 * The national schedule has at least one holiday and a source naming the State Council's notice of that year.
 */
export function checkCalendarYear(input: CalendarYearInput): CheckedSchedule {
  const year = checkYear(input.year);
  const { region } = input;
  const source = checkText('source', input.source, { max: 500 });
  if (region === 'NATIONAL' && !namesStateCouncilNotice(source, year)) {
    throw badInput(
      `全国安排的来源须写明国务院办公厅通知及其年份（如《国务院办公厅关于${year}年部分节假日安排的通知》）`,
      `The national schedule's source must name the State Council notice and its year (for example 国务院办公厅关于${year}年部分节假日安排的通知)`,
      { field: 'source' },
    );
  }
  const nonWorkingDays = checkDates('nonWorkingDays', input.nonWorkingDays, year);
  const workingDays = checkDates('workingDays', input.workingDays, year);
  if (region === 'NATIONAL' && nonWorkingDays.length === 0) {
    throw badInput('全国安排须列出节假日', 'The national schedule lists its public holidays', { field: 'nonWorkingDays' });
  }
  const both = workingDays.find((date) => nonWorkingDays.includes(date));
  if (both !== undefined)
    throw badInput(`${both} 不能既是休息日又是工作日`, `${both} cannot be both a non-working and a working day`, { field: 'workingDays', date: both });
  const weekday = workingDays.find((date) => !isWeekend(date));
  if (weekday !== undefined) {
    throw badInput(`调休上班日 ${weekday} 不是周末：工作日本来就上班`, `Working day ${weekday} is not a Saturday or Sunday: weekdays are worked anyway`, {
      field: 'workingDays',
      date: weekday,
    });
  }
  const notes = (input.notes ?? []).map((note) => ({ date: checkDate('notes', note.date), text: checkText('notes', note.text, { max: 200 }) }));
  const stray = notes.find((note) => !nonWorkingDays.includes(note.date) && !workingDays.includes(note.date));
  if (stray !== undefined)
    throw badInput(`说明所指的 ${stray.date} 未列入本年安排`, `The note on ${stray.date} is for a date the schedule does not list`, {
      field: 'notes',
      date: stray.date,
    });
  const unexplained = nonWorkingDays.find((date) => isWeekend(date) && !notes.some((note) => note.date === date));
  if (unexplained !== undefined) {
    throw badInput(
      `休息日 ${unexplained} 是周末，本来就休息：请在 notes 中说明为何列入（如属节假日期间）`,
      `Non-working day ${unexplained} is a weekend day, a rest day anyway: say why it is listed in notes (part of a holiday period, say)`,
      { field: 'nonWorkingDays', date: unexplained },
    );
  }
  return { year, region, nonWorkingDays, workingDays, notes, source };
}
