import type { Actors, DemoUser } from './cases.js';
import type { GraphQLResponse } from './graphql.js';

/** A national schedule for 2027 as an administrator would load it: New Year's Day off, with its weekend. */
export const year2027 = (overrides: Record<string, unknown> = {}) => ({
  year: 2027,
  region: 'NATIONAL',
  nonWorkingDays: ['2027-01-01', '2027-01-02', '2027-01-03'],
  workingDays: ['2027-02-20'],
  notes: [
    { date: '2027-01-02', text: '元旦假期' },
    { date: '2027-01-03', text: '元旦假期' },
  ],
  source: '国务院办公厅关于2027年部分节假日安排的通知',
  ...overrides,
});

export const SCHEDULE_FIELDS = 'year region revision origin inForce nonWorkingDays workingDays notes { date text } source loadedBy loadedAt';

export interface ScheduleView {
  year: number;
  region: string;
  revision: number;
  origin: string;
  inForce: boolean;
  nonWorkingDays: string[];
  workingDays: string[];
  notes: { date: string; text: string }[];
  source: string;
  loadedBy: string | null;
  loadedAt: string | null;
}

export const loadYear = (actors: Actors, user: DemoUser, input: Record<string, unknown>): Promise<GraphQLResponse<{ loadCalendarYear: ScheduleView }>> =>
  actors.query(user, `mutation($i: LoadCalendarYearInput!) { loadCalendarYear(input: $i) { ${SCHEDULE_FIELDS} } }`, { i: input });

export const readCalendar = (
  actors: Actors,
  user: DemoUser,
  year?: number,
): Promise<GraphQLResponse<{ calendar: { coveredYears: number[]; schedules: ScheduleView[] } }>> =>
  actors.query(user, `query($y: Int) { calendar(year: $y) { coveredYears schedules { ${SCHEDULE_FIELDS} } } }`, { y: year ?? null });
