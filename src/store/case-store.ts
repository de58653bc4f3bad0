import type { Filter } from 'mongodb';
import type { CaseEvent, CaseSummary, DocumentVersion, SigningKey, StoredSignature } from '../cases/model.js';
import { isDuplicateKeyError, type CaseDoc, type Database, type EventDoc } from './database.js';
import { DuplicateError } from './directory-store.js';

const fromDoc = <T extends { _id: string }>({ _id, ...rest }: T): Omit<T, '_id'> & { id: string } => ({ id: _id, ...rest });
const withoutId = ({ _id: _ignored, ...event }: EventDoc): CaseEvent => event;

/** What a history search may narrow by; every value is validated before it gets here. */
export interface HistoryCriteria {
  from?: Date;
  to?: Date;
  region?: string;
  agencyId?: string;
  actor?: string;
  caseType?: string;
  eventType?: string;
  state?: string;
  caseId?: string;
  /** Only entries this agency may read (for callers who do not see everything). */
  readableBy?: string;
}

export interface HistoryPosition {
  at: Date;
  id: string;
}

function historyFilter(criteria: HistoryCriteria): Filter<EventDoc> {
  const filter: Filter<EventDoc> = {};
  if (criteria.from !== undefined || criteria.to !== undefined) {
    filter.at = { ...(criteria.from === undefined ? {} : { $gte: criteria.from }), ...(criteria.to === undefined ? {} : { $lt: criteria.to }) };
  }
  if (criteria.region !== undefined) filter['actor.region'] = criteria.region;
  if (criteria.agencyId !== undefined) filter['actor.agencyId'] = criteria.agencyId;
  if (criteria.actor !== undefined) filter['actor.username'] = criteria.actor;
  if (criteria.caseType !== undefined) filter.caseType = criteria.caseType;
  if (criteria.eventType !== undefined) filter.type = criteria.eventType;
  if (criteria.state !== undefined) filter.toState = criteria.state;
  if (criteria.caseId !== undefined) filter.caseId = criteria.caseId;
  if (criteria.readableBy !== undefined) filter.audience = criteria.readableBy;
  return filter;
}

/** Events, the case projection, document versions, signatures and signing keys. */
export class CaseStore {
  constructor(private readonly database: Database) {}

  /** The newest history entry: the truth about a case, whatever the projection says. */
  async head(caseId: string): Promise<CaseEvent | undefined> {
    const [doc] = await this.database.events.find({ caseId }).sort({ seq: -1 }).limit(1).toArray();
    return doc === undefined ? undefined : withoutId(doc);
  }

  /** The newest entry at or before `at`: the case as it stood then. */
  async entryAt(caseId: string, at: Date): Promise<CaseEvent | undefined> {
    const [doc] = await this.database.events.find({ caseId, at: { $lte: at } }).sort({ seq: -1 }).limit(1).toArray();
    return doc === undefined ? undefined : withoutId(doc);
  }

  async eventByIdempotencyKey(key: string): Promise<CaseEvent | undefined> {
    const doc = await this.database.events.findOne({ idempotencyKey: key });
    return doc === null ? undefined : withoutId(doc);
  }

  /** Entries in sequence order, from `afterSeq` (exclusive), at most `limit`. */
  async history(caseId: string, afterSeq: number, limit: number): Promise<CaseEvent[]> {
    const docs = await this.database.events.find({ caseId, seq: { $gt: afterSeq } }).sort({ seq: 1 }).limit(limit).toArray();
    return docs.map(withoutId);
  }

  /**
   * A page of history across cases in (at, id) order, ascending (1) or descending (-1), strictly beyond
   * `from` in that direction. Each narrowing field has an index led by it and ending in `at`.
   */
  async searchHistory(criteria: HistoryCriteria, direction: 1 | -1, from: HistoryPosition | undefined, limit: number): Promise<(CaseEvent & { id: string })[]> {
    const filter = historyFilter(criteria);
    if (from !== undefined) {
      const beyond = direction === 1 ? '$gt' : '$lt';
      filter.$or = [{ at: { [beyond]: from.at } }, { at: from.at, _id: { [beyond]: from.id } }];
    }
    const docs = await this.database.events.find(filter).sort({ at: direction, _id: direction }).limit(limit).toArray();
    return docs.map((doc) => ({ ...withoutId(doc), id: doc._id }));
  }

  countHistory(criteria: HistoryCriteria): Promise<number> {
    return this.database.events.countDocuments(historyFilter(criteria));
  }

  /**
   * The commit point. Throws DuplicateError when the (caseId, seq) or idempotency key is taken:
   * another writer committed first.
   */
  async appendEvent(event: CaseEvent): Promise<void> {
    try {
      await this.database.events.insertOne({ _id: `${event.caseId}:${event.seq}`, ...event });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new DuplicateError('event already committed', { cause: error });
      throw error;
    }
  }

  /** Marks a case as about to commit `seq`, so that a crash before the projection write is found and repaired. */
  async markPending(caseId: string, seq: number, since: Date): Promise<void> {
    await this.database.cases.updateOne({ _id: caseId }, { $set: { pendingSeq: seq, pendingSince: since, pending: true } });
  }

  async insertSummary({ id, ...summary }: CaseSummary): Promise<void> {
    await this.database.cases.insertOne({ _id: id, ...summary });
  }

  /**
   * Rolls the projection forward to `summary`. FerretDB's update is not atomic, so a slower writer can
   * still put an older seq back; readers check the projection against the newest event and never trust it.
   */
  async writeSummary({ id, ...summary }: Omit<CaseSummary, 'createdAt'>): Promise<void> {
    await this.database.cases.updateOne({ _id: id, seq: { $lte: summary.seq } }, { $set: summary });
  }

  async deleteSummary(id: string): Promise<void> {
    await this.database.cases.deleteOne({ _id: id, seq: 0 });
  }

  /** Cases with a deadline at or before `now`. */
  async dueSummaries(now: Date, limit: number): Promise<CaseSummary[]> {
    const docs = await this.database.cases.find({ nextDueAt: { $lte: now } }).sort({ nextDueAt: 1 }).limit(limit).toArray();
    return docs.map(fromDoc);
  }

  /** Cases of one workflow type in any of `states` (FerretDB serves the type equality from the database, the states after). */
  async summariesOfType(type: string, states: readonly string[]): Promise<CaseSummary[]> {
    const docs = await this.database.cases.find({ type, state: { $in: [...states] } }).toArray();
    return docs.map(fromDoc);
  }

  /** Projections derived by rules older than `rules` (or before rules were numbered): read once, at start. */
  async summariesDerivedBefore(rules: number): Promise<CaseSummary[]> {
    const docs = await this.database.cases.find({ $or: [{ rules: { $exists: false } }, { rules: { $lt: rules } }] }).toArray();
    return docs.map(fromDoc);
  }

  async pendingSummaries(limit: number): Promise<CaseSummary[]> {
    const docs = await this.database.cases.find({ pending: true }).limit(limit).toArray();
    return docs.map(fromDoc);
  }

  /** Cases waiting for any of `keys`, newest first, after the case `after` (id of the last one seen). */
  async awaiting(keys: readonly string[], after: { updatedAt: Date; id: string } | undefined, limit: number): Promise<CaseSummary[]> {
    const filter: Filter<CaseDoc> = { awaiting: { $in: [...keys] } };
    if (after !== undefined) {
      filter.$or = [{ updatedAt: { $lt: after.updatedAt } }, { updatedAt: after.updatedAt, _id: { $gt: after.id } }];
    }
    const docs = await this.database.cases.find(filter).sort({ updatedAt: -1, _id: 1 }).limit(limit).toArray();
    return docs.map(fromDoc);
  }

  async insertVersion({ id, ...version }: DocumentVersion): Promise<void> {
    await this.database.versions.insertOne({ _id: id, ...version });
  }

  // Lookups filter by equality on one field: FerretDB pushes only those down to its backend (not $in, not sorts).
  async version(id: string): Promise<DocumentVersion | undefined> {
    const doc = await this.database.versions.findOne({ _id: id });
    return doc === null ? undefined : fromDoc(doc);
  }

  async versionsOfCase(caseId: string, maxNumber: number): Promise<DocumentVersion[]> {
    const docs = await this.database.versions.find({ caseId, number: { $lte: maxNumber } }).sort({ number: 1 }).toArray();
    return docs.map(fromDoc);
  }

  async signaturesOfCase(caseId: string): Promise<StoredSignature[]> {
    const docs = await this.database.signatures.find({ caseId }).sort({ signedAt: 1 }).toArray();
    return docs.map(fromDoc);
  }

  /**
   * Which of `ids` a committed history entry of the case names at `path`. Versions and signatures are
   * written before their event; one whose event lost a race is an orphan and must never be shown.
   */
  async referenced(caseId: string, path: 'payload.version.id' | 'payload.signature.id', ids: readonly string[], maxSeq: number): Promise<Set<string>> {
    const docs = await this.database.events
      .find({ caseId, seq: { $lte: maxSeq }, [path]: { $in: [...ids] } })
      .project<{ payload: { version?: { id: string }; signature?: { id: string } } }>({ payload: 1 })
      .toArray();
    return new Set(docs.map((doc) => (path === 'payload.version.id' ? doc.payload.version?.id : doc.payload.signature?.id) ?? ''));
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

  async keysByIds(ids: readonly string[]): Promise<SigningKey[]> {
    const docs = await this.database.keys.find({ _id: { $in: [...ids] } }).toArray();
    return docs.map(fromDoc);
  }

  /** Revocation is set once: a second revocation keeps the first time. */
  async revokeKey(id: string, at: Date): Promise<void> {
    await this.database.keys.updateOne({ _id: id, revokedAt: null }, { $set: { revokedAt: at } });
  }
}
