import type { ScheduleRecord } from './records.js';
import { isDuplicateKeyError, type Database } from './database.js';
import { DuplicateError } from './directory-store.js';

/**
 * The working-day schedules administrators load, append-only: every load is a new document, never changed or
 * removed. The collection stays small (a few schedules a year), so it is read whole.
 */
export class CalendarStore {
  constructor(private readonly database: Database) {}

  /** Every schedule ever loaded, by year, region and revision. */
  async all(): Promise<ScheduleRecord[]> {
    const docs = await this.database.calendarSchedules.find().toArray();
    return docs.map(({ _id, ...schedule }) => schedule).sort((a, b) => a.year - b.year || a.region.localeCompare(b.region) || a.revision - b.revision);
  }

  /** Records a load; DuplicateError when another load took that revision of the year and region first. */
  async insert(schedule: ScheduleRecord): Promise<void> {
    try {
      await this.database.calendarSchedules.insertOne({ _id: `${schedule.year}:${schedule.region}:${schedule.revision}`, ...schedule });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new DuplicateError('revision taken', { cause: error });
      throw error;
    }
  }
}
