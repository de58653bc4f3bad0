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
    expect(shipped.addWorkingDays('CHENGDU', wednesday, 1).toISOString()).toBe('2026-10-08T16:00:00.000Z');
    expect(shipped.addWorkingDays('CHENGDU', wednesday, 3).toISOString()).toBe('2026-10-10T16:00:00.000Z');
    expect(shipped.addWorkingDays('CHENGDU', wednesday, 4).toISOString()).toBe('2026-10-12T16:00:00.000Z');
  });

  it('takes the day in China, not in UTC', () => {
    // 20:00 UTC on 30 September is 04:00 on 1 October in Chengdu.
    expect(chinaDate(new Date('2026-09-30T20:00:00.000Z'))).toBe('2026-10-01');
    expect(shipped.addWorkingDays('CHONGQING', new Date('2026-09-30T20:00:00.000Z'), 1).toISOString()).toBe('2026-10-08T16:00:00.000Z');
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
    expect(calendar.addWorkingDays('CHENGDU', from, 5).toISOString()).toBe('2026-10-09T16:00:00.000Z');
    expect(calendar.addWorkingDays('CHONGQING', from, 5).toISOString()).toBe('2026-10-07T16:00:00.000Z');
  });

  it('refuses a file with bad dates, contradictions or no source, naming every problem', () => {
    const bad = JSON.stringify({ years: [2026], national: { nonWorkingDays: ['2026-02-30', '2026-10-01'], workingDays: ['2026-10-01'] }, CHENGDU: { workingDays: 'x' } });
    expect(() => parseCalendar(bad)).toThrow(CalendarError);
    expect(() => parseCalendar(bad)).toThrow(/source[\s\S]*2026-02-30[\s\S]*2026-10-01 is both[\s\S]*CHENGDU.workingDays must be a list/);
    expect(() => parseCalendar('{')).toThrow(/not JSON/);
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
