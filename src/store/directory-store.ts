import type { Filter } from 'mongodb';
import type { Agency, Region, Role, User } from '../directory/model.js';
import { isDuplicateKeyError, type AgencyDoc, type Database, type UserDoc } from './database.js';

export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
}

export class DuplicateError extends Error {}

const toAgency = ({ _id, ...rest }: AgencyDoc): Agency => ({ id: _id, ...rest });
const toUser = ({ _id, ...rest }: UserDoc): User => ({ id: _id, ...rest });

/** Agencies and users. Every value reaching a filter here is a validated string, never a caller's object. */
export class DirectoryStore {
  constructor(private readonly database: Database) {}

  async insertAgency({ id, ...rest }: Agency): Promise<void> {
    await this.insert(() => this.database.agencies.insertOne({ _id: id, ...rest }));
  }

  async insertUser({ id, ...rest }: User): Promise<void> {
    await this.insert(() => this.database.users.insertOne({ _id: id, ...rest }));
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
    const docs = await this.database.agencies.find(filter).sort({ _id: 1 }).limit(first + 1).toArray();
    return { items: docs.slice(0, first).map(toAgency), hasNextPage: docs.length > first };
  }

  async userById(id: string): Promise<User | undefined> {
    const doc = await this.database.users.findOne({ _id: id });
    return doc === null ? undefined : toUser(doc);
  }

  async userByUsername(username: string): Promise<User | undefined> {
    const doc = await this.database.users.findOne({ username });
    return doc === null ? undefined : toUser(doc);
  }

  async users(agencyId: string | undefined, after: string | undefined, first: number): Promise<Page<User>> {
    const filter: Filter<UserDoc> = {};
    if (agencyId !== undefined) filter.agencyId = agencyId;
    if (after !== undefined) filter.username = { $gt: after };
    const docs = await this.database.users.find(filter).sort({ username: 1 }).limit(first + 1).toArray();
    return { items: docs.slice(0, first).map(toUser), hasNextPage: docs.length > first };
  }

  /** How many enabled users of the agency hold `role` (the users collection is the directory's, and small). */
  async countWithRole(agencyId: string, role: Role): Promise<number> {
    return this.database.users.countDocuments({ agencyId, roles: role, disabled: false });
  }

  /** A directory edit; last writer wins, which is what an administrator setting a value expects. */
  async updateUser(id: string, set: Partial<Pick<User, 'roles' | 'disabled'>>): Promise<User | undefined> {
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
