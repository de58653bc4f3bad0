import type { Filter } from 'mongodb';
import type { Region, Role } from '../../workflows/types.js';
import type { Agency, Page, User } from './records.js';
import { isDuplicateKeyError, type AgencyDoc, type Database, type UserDoc } from './database.js';

export class DuplicateError extends Error {}

const toAgency = ({ _id, ...rest }: AgencyDoc): Agency => ({ id: _id, ...rest });
const toUser = ({ _id, ...rest }: UserDoc): User => ({ id: _id, ...rest });

/** Agencies and users. Every value reaching a filter here is a validated string, never a caller's object. */
export class DirectoryStore {
  constructor(private readonly database: Database) {}

  async insertAgency({ id, ...rest }: Agency): Promise<void> {
    await this.insert(() => this.database.agencies.insertOne({ _id: id, ...rest }));
  }

  /** The user, then the record that finds it by username (the unique username index on users guards both). */
  async insertUser({ id, ...rest }: User): Promise<void> {
    await this.insert(() => this.database.users.insertOne({ _id: id, ...rest }));
    await this.recordUsername(rest.username, id);
  }

  async agency(id: string): Promise<Agency | undefined> {
    const doc = await this.database.agencies.findOne({ _id: id });
    return doc === null ? undefined : toAgency(doc);
  }

  async agenciesByIds(ids: readonly string[]): Promise<Agency[]> {
    const docs = await this.database.agencies.find({ _id: { $in: [...ids] } }).toArray();
    return docs.map(toAgency);
  }

  async agencies(region: Region | undefined, after: string | undefined, first: number): Promise<Page<Agency>> {
    const filter: Filter<AgencyDoc> = {};
    if (region !== undefined) filter.region = region;
    if (after !== undefined) filter._id = { $gt: after };
    const docs = await this.database.agencies
      .find(filter)
      .sort({ _id: 1 })
      .limit(first + 1)
      .toArray();
    return { items: docs.slice(0, first).map(toAgency), hasNextPage: docs.length > first };
  }

  async userById(id: string): Promise<User | undefined> {
    const doc = await this.database.users.findOne({ _id: id });
    return doc === null ? undefined : toUser(doc);
  }

  /**
   * Sign-in's lookup: the username's record, then the user, both by `_id`. A user without a record (created before
   * records were kept, or by a process that died between the two inserts) is found by a query on the small users
   * collection, and recorded.
   */
  async userByUsername(username: string): Promise<User | undefined> {
    const record = await this.database.usernames.findOne({ _id: username });
    if (record !== null) return this.userById(record.userId);
    const doc = await this.database.users.findOne({ username });
    if (doc === null) return undefined;
    await this.recordUsername(username, doc._id);
    return toUser(doc);
  }

  private async recordUsername(username: string, userId: string): Promise<void> {
    try {
      await this.database.usernames.insertOne({ _id: username, userId });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async users(agencyId: string | undefined, after: string | undefined, first: number): Promise<Page<User>> {
    const filter: Filter<UserDoc> = {};
    if (agencyId !== undefined) filter.agencyId = agencyId;
    if (after !== undefined) filter.username = { $gt: after };
    const docs = await this.database.users
      .find(filter)
      .sort({ username: 1 })
      .limit(first + 1)
      .toArray();
    return { items: docs.slice(0, first).map(toUser), hasNextPage: docs.length > first };
  }

  /** How many enabled users of the agency hold `role` (the users collection is the directory's, and small). */
  async countWithRole(agencyId: string, role: Role): Promise<number> {
    return this.database.users.countDocuments({ agencyId, roles: role, disabled: false });
  }

  /** A directory edit; last writer wins, which is what an administrator setting a value expects. */
  async updateUser(id: string, set: Partial<Pick<User, 'roles' | 'disabled' | 'disablings'>>): Promise<User | undefined> {
    await this.database.users.updateOne({ _id: id }, { $set: { ...set, updatedAt: new Date() } });
    return this.userById(id);
  }

  private async insert(write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new DuplicateError('already exists', { cause: error });
      throw error;
    }
  }
}
