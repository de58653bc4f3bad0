import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CalendarError, CalendarFile, chinaDate, endOfChinaDay, parseCalendar } from '../../src/calendar/calendar.js';

const shipped = parseCalendar(readFileSync(new URL('../../data/calendar.json', import.meta.url), 'utf8'));

describe('the working-day calendar shipped for 2026', () => {
  it('knows the National Day holiday and the weekend days worked for it (调休)', () => {
    for (const city of ['CHENGDU', 'CHONGQING'] as const) {
      expect(shipped.isWorkingDay(city, '2026-10-01')).toBe(false);
      expect(shipped.isWorkingDay(city, '2026-10-07')).toBe(false);
      expect(shipped.isWorkingDay(city, '2026-10-08')).toBe(true);
      // Saturday 10 October and Sunday 20 September are worked in exchange.
      expect(shipped.isWorkingDay(city, '2026-10-10')).toBe(true);
      expect(shipped.isWorkingDay(city, '2026-09-20')).toBe(true);
      expect(shipped.isWorkingDay(city, '2026-10-11')).toBe(false);
      expect(shipped.isWorkingDay(city, '2026-11-27')).toBe(true);
    }
  });

  it('counts working days across the holiday and the adjusted working day, to 24:00 China time', () => {
    const wednesday = new Date('2026-09-30T02:00:00.000Z'); // 10:00 in China
    expect(shipped.countWorkingDays('CHENGDU', wednesday, 1).dueAt.toISOString()).toBe('2026-10-08T16:00:00.000Z');
    expect(shipped.countWorkingDays('CHENGDU', wednesday, 3).dueAt.toISOString()).toBe('2026-10-10T16:00:00.000Z');
    expect(shipped.countWorkingDays('CHENGDU', wednesday, 4).dueAt.toISOString()).toBe('2026-10-12T16:00:00.000Z');
  });

  it('takes the day in China, not in UTC', () => {
    // 20:00 UTC on 30 September is 04:00 on 1 October in Chengdu.
    expect(chinaDate(new Date('2026-09-30T20:00:00.000Z'))).toBe('2026-10-01');
    expect(shipped.countWorkingDays('CHONGQING', new Date('2026-09-30T20:00:00.000Z'), 1).dueAt.toISOString()).toBe('2026-10-08T16:00:00.000Z');
    expect(endOfChinaDay('2026-12-31').toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });
});

describe('calendars of both cities', () => {
  const calendar = parseCalendar(
    JSON.stringify({
      source: 'test',
      years: [2026],
      national: { nonWorkingDays: ['2026-10-01'], workingDays: [] },
      CHENGDU: { nonWorkingDays: ['2026-10-08'], workingDays: [] },
      CHONGQING: { nonWorkingDays: [], workingDays: ['2026-10-03'] },
    }),
  );

  it('add each city’s own days to the national schedule', () => {
    expect(calendar.isWorkingDay('CHENGDU', '2026-10-08')).toBe(false);
    expect(calendar.isWorkingDay('CHONGQING', '2026-10-08')).toBe(true);
    expect(calendar.isWorkingDay('CHONGQING', '2026-10-03')).toBe(true);
    expect(calendar.isWorkingDay('CHENGDU', '2026-10-03')).toBe(false);
    const from = new Date('2026-09-30T02:00:00.000Z');
    // Chengdu: 2, 5, 6, 7 and (8 off) 9 October; Chongqing: 2, 3 (a Saturday worked), 5, 6, 7 October.
    expect(calendar.countWorkingDays('CHENGDU', from, 5).dueAt.toISOString()).toBe('2026-10-09T16:00:00.000Z');
    expect(calendar.countWorkingDays('CHONGQING', from, 5).dueAt.toISOString()).toBe('2026-10-07T16:00:00.000Z');
  });

  it('refuses a file with bad dates, contradictions or no source, naming every problem', () => {
    const bad = JSON.stringify({
      years: [2026],
      national: { nonWorkingDays: ['2026-02-30', '2026-10-01'], workingDays: ['2026-10-01'] },
      CHENGDU: { workingDays: 'x' },
    });
    expect(() => parseCalendar(bad)).toThrow(CalendarError);
    expect(() => parseCalendar(bad)).toThrow(/source[\s\S]*2026-02-30[\s\S]*2026-10-01 is both[\s\S]*CHENGDU.workingDays must be a list/);
    expect(() => parseCalendar('{')).toThrow(/not JSON/);
  });
});

describe('years the calendar does not cover', () => {
  // Tuesday 29 December 2026, 10:00 in China.
  const reported = new Date('2026-12-29T02:00:00.000Z');

  it('are counted with weekends only, and named', () => {
    // 30, 31 December, then 1 January (a public holiday the calendar does not know), 4 and 5 January.
    expect(shipped.countWorkingDays('CHENGDU', reported, 5)).toEqual({ dueAt: new Date('2027-01-05T16:00:00.000Z'), unloadedYears: [2027] });
    expect(shipped.countWorkingDays('CHENGDU', reported, 2)).toEqual({ dueAt: new Date('2026-12-31T16:00:00.000Z'), unloadedYears: [] });
    expect(shipped.covers(2026)).toBe(true);
    expect(shipped.covers(2027)).toBe(false);
  });

  it('are covered once their national schedule is added; a city’s own days alone do not cover a year', () => {
    const cityOnly = shipped.withSchedules([{ year: 2027, region: 'CHONGQING', nonWorkingDays: ['2027-01-04'], workingDays: [] }]);
    expect(cityOnly.countWorkingDays('CHONGQING', reported, 5)).toEqual({ dueAt: new Date('2027-01-06T16:00:00.000Z'), unloadedYears: [2027] });
    const loaded = cityOnly.withSchedules([{ year: 2027, region: 'NATIONAL', nonWorkingDays: ['2027-01-01'], workingDays: [] }]);
    expect(loaded.years).toEqual([2026, 2027]);
    expect(loaded.countWorkingDays('CHENGDU', reported, 5)).toEqual({ dueAt: new Date('2027-01-06T16:00:00.000Z'), unloadedYears: [] });
    // Chongqing's own day off on 4 January still adds to the national schedule.
    expect(loaded.countWorkingDays('CHONGQING', reported, 5)).toEqual({ dueAt: new Date('2027-01-07T16:00:00.000Z'), unloadedYears: [] });
  });

  it('replace the file’s days of that year and region, and nothing else', () => {
    const replaced = shipped.withSchedules([{ year: 2026, region: 'NATIONAL', nonWorkingDays: ['2026-12-31'], workingDays: [] }]);
    expect(replaced.isWorkingDay('CHENGDU', '2026-12-31')).toBe(false);
    expect(replaced.isWorkingDay('CHENGDU', '2026-10-01')).toBe(true);
    expect(replaced.years).toEqual([2026]);
  });
});

describe('the calendar file an administrator updates', () => {
  it('is read again when it changes; a bad update is reported and the calendar in force stays', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'twincity-calendar-')), 'calendar.json');
    const write = (nonWorkingDays: string[], seconds: number) => {
      writeFileSync(file, JSON.stringify({ source: 'test', years: [2026], national: { nonWorkingDays, workingDays: [] } }));
      utimesSync(file, seconds, seconds);
    };
    write([], 1_000);
    const errors: Error[] = [];
    const source = new CalendarFile(file, (error) => errors.push(error));
    expect(source.current().isWorkingDay('CHENGDU', '2026-12-01')).toBe(true);

    write(['2026-12-01'], 2_000);
    expect(source.current().isWorkingDay('CHENGDU', '2026-12-01')).toBe(false);

    writeFileSync(file, '{ "source": "broken"');
    utimesSync(file, 3_000, 3_000);
    expect(source.current().isWorkingDay('CHENGDU', '2026-12-01')).toBe(false);
    expect(errors.map((error) => error.message)).toEqual([expect.stringMatching(/not JSON/)]);
  });
});
