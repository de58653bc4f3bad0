import type { Collection, Filter } from 'mongodb';
import type { CaseEvent, CaseSummary, DocumentVersion, SigningKey, StoredSignature } from './records.js';
import { eachInTurn, insertNew, isDuplicateKeyError, type CaseDoc, type Database, type EventDoc } from './database.js';
import { DuplicateError } from './directory-store.js';
import { HistoryFeed, type Committed, type EntryTime } from './history-feed.js';

const fromDoc = <T extends { _id: string }>({ _id, ...rest }: T): Omit<T, '_id'> & { id: string } => ({ id: _id, ...rest });
const withoutId = ({ _id: _ignored, feedPosition: _position, ...event }: EventDoc): CaseEvent => event;
const entryId = (caseId: string, seq: number): string => `${caseId}:${seq}`;

/** The newest entry of a case and the entries committed beyond its projection, oldest first. */
export interface HeadRead {
  head: CaseEvent;
  unprojected: CaseEvent[];
}

/**
 * Sets `fields` on the document `id`, making it (with `onInsert`) when there is none. On FerretDB an upsert is a read,
 * then an insert: of two at once, one finds the other's insert taken, and sets its fields on it.
 */
async function upsert(collection: Collection<CaseDoc>, id: string, fields: Partial<CaseDoc>, onInsert: Partial<CaseDoc> = {}): Promise<void> {
  const write = () =>
    collection.updateOne({ _id: id }, { $set: fields, ...(Object.keys(onInsert).length === 0 ? {} : { $setOnInsert: onInsert }) }, { upsert: true });
  await write().catch((error: unknown) => {
    if (!isDuplicateKeyError(error)) throw error;
    return write();
  });
}

/** Where the entry committed under an idempotency key is. */
export interface IdempotencyRecord {
  key: string;
  caseId: string;
  seq: number;
  requestHash: string;
}

/** Events, the case projection, document versions, signatures and signing keys. */
export class CaseStore {
  /** Every entry of every case in the order recorded: history search, the repair, and the commit's first write. */
  readonly feed: HistoryFeed;

  constructor(private readonly database: Database) {
    this.feed = new HistoryFeed(database);
  }

  /** The projection of a case, by `_id`. */
  async summary(caseId: string): Promise<CaseSummary | undefined> {
    const doc = await this.database.cases.findOne({ _id: caseId });
    return doc === null ? undefined : fromDoc(doc);
  }

  /** One history entry, by its `_id` (`caseId:seq`). */
  async entry(caseId: string, seq: number): Promise<CaseEvent | undefined> {
    return (await this.committed(caseId, seq))?.entry;
  }

  /** The entry committed under (caseId, seq), by `_id`, with the feed position its writer claimed (see EventDoc). */
  async committed(caseId: string, seq: number): Promise<Committed | undefined> {
    const doc = await this.database.events.findOne({ _id: entryId(caseId, seq) });
    return doc === null ? undefined : { entry: withoutId(doc), feedPosition: doc.feedPosition };
  }

  /**
   * The entries `from` to `to` (inclusive) in sequence order, each read by `_id`: flat in the size of the
   * database on every backend. An entry that is not there is left out (the hash chain check names the gap).
   */
  async entries(caseId: string, from: number, to: number): Promise<CaseEvent[]> {
    const seqs = Array.from({ length: Math.max(0, to - from + 1) }, (_, offset) => from + offset);
    const found = await eachInTurn(seqs, (seq) => this.entry(caseId, seq));
    return found.filter((entry): entry is CaseEvent => entry !== undefined);
  }

  /**
   * Where and when each entry of every case was recorded, for starting the history feed on a database written before
   * it: one scan, keeping about a hundred bytes an entry in memory, not the entries.
   */
  async entryTimes(): Promise<EntryTime[]> {
    return this.database.events.find({}).project<EntryTime>({ _id: 0, caseId: 1, seq: 1, at: 1 }).toArray();
  }

  /** Every entry of every case, `batchSize` at a time in stored order (a scan, once, for the same start). */
  async *everyEntry(batchSize = 1000): AsyncGenerator<CaseEvent[]> {
    let batch: CaseEvent[] = [];
    for await (const doc of this.database.events.find({}, { batchSize })) {
      batch.push(withoutId(doc));
      if (batch.length === batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  /**
   * The newest history entry — the truth about a case, whatever the projection says — from the entry the
   * projection was written from (`summary`, read by `_id` when not given) and a probe for each next entry, all by
   * `_id`. `unprojected` are the entries committed beyond what the projection records, oldest first: a writer died
   * or was overtaken between its commit and its projection write. Undefined when the case has no entry.
   */
  async head(caseId: string, summary?: CaseSummary): Promise<HeadRead | undefined> {
    const projected = summary ?? (await this.summary(caseId));
    const seq = projected?.seq ?? 0;
    const [recorded, next] = await Promise.all([
      projected?.head?.seq === seq ? projected.head : seq > 0 ? this.entry(caseId, seq) : undefined,
      this.entry(caseId, seq + 1),
    ]);
    const unprojected: CaseEvent[] = [];
    for (let probe = next; probe !== undefined; probe = await this.entry(caseId, probe.seq + 1)) unprojected.push(probe);
    // An entry the projection was written from and that is gone (deleted behind the application's back): the newest
    // entry still there is the head, and verifyCase names what is missing.
    let head = unprojected.at(-1) ?? recorded;
    for (let earlier = seq - 1; head === undefined && earlier > 0; earlier -= 1) head = await this.entry(caseId, earlier);
    return head === undefined ? undefined : { head, unprojected };
  }

  /**
   * The newest entry at or before `at` among entries 1 to `headSeq`: the case as it stood then. Entries are in
   * time order along the chain, so a binary search by `_id` finds it in about log2(headSeq) lookups.
   */
  async entryAt(caseId: string, at: Date, headSeq: number): Promise<CaseEvent | undefined> {
    let found: CaseEvent | undefined;
    let [low, high] = [1, headSeq];
    while (low <= high) {
      const middle = Math.floor((low + high) / 2);
      const entry = await this.entry(caseId, middle);
      if (entry === undefined) return this.entryAtByScan(caseId, at);
      if (entry.at.getTime() <= at.getTime()) [found, low] = [entry, middle + 1];
      else high = middle - 1;
    }
    return found;
  }

  /** The same by a query, for a history with a gap (which verifyCase reports). */
  private async entryAtByScan(caseId: string, at: Date): Promise<CaseEvent | undefined> {
    const [doc] = await this.database.events
      .find({ caseId, at: { $lte: at } })
      .sort({ seq: -1 })
      .limit(1)
      .toArray();
    return doc === undefined ? undefined : withoutId(doc);
  }

  /** Where the entry a caller's idempotency key committed is, by `_id` (written just after that entry). */
  async idempotencyRecord(key: string): Promise<IdempotencyRecord | undefined> {
    const doc = await this.database.idempotencyKeys.findOne({ _id: key });
    return doc === null ? undefined : { key: doc._id, caseId: doc.caseId, seq: doc.seq, requestHash: doc.requestHash };
  }

  /** Records where each entry's idempotency key committed; a record already there (a repair racing a writer) is kept. */
  async recordIdempotency(entries: readonly CaseEvent[]): Promise<void> {
    await insertNew(
      this.database.idempotencyKeys,
      entries.map(({ idempotencyKey, caseId, seq, requestHash }) => ({ _id: idempotencyKey, caseId, seq, requestHash })),
    );
  }

  /**
   * The entry committed under `key`, found by the unique index on the entries themselves: for a key whose record
   * was never written (its writer died between the two inserts). A scan on FerretDB: only for that rare case.
   */
  async eventByIdempotencyKey(key: string): Promise<CaseEvent | undefined> {
    const doc = await this.database.events.findOne({ idempotencyKey: key });
    return doc === null ? undefined : withoutId(doc);
  }

  /**
   * The commit point. Throws DuplicateError when the (caseId, seq) or idempotency key is taken:
   * another writer committed first.
   */
  async appendEvent(event: CaseEvent, feedPosition: number): Promise<void> {
    try {
      await this.database.events.insertOne({ _id: entryId(event.caseId, event.seq), ...event, feedPosition });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new DuplicateError('event already committed', { cause: error });
      throw error;
    }
  }

  async insertSummary({ id, ...summary }: CaseSummary): Promise<void> {
    await this.database.cases.insertOne({ _id: id, ...summary });
  }

  /**
   * Writes the projection, by `_id` alone (the only filter FerretDB's SQLite backend reads through an index). A
   * slower writer can put an older head back; every writer probes for the next entry afterwards and writes again
   * when there is one (`CaseEngine.project`), and readers never trust the projection without that probe. A
   * projection the repair removed while its case's first entry was still on its way is made again.
   */
  async writeSummary({ id, ...summary }: Omit<CaseSummary, 'createdAt'>): Promise<void> {
    await upsert(this.database.cases, id, summary, { createdAt: summary.updatedAt });
  }

  async deleteSummary(id: string): Promise<void> {
    await this.database.cases.deleteOne({ _id: id, seq: 0 });
  }

  /**
   * Keeps the list of running cases in step with a projection, by `_id`: the summary of a running case is put
   * there, a case that has ended is taken out. Lists read only this collection, so their cost follows the work
   * under way, not the years of cases that ended.
   */
  async writeActive({ id, head: _head, ...summary }: Omit<CaseSummary, 'createdAt'>, running: boolean): Promise<void> {
    if (running) await upsert(this.database.activeCases, id, summary);
    else await this.database.activeCases.deleteOne({ _id: id });
  }

  /** Running cases with a deadline at or before `now`. */
  async dueSummaries(now: Date, limit: number): Promise<CaseSummary[]> {
    const docs = await this.database.activeCases
      .find({ nextDueAt: { $lte: now } })
      .sort({ nextDueAt: 1 })
      .limit(limit)
      .toArray();
    return docs.map(fromDoc);
  }

  /** Running cases of one workflow type in any of `states` (FerretDB on PostgreSQL serves the type equality from its index, the states after). */
  async summariesOfType(type: string, states: readonly string[]): Promise<CaseSummary[]> {
    const docs = await this.database.activeCases.find({ type, state: { $in: [...states] } }).toArray();
    return docs.map(fromDoc);
  }

  /** Projections derived by rules older than `rules` (or before rules were numbered): read once, at start. */
  async summariesDerivedBefore(rules: number): Promise<CaseSummary[]> {
    const docs = await this.database.cases.find({ $or: [{ rules: { $exists: false } }, { rules: { $lt: rules } }] }).toArray();
    return docs.map(fromDoc);
  }

  /**
   * Removes from a projection what older rules kept in it and today's do not (the commit marker, now the history
   * feed's slot); the projection itself is written by `writeSummary`.
   */
  async retireFields(id: string): Promise<void> {
    await this.database.cases.updateOne({ _id: id }, { $unset: { pending: '', pendingSeq: '', pendingSince: '' } });
  }

  /**
   * Running cases waiting for any of `keys`, newest first, after the case `after` (id of the last one seen): one
   * equality query per key (served by the `awaiting` index on MongoDB and by FerretDB's own on PostgreSQL), merged.
   */
  async awaiting(keys: readonly string[], after: { updatedAt: Date; id: string } | undefined, limit: number): Promise<CaseSummary[]> {
    const pages = await Promise.all(
      keys.map((key) => {
        const filter: Filter<CaseDoc> = { awaiting: key };
        if (after !== undefined) {
          filter.$or = [{ updatedAt: { $lt: after.updatedAt } }, { updatedAt: after.updatedAt, _id: { $gt: after.id } }];
        }
        return this.database.activeCases.find(filter).sort({ updatedAt: -1, _id: 1 }).limit(limit).toArray();
      }),
    );
    const merged = new Map(pages.flat().map((doc) => [doc._id, doc]));
    return [...merged.values()]
      .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
      .slice(0, limit)
      .map(fromDoc);
  }

  async insertVersion({ id, ...version }: DocumentVersion): Promise<void> {
    await this.database.versions.insertOne({ _id: id, ...version });
  }

  async version(id: string): Promise<DocumentVersion | undefined> {
    const doc = await this.database.versions.findOne({ _id: id });
    return doc === null ? undefined : fromDoc(doc);
  }

  /** Versions by id, each read by `_id`; one that is not there is left out (verifyCase names it). */
  async versionsByIds(ids: readonly string[]): Promise<DocumentVersion[]> {
    const found = await eachInTurn([...new Set(ids)], (id) => this.version(id));
    return found.filter((version): version is DocumentVersion => version !== undefined);
  }

  /** Signatures by id, each read by `_id`; one that is not there is left out (verifyCase names it). */
  async signaturesByIds(ids: readonly string[]): Promise<StoredSignature[]> {
    const found = await eachInTurn([...new Set(ids)], async (id) => {
      const doc = await this.database.signatures.findOne({ _id: id });
      return doc === null ? undefined : fromDoc(doc);
    });
    return found.filter((signature): signature is StoredSignature => signature !== undefined);
  }

  async insertSignature({ id, ...signature }: StoredSignature): Promise<void> {
    try {
      await this.database.signatures.insertOne({ _id: id, ...signature });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new DuplicateError('nonce already used', { cause: error });
      throw error;
    }
  }

  async insertKey({ id, ...key }: SigningKey): Promise<void> {
    try {
      await this.database.keys.insertOne({ _id: id, ...key });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new DuplicateError('key already registered', { cause: error });
      throw error;
    }
  }

  async key(id: string): Promise<SigningKey | undefined> {
    const doc = await this.database.keys.findOne({ _id: id });
    return doc === null ? undefined : fromDoc(doc);
  }

  async keysOf(userId: string): Promise<SigningKey[]> {
    const docs = await this.database.keys.find({ userId }).sort({ createdAt: 1 }).toArray();
    return docs.map(fromDoc);
  }

  /** Keys by id, each read by `_id` (FerretDB reads `$in` through no index). */
  async keysByIds(ids: readonly string[]): Promise<SigningKey[]> {
    const found = await eachInTurn([...new Set(ids)], (id) => this.key(id));
    return found.filter((key): key is SigningKey => key !== undefined);
  }

  /** Revocation is set once: a second revocation keeps the first time. */
  async revokeKey(id: string, at: Date): Promise<void> {
    await this.database.keys.updateOne({ _id: id, revokedAt: null }, { $set: { revokedAt: at } });
  }
}
