import { MongoClient, MongoServerError, type Collection, type Db, type IndexDescription } from 'mongodb';
import type { Agency, User } from '../directory/model.js';

type Stored<T extends { id: string }> = Omit<T, 'id'> & { _id: string };
export type AgencyDoc = Stored<Agency>;
export type UserDoc = Stored<User>;

interface IndexSpec extends IndexDescription {
  name: string;
}

/**
 * The indexes correctness rests on. On FerretDB an update is read-modify-write, so uniqueness
 * (and every commit point built on it) holds only where a unique index guards an insert.
 */
const requiredIndexes: Record<string, IndexSpec[]> = {
  users: [{ name: 'username_unique', key: { username: 1 }, unique: true }, { name: 'agency', key: { agencyId: 1 } }],
  agencies: [{ name: 'region', key: { region: 1 } }],
};

export class MissingIndexError extends Error {}

export class Database {
  readonly agencies: Collection<AgencyDoc>;
  readonly users: Collection<UserDoc>;

  private constructor(
    private readonly client: MongoClient,
    readonly db: Db,
  ) {
    this.agencies = db.collection<AgencyDoc>('agencies');
    this.users = db.collection<UserDoc>('users');
  }

  static async connect(uri: string, dbName: string): Promise<Database> {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000, connectTimeoutMS: 10_000 });
    await client.connect();
    return new Database(client, client.db(dbName));
  }

  /**
   * Creates the indexes that are missing, then reads them back: the server refuses to run on a database
   * without them. Only missing ones are created: FerretDB's SQLite backend panics on createIndexes for an
   * index it loaded from disk at start.
   */
  async prepareIndexes(): Promise<void> {
    for (const [name, specs] of Object.entries(requiredIndexes)) {
      const present = new Set((await this.indexes(name)).map((index) => index.name));
      const missing = specs.filter((spec) => !present.has(spec.name));
      if (missing.length > 0) await this.db.collection(name).createIndexes(missing);
    }
    await this.verifyIndexes();
  }

  async verifyIndexes(): Promise<void> {
    const missing: string[] = [];
    for (const [name, specs] of Object.entries(requiredIndexes)) {
      const present = await this.indexes(name);
      for (const spec of specs) {
        const found = present.find((index) => index.name === spec.name);
        if (found === undefined || (spec.unique === true && found.unique !== true)) missing.push(`${name}.${spec.name}`);
      }
    }
    if (missing.length > 0) throw new MissingIndexError(`required indexes missing: ${missing.join(', ')}`);
  }

  private indexes(collection: string): Promise<{ name?: string; unique?: boolean }[]> {
    return this.db
      .collection(collection)
      .listIndexes()
      .toArray()
      .catch((error: unknown) => {
        if (error instanceof MongoServerError && error.codeName === 'NamespaceNotFound') return [];
        throw error;
      });
  }

  /** True when the database answers a ping within `timeoutMs`. */
  async ping(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([this.db.command({ ping: 1 }).then(() => true), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/**
 * MongoDB reports a unique-index violation as code 11000; FerretDB does on inserts, but on some updates
 * answers code 1 with the backend's "duplicate key" / "UNIQUE constraint" text. Both mean the same.
 */
export function isDuplicateKeyError(error: unknown): boolean {
  if (!(error instanceof MongoServerError)) return false;
  return error.code === 11000 || (error.code === 1 && /duplicate key|UNIQUE constraint/i.test(error.message));
}
