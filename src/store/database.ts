import {
  MongoBulkWriteError,
  MongoClient,
  MongoClientClosedError,
  MongoError,
  MongoExpiredSessionError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerClosedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  type Collection,
  type CommandStartedEvent,
  type Db,
  type IndexDescription,
  type OptionalUnlessRequiredId,
} from 'mongodb';
import { checkCommandBudget, countCommand } from './command-budget.js';
import type {
  Agency,
  CaseEvent,
  CaseHead,
  CaseSummary,
  Checkpoint,
  Countersignature,
  DocumentVersion,
  ScheduleRecord,
  SigningKey,
  StoredSignature,
  User,
} from './records.js';

type Stored<T extends { id: string }> = Omit<T, 'id'> & { _id: string };
export type AgencyDoc = Stored<Agency>;
export type UserDoc = Stored<User>;
/**
 * A stored history entry: the entry, and the feed position its writer claimed (`HistoryFeed`; absent on entries
 * written before the feed existed, and on none since). The position is not part of the entry or its hash: it only
 * tells which of two slots claimed for byte-identical entries is the entry's own.
 */
export type EventDoc = CaseEvent & { _id: string; feedPosition?: number };
export type CaseDoc = Stored<CaseSummary>;
export type VersionDoc = Stored<DocumentVersion>;
export type SignatureDoc = Stored<StoredSignature>;
export type KeyDoc = Stored<SigningKey>;
/**
 * A checkpoint; `recorded` once its leaves are in `checkpointTrees` and each of its heads is in its case's
 * `recordedHeads` (bookkeeping after the commit, not signed: see `CheckpointStore.record`).
 */
export type CheckpointDoc = Omit<Checkpoint, 'number'> & { _id: number; recorded?: boolean };
/** A leaf of a version 1 checkpoint, one document each, as servers before checkpoint version 2 wrote them. */
export type LeafDoc = CaseHead & { _id: string; checkpointId: string; index: number };
/** Up to `treeChunkSize` leaves of one checkpoint's tree, in order; `_id` is `checkpointId:chunk`. */
export interface TreeChunkDoc {
  _id: string;
  checkpointId: string;
  chunk: number;
  leaves: CaseHead[];
}
/** A head one checkpoint recorded of a case (`number` is the checkpoint's). */
export interface RecordedHead {
  number: number;
  seq: number;
  hash: string;
}
/** Every head the checkpoints recorded of one case (`_id` is the case id), and the newest of them as `last`. */
export interface RecordedHeadsDoc {
  _id: string;
  heads: RecordedHead[];
  last: RecordedHead;
}
export type CountersignatureDoc = Stored<Countersignature>;
/** `_id` is the scoped idempotency key: where the entry committed under it is, found by `_id`. */
export interface IdempotencyDoc {
  _id: string;
  caseId: string;
  seq: number;
  requestHash: string;
}
/** A position of the history feed (`_id` names the position): see `HistoryFeed`. */
export interface FeedSlotDoc {
  _id: string;
  caseId: string;
  seq: number;
  hash: string;
  at: Date;
  /**
   * The feed's own clock: the latest entry time up to this position (`at`, or the slot before's `feedAt` if later).
   * It never falls along the feed, so a time is a position found by bisection, whatever the servers' clocks.
   */
  feedAt: Date;
  caseType: string;
  type: string;
  toState: string;
  region?: string;
  agencyId?: string;
  username?: string;
  audience: string[];
  void?: boolean;
}
/** The feed's bookkeeping, one document (`_id: 'feed'`): every slot up to `resolved` is committed and projected, or void. */
export interface FeedStateDoc {
  _id: string;
  resolved: number;
}
/** `_id` is the username: sign-in finds the account by `_id`. */
export interface UsernameDoc {
  _id: string;
  userId: string;
}
/** `_id` is `year:region:revision`: of two loads taking the same revision, one insert wins. */
export type CalendarScheduleDoc = ScheduleRecord & { _id: string };

interface IndexSpec extends IndexDescription {
  name: string;
}

/**
 * The indexes correctness rests on. On FerretDB an update is read-modify-write, so uniqueness
 * (and every commit point built on it) holds only where a unique index guards an insert.
 */
const requiredIndexes: Record<string, IndexSpec[]> = {
  users: [
    { name: 'username_unique', key: { username: 1 }, unique: true },
    { name: 'agency', key: { agencyId: 1 } },
  ],
  agencies: [{ name: 'region', key: { region: 1 } }],
  // (caseId, seq) unique is the commit point of every transition: of two writers of the same seq, one wins.
  events: [
    { name: 'case_seq_unique', key: { caseId: 1, seq: 1 }, unique: true },
    { name: 'idempotency_unique', key: { idempotencyKey: 1 }, unique: true },
  ],
  // The projections of cases still running: what the inbox, supervision and the scheduler read.
  activeCases: [
    { name: 'awaiting', key: { awaiting: 1, updatedAt: -1 } },
    { name: 'type', key: { type: 1 } },
    { name: 'next_due', key: { nextDueAt: 1 } },
  ],
  // A signing payload's nonce can be used once: a replayed signature collides here.
  signatures: [{ name: 'nonce_unique', key: { nonce: 1 }, unique: true }],
  keys: [{ name: 'user', key: { userId: 1 } }],
  // A checkpoint's number is its _id: of two servers making checkpoint N at once, one insert wins.
  // Read once, to move a version 1 checkpoint's leaves into `checkpointTrees` (`CheckpointStore.legacyLeaves`).
  checkpointLeaves: [{ name: 'checkpoint_index', key: { checkpointId: 1, index: 1 } }],
  checkpoints: [{ name: 'id', key: { id: 1 } }],
  countersignatures: [{ name: 'number', key: { number: 1 } }],
};

/** Indexes earlier versions made and nothing reads any more: dropped at start, so that no write keeps them up. */
const retiredIndexes: Record<string, string[]> = {
  // History search reads `historyFeed` since projection rules 4.
  events: ['at', 'actor_region_at', 'actor_agency_at', 'actor_username_at', 'case_type_at', 'type_at', 'to_state_at', 'audience_at'],
  // Commits in flight are the history feed's unresolved slots since projection rules 4, and lists read `activeCases`.
  cases: ['pending_flag', 'awaiting', 'next_due'],
  // A checkpoint's leaves are read by `_id` from `checkpointTrees`, and a case's recorded heads from `recordedHeads`, since checkpoint version 2.
  checkpointLeaves: ['checkpoint_case', 'case'],
};

export class MissingIndexError extends Error {}

export interface DatabaseOptions {
  /** Hears every command sent (the driver's command monitoring): round trips, counted. */
  onCommand?: (event: CommandStartedEvent) => void;
  /** Hears when the database stops or starts answering (the driver's server monitoring). */
  onReachable?: (reachable: boolean, error?: Error) => void;
  /** Hears when the client was replaced because its server monitor had hung (see `Database.watch`). */
  onReplaced?: () => void;
  /** How long server selection and connecting may take before a request is refused as SERVICE_UNAVAILABLE. */
  timeoutMs?: number;
}

/** The driver's default interval between checks of the server, and the longest an awaited check may wait. */
const heartbeatMs = 10_000;

export class Database {
  // Replaced together with the client (see `watch`): read them through the Database, never keep them.
  db!: Db;
  agencies!: Collection<AgencyDoc>;
  users!: Collection<UserDoc>;
  events!: Collection<EventDoc>;
  cases!: Collection<CaseDoc>;
  activeCases!: Collection<CaseDoc>;
  versions!: Collection<VersionDoc>;
  signatures!: Collection<SignatureDoc>;
  keys!: Collection<KeyDoc>;
  checkpoints!: Collection<CheckpointDoc>;
  leaves!: Collection<LeafDoc>;
  trees!: Collection<TreeChunkDoc>;
  recordedHeads!: Collection<RecordedHeadsDoc>;
  countersignatures!: Collection<CountersignatureDoc>;
  calendarSchedules!: Collection<CalendarScheduleDoc>;
  idempotencyKeys!: Collection<IdempotencyDoc>;
  usernames!: Collection<UsernameDoc>;
  historyFeed!: Collection<FeedSlotDoc>;
  historyFeedState!: Collection<FeedStateDoc>;
  private client!: MongoClient;
  /** Whether the database answered last (see `DatabaseOptions.onReachable`); false until it first answers. */
  private reachable = false;

  private constructor(
    private readonly uri: string,
    private readonly dbName: string,
    private readonly options: DatabaseOptions,
  ) {
    this.bind(this.newClient());
  }

  static async connect(uri: string, dbName: string, options: DatabaseOptions = {}): Promise<Database> {
    const database = new Database(uri, dbName, options);
    await database.client.connect();
    return database;
  }

  private bind(client: MongoClient): void {
    const db = client.db(this.dbName);
    this.client = client;
    this.db = db;
    this.agencies = db.collection<AgencyDoc>('agencies');
    this.users = db.collection<UserDoc>('users');
    this.events = db.collection<EventDoc>('events');
    this.cases = db.collection<CaseDoc>('cases');
    this.activeCases = db.collection<CaseDoc>('activeCases');
    this.versions = db.collection<VersionDoc>('documentVersions');
    this.signatures = db.collection<SignatureDoc>('signatures');
    this.keys = db.collection<KeyDoc>('keys');
    this.checkpoints = db.collection<CheckpointDoc>('checkpoints');
    this.leaves = db.collection<LeafDoc>('checkpointLeaves');
    this.trees = db.collection<TreeChunkDoc>('checkpointTrees');
    this.recordedHeads = db.collection<RecordedHeadsDoc>('recordedHeads');
    this.countersignatures = db.collection<CountersignatureDoc>('countersignatures');
    this.calendarSchedules = db.collection<CalendarScheduleDoc>('calendarSchedules');
    this.idempotencyKeys = db.collection<IdempotencyDoc>('idempotencyKeys');
    this.usernames = db.collection<UsernameDoc>('usernames');
    this.historyFeed = db.collection<FeedSlotDoc>('historyFeed');
    this.historyFeedState = db.collection<FeedStateDoc>('historyFeedState');
  }

  private newClient(): MongoClient {
    const { onCommand, onReachable, timeoutMs = 10_000 } = this.options;
    // ignoreUndefined: an absent optional field must stay absent, or hashes over stored entries would change.
    const client = new MongoClient(this.uri, {
      serverSelectionTimeoutMS: timeoutMs,
      connectTimeoutMS: timeoutMs,
      heartbeatFrequencyMS: heartbeatMs,
      ignoreUndefined: true,
      // Every command is heard: a request's commands count against its budget (command-budget.ts).
      monitorCommands: true,
    });
    client.on('commandStarted', (event) => {
      countCommand();
      onCommand?.(event);
    });
    if (onReachable !== undefined) {
      // Told once per change, whichever client and event tells it: a server description that turns known again
      // was not always announced after the client had been replaced in an outage, while requests went through.
      const note = (is: boolean, error?: Error): void => {
        if (client !== this.client || is === this.reachable) return;
        this.reachable = is;
        onReachable(is, error);
      };
      client.on('serverDescriptionChanged', ({ newDescription }) => note(newDescription.type !== 'Unknown', newDescription.error ?? undefined));
      client.on('serverHeartbeatSucceeded', () => note(true));
      client.on('connectionReady', () => note(true));
    }
    this.watch(client, heartbeatMs + 2 * timeoutMs);
    return client;
  }

  /**
   * Replaces a client whose server monitor hung. With mongodb 7.9, when the database closes the monitor's
   * connection just as a check is written, the check waits for ever for a socket 'drain' that a destroyed
   * socket never emits; the server then stays unknown and is never selected again, even once the database is
   * back (seen when the local database was stopped and restarted under load, about one time in two). Every
   * check ends within its socket timeout or, awaited, the heartbeat interval after it, so one that has not
   * ended `stuckAfterMs` after it started is that hang. Requests waiting on the old client fail as
   * SERVICE_UNAVAILABLE; the new one connects on the next request.
   */
  private watch(client: MongoClient, stuckAfterMs: number): void {
    let timer: NodeJS.Timeout | undefined;
    const finished = (): void => clearTimeout(timer);
    client.on('serverHeartbeatStarted', () => {
      finished();
      timer = setTimeout(() => this.replace(client), stuckAfterMs).unref();
    });
    client.on('serverHeartbeatSucceeded', finished);
    client.on('serverHeartbeatFailed', finished);
    client.on('topologyClosed', finished);
  }

  private replace(hung: MongoClient): void {
    if (hung !== this.client) return;
    this.bind(this.newClient());
    hung.close().catch(() => undefined);
    this.options.onReplaced?.();
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
    await this.dropRetiredIndexes();
  }

  /** Drops each retired index still present; one another process dropped meanwhile is no error. */
  private async dropRetiredIndexes(): Promise<void> {
    for (const [name, retired] of Object.entries(retiredIndexes)) {
      const present = new Set((await this.indexes(name)).map((index) => index.name));
      for (const index of retired.filter((candidate) => present.has(candidate))) {
        await this.db
          .collection(name)
          .dropIndex(index)
          .catch((error: unknown) => {
            if (!(error instanceof MongoServerError && error.codeName === 'IndexNotFound')) throw error;
          });
      }
    }
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
 * `work` on every item, at most `inFlight` at a time, answered in the items' order: point lookups by `_id` (the one
 * read FerretDB serves from an index on every backend), many at once but never all at once.
 */
export async function eachInTurn<T, R>(items: readonly T[], work: (item: T) => Promise<R>, inFlight = 16): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += inFlight) {
    checkCommandBudget();
    results.push(...(await Promise.all(items.slice(start, start + inFlight).map(work))));
  }
  return results;
}

/** Inserts `docs`, keeping any whose `_id` is taken (a repair, a retry or another writer put it there first). */
export async function insertNew<T extends { _id: string }>(collection: Collection<T>, docs: OptionalUnlessRequiredId<T>[]): Promise<void> {
  if (docs.length === 0) return;
  try {
    await collection.insertMany(docs, { ordered: false });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
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

/**
 * Server answers that mean "not serving now" rather than "wrong request": the retryable-read error codes of the
 * MongoDB specification (retryable-reads.md: HostUnreachable, HostNotFound, NetworkTimeout, ShutdownInProgress,
 * PrimarySteppedDown, SocketException, NotWritablePrimary, InterruptedAtShutdown, InterruptedDueToReplStateChange,
 * NotPrimaryNoSecondaryOk, NotPrimaryOrSecondary, ExceededTimeLimit, ReadConcernMajorityNotAvailableYet).
 */
const notServingCodes = new Set([6, 7, 89, 91, 189, 9001, 10107, 11600, 11602, 13435, 13436, 262, 134]);

/**
 * What the driver throws at operations in flight on a client that is closing (one replaced after its monitor
 * hung, or a process shutting down): the pool, the server or the topology went away under them, or the
 * implicit session the operation runs in was ended by the close (the application starts no sessions itself).
 */
const closedClientErrors = [MongoNotConnectedError, MongoTopologyClosedError, MongoServerClosedError, MongoClientClosedError, MongoExpiredSessionError];
const closedClientErrorNames = new Set(['MongoPoolClosedError', 'MongoWaitQueueTimeoutError']);

const socketErrorCodes = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ENOENT', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/** A system error of a socket read, write or connect: the other end is gone or was never there. */
const isSocketError = (error: unknown): boolean => {
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  return (
    error instanceof Error && typeof code === 'string' && socketErrorCodes.has(code) && (syscall === 'write' || syscall === 'read' || syscall === 'connect')
  );
};

/**
 * The database could not be reached (down, restarting, shutting down, unreachable, or the client to it closing):
 * not a bug, and not the caller's fault. Answered SERVICE_UNAVAILABLE, never as an internal error.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  // A bulk write (insertMany, bulkWrite) that failed before the database answered carries the driver's own error
  // as its `errorResponse` rather than a server reply: a connection closed under an insertMany is still an outage.
  if (error instanceof MongoBulkWriteError && error.errorResponse instanceof Error) return isDatabaseUnavailable(error.errorResponse);
  if (error instanceof MongoNetworkError || error instanceof MongoServerSelectionError) return true;
  // The driver (7.9) lets a write to a socket the database has just closed escape unwrapped, as Node's own error.
  if (isSocketError(error)) return true;
  if (closedClientErrors.some((kind) => error instanceof kind)) return true;
  if (error instanceof MongoServerError) return typeof error.code === 'number' && notServingCodes.has(error.code);
  return error instanceof MongoError && closedClientErrorNames.has(error.name);
}
