import {
  MongoClient,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  type Collection,   type CommandStartedEvent,
  type Db,
  type IndexDescription,
} from 'mongodb';
import type { CaseEvent, CaseHead, CaseSummary, Checkpoint, Countersignature, DocumentVersion, SigningKey, StoredSignature } from '../cases/model.js';
import type { Agency, User } from '../directory/model.js';

type Stored<T extends { id: string }> = Omit<T, 'id'> & { _id: string };
export type AgencyDoc = Stored<Agency>;
export type UserDoc = Stored<User>;
export type EventDoc = CaseEvent & { _id: string };
export type CaseDoc = Stored<CaseSummary>;
export type VersionDoc = Stored<DocumentVersion>;
export type SignatureDoc = Stored<StoredSignature>;
export type KeyDoc = Stored<SigningKey>;
export type CheckpointDoc = Omit<Checkpoint, 'number'> & { _id: number };
export type LeafDoc = CaseHead & { _id: string; checkpointId: string; index: number };
export type CountersignatureDoc = Stored<Countersignature>;

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
  // (caseId, seq) unique is the commit point of every transition: of two writers of the same seq, one wins.
  events: [
    { name: 'case_seq_unique', key: { caseId: 1, seq: 1 }, unique: true },
    { name: 'idempotency_unique', key: { idempotencyKey: 1 }, unique: true },
    // History search across cases: each filter field leads an index that ends in the (at, _id) order.
    { name: 'at', key: { at: 1, _id: 1 } },
    { name: 'actor_region_at', key: { 'actor.region': 1, at: 1, _id: 1 } },
    { name: 'actor_agency_at', key: { 'actor.agencyId': 1, at: 1, _id: 1 } },
    { name: 'actor_username_at', key: { 'actor.username': 1, at: 1, _id: 1 } },
    { name: 'case_type_at', key: { caseType: 1, at: 1, _id: 1 } },
    { name: 'type_at', key: { type: 1, at: 1, _id: 1 } },
    { name: 'to_state_at', key: { toState: 1, at: 1, _id: 1 } },
    { name: 'audience_at', key: { audience: 1, at: 1, _id: 1 } },
  ],
  cases: [
    { name: 'awaiting', key: { awaiting: 1, updatedAt: -1 } },
    { name: 'pending_flag', key: { pending: 1 } },
    { name: 'next_due', key: { nextDueAt: 1 } },
  ],
  documentVersions: [{ name: 'case', key: { caseId: 1, number: 1 } }],
  // A signing payload's nonce can be used once: a replayed signature collides here.
  signatures: [
    { name: 'nonce_unique', key: { nonce: 1 }, unique: true },
    { name: 'case', key: { caseId: 1 } },
  ],
  keys: [{ name: 'user', key: { userId: 1 } }],
  // A checkpoint's number is its _id: of two servers making checkpoint N at once, one insert wins.
  checkpointLeaves: [
    { name: 'checkpoint_case', key: { checkpointId: 1, caseId: 1 } },
    { name: 'checkpoint_index', key: { checkpointId: 1, index: 1 } },
    { name: 'case', key: { caseId: 1 } },
  ],
  checkpoints: [{ name: 'id', key: { id: 1 } }],
  countersignatures: [{ name: 'number', key: { number: 1 } }],
};

export class MissingIndexError extends Error {}

export class Database {
  readonly agencies: Collection<AgencyDoc>;
  readonly users: Collection<UserDoc>;
  readonly events: Collection<EventDoc>;
  readonly cases: Collection<CaseDoc>;
  readonly versions: Collection<VersionDoc>;
  readonly signatures: Collection<SignatureDoc>;
  readonly keys: Collection<KeyDoc>;
  readonly checkpoints: Collection<CheckpointDoc>;
  readonly leaves: Collection<LeafDoc>;
  readonly countersignatures: Collection<CountersignatureDoc>;

  private constructor(
    private readonly client: MongoClient,
    readonly db: Db,
  ) {
    this.agencies = db.collection<AgencyDoc>('agencies');
    this.users = db.collection<UserDoc>('users');
    this.events = db.collection<EventDoc>('events');
    this.cases = db.collection<CaseDoc>('cases');
    this.versions = db.collection<VersionDoc>('documentVersions');
    this.signatures = db.collection<SignatureDoc>('signatures');
    this.keys = db.collection<KeyDoc>('keys');
    this.checkpoints = db.collection<CheckpointDoc>('checkpoints');
    this.leaves = db.collection<LeafDoc>('checkpointLeaves');
    this.countersignatures = db.collection<CountersignatureDoc>('countersignatures');
  }

  /** `onCommand` hears every command sent (the driver's command monitoring): round trips, counted. */
  static async connect(
    uri: string,
    dbName: string,
    { onCommand, timeoutMs = 10_000 }: { onCommand?: (event: CommandStartedEvent) => void; timeoutMs?: number } = {},
  ): Promise<Database> {
    // ignoreUndefined: an absent optional field must stay absent, or hashes over stored entries would change.
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs, ignoreUndefined: true, monitorCommands: onCommand !== undefined });
    if (onCommand !== undefined) client.on('commandStarted', onCommand);
    await client.connect();
    return new Database(client, client.db(dbName));
  }

  /**
   * Creates the indexes that are missing, then reads them back: the server refuses to run on a database
   * without them. Only missing ones are created, and a failure is retried after reading them again:
   * FerretDB drops the connection (a panic in its SQLite and PostgreSQL backends) when asked to create an
   * index that exists, which happens whenever several processes start at once.
   */
  async prepareIndexes(): Promise<void> {
    for (const [name, specs] of Object.entries(requiredIndexes)) {
      for (let attempt = 1; ; attempt += 1) {
        const present = new Set((await this.indexes(name)).map((index) => index.name));
        const missing = specs.filter((spec) => !present.has(spec.name));
        if (missing.length === 0) break;
        try {
          await this.db.collection(name).createIndexes(missing);
          break;
        } catch (error) {
          if (attempt === 5) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
        }
      }
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

/** The database could not be reached (down, restarting, unreachable): not a bug, and not the caller's fault. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return error instanceof MongoNetworkError || error instanceof MongoServerSelectionError || error instanceof MongoNotConnectedError || error instanceof MongoTopologyClosedError;
}
