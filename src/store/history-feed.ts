import type { Filter } from 'mongodb';
import type { CaseEvent } from './records.js';
import { eachInTurn, insertNew, isDuplicateKeyError, type Database, type FeedSlotDoc } from './database.js';

/**
 * One position of the history feed: the entry that claimed it (case, seq and hash) and the fields history search
 * narrows by. A slot is the entry's only if the entry committed under that seq is its (`holdsSlot`): a writer that
 * lost its race leaves a slot no entry matches (`void` once seen), and so does one that died before its insert.
 */
export type FeedSlot = Omit<FeedSlotDoc, '_id'> & { position: number };

/** Where and when an entry was recorded: what places it in a feed started after it (`HistoryFeed.backfill`). */
export type EntryTime = Pick<CaseEvent, 'caseId' | 'seq' | 'at'>;

/** An entry as stored: the entry, and the feed position its writer claimed (undefined on entries older than the feed). */
export interface Committed {
  entry: CaseEvent;
  feedPosition: number | undefined;
}

/**
 * Whether `committed`, the entry stored under a slot's (caseId, seq), is that slot's: it has the slot's hash and its
 * writer claimed the slot's position. Two writers of byte-identical entries (one request sent twice at once) claim
 * two slots, and only the insert that won names its own; an entry older than the feed names none and has one slot.
 */
export function holdsSlot(slot: Pick<FeedSlot, 'hash' | 'position'>, committed: Committed | undefined): committed is Committed {
  return committed !== undefined && committed.entry.hash === slot.hash && (committed.feedPosition ?? slot.position) === slot.position;
}

/** What a history search narrows by; every value is validated before it gets here. */
export interface FeedCriteria {
  from?: Date;
  to?: Date;
  region?: string;
  agencyId?: string;
  actor?: string;
  caseType?: string;
  eventType?: string;
  state?: string;
  /** Only entries this agency may read (for callers who do not see everything). */
  readableBy?: string;
}

/**
 * How long after it was claimed a slot without its entry may still get it (its writer at work): the repair waits
 * this long, and a page read towards the newest stops before such a slot.
 */
export const claimWaitMs = 60_000;

/** How many slots one search request reads at most before it answers with what it found and where it stopped. */
export const examinedPerPage = 1000;
/** How many point lookups a walk keeps in flight. */
const lookupsInFlight = 32;

/** A slot's `_id`: its position, in 12 digits behind a prefix that no other value the application writes contains. */
const slotId = (position: number): string => `feed-${String(position).padStart(12, '0')}`;

/** What the feed keeps of an entry to search by: where it is, its hash, its time and the fields a search narrows by. */
export function searchFields({ caseId, seq, hash, at, caseType, type, toState, actor, audience }: CaseEvent): Omit<FeedSlot, 'position' | 'feedAt'> {
  return { caseId, seq, hash, at, caseType, type, toState, region: actor.region, agencyId: actor.agencyId, username: actor.username, audience };
}

const slotDoc = (position: number, entry: CaseEvent, feedAt: Date): FeedSlotDoc => ({ _id: slotId(position), ...searchFields(entry), feedAt });
const later = (a: Date, b: Date): Date => (a.getTime() >= b.getTime() ? a : b);

const fromDoc = ({ _id, ...slot }: FeedSlotDoc): FeedSlot => ({ position: Number(_id.slice('feed-'.length)), ...slot });

/** Whether a slot's search fields pass `criteria` (its entry is checked against it afterwards). */
export function slotMatches(slot: Omit<FeedSlot, 'position' | 'feedAt'>, criteria: FeedCriteria): boolean {
  return (
    (criteria.from === undefined || slot.at >= criteria.from) &&
    (criteria.to === undefined || slot.at < criteria.to) &&
    (criteria.region === undefined || slot.region === criteria.region) &&
    (criteria.agencyId === undefined || slot.agencyId === criteria.agencyId) &&
    (criteria.actor === undefined || slot.username === criteria.actor) &&
    (criteria.caseType === undefined || slot.caseType === criteria.caseType) &&
    (criteria.eventType === undefined || slot.type === criteria.eventType) &&
    (criteria.state === undefined || slot.toState === criteria.state) &&
    (criteria.readableBy === undefined || slot.audience.includes(criteria.readableBy))
  );
}

/** The same narrowing as a query, for counting. */
function slotFilter(criteria: FeedCriteria): Filter<FeedSlotDoc> {
  const filter: Filter<FeedSlotDoc> = { void: { $ne: true } };
  if (criteria.from !== undefined || criteria.to !== undefined) {
    filter.at = { ...(criteria.from === undefined ? {} : { $gte: criteria.from }), ...(criteria.to === undefined ? {} : { $lt: criteria.to }) };
  }
  if (criteria.region !== undefined) filter.region = criteria.region;
  if (criteria.agencyId !== undefined) filter.agencyId = criteria.agencyId;
  if (criteria.actor !== undefined) filter.username = criteria.actor;
  if (criteria.caseType !== undefined) filter.caseType = criteria.caseType;
  if (criteria.eventType !== undefined) filter.type = criteria.eventType;
  if (criteria.state !== undefined) filter.toState = criteria.state;
  if (criteria.readableBy !== undefined) filter.audience = criteria.readableBy;
  return filter;
}

/**
 * The history feed: every entry of every case in the order they were recorded, at dense positions 1, 2, 3, …, each a
 * document whose `_id` is its position (`feed-000000000001`, …). Everything is read by `_id` — the one lookup FerretDB serves from an index on
 * every backend — so the cost of a page, of finding the newest position or of resuming from a position does not grow
 * with the size of the history.
 *
 * A writer claims the next position before its commit, by inserting the slot (a unique insert: of two writers of
 * one position, one wins and the other takes the next). Claims in one process are made one at a time, so positions
 * stay dense: a position is only ever claimed once the one before it is taken. Each slot carries the feed's clock
 * (`feedAt`), which never falls along the feed: a time range is a range of positions, found by bisection.
 */
export class HistoryFeed {
  /** The highest position this process knows to be taken, and its slot's feed clock. */
  private known = { position: 0, feedAt: new Date(0) };
  private claims: Promise<unknown> = Promise.resolve();

  constructor(private readonly database: Database) {}

  /** Claims the next free position for `entry`, before its commit; answers the position. */
  claim(entry: CaseEvent): Promise<number> {
    const claimed = this.claims.then(() => this.claimNext(entry));
    this.claims = claimed.catch(() => undefined);
    return claimed;
  }

  private async claimNext(entry: CaseEvent): Promise<number> {
    let previous = this.known;
    for (;;) {
      const position = previous.position + 1;
      const feedAt = later(entry.at, previous.feedAt);
      try {
        await this.database.historyFeed.insertOne(slotDoc(position, entry, feedAt));
        this.learn(position, feedAt);
        return position;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        previous = await this.newest(position);
      }
    }
  }

  private learn(position: number, feedAt: Date): void {
    if (position > this.known.position) this.known = { position, feedAt };
  }

  /** The slot at `position`, undefined when it is free. */
  async slot(position: number): Promise<FeedSlot | undefined> {
    const doc = await this.database.historyFeed.findOne({ _id: slotId(position) });
    return doc === null ? undefined : fromDoc(doc);
  }

  /** The slots at `positions`, in their order (undefined where free), `lookupsInFlight` at a time. */
  slots(positions: readonly number[]): Promise<(FeedSlot | undefined)[]> {
    return eachInTurn(positions, (position) => this.slot(position), lookupsInFlight);
  }

  /** The newest taken position (0 when the feed is empty): from the newest this process knew, probing forward. */
  async tail(): Promise<number> {
    return (await this.newest(this.known.position)).position;
  }

  /**
   * The newest taken position at or after `taken` (a position known taken, or 0) and its feed clock: doubling steps
   * forward until a free position, then bisecting — about 2·log2(n) lookups for n positions taken since.
   */
  private async newest(taken: number): Promise<{ position: number; feedAt: Date }> {
    let low = taken === this.known.position ? this.known : { position: taken, feedAt: (await this.slot(taken))?.feedAt ?? new Date(0) };
    let step = 1;
    let high = low.position + step;
    for (let probe = await this.slot(high); probe !== undefined; probe = await this.slot(high)) {
      low = { position: high, feedAt: probe.feedAt };
      step *= 2;
      high = low.position + step;
    }
    while (high - low.position > 1) {
      const middle = Math.floor((low.position + high) / 2);
      const probe = await this.slot(middle);
      if (probe === undefined) high = middle;
      else low = { position: middle, feedAt: probe.feedAt };
    }
    this.learn(low.position, low.feedAt);
    return low;
  }

  /**
   * The first position whose feed clock is at or after `at` among 1 … `tail` (tail + 1 when none is): the clock never
   * falls along the feed, so a bisection by `_id` finds it in about log2(tail) lookups. No entry before it was recorded
   * at or after `at`.
   */
  async firstAtOrAfter(at: Date, tail: number): Promise<number> {
    let [low, high] = [1, tail + 1];
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      const slot = await this.slot(middle);
      if (slot !== undefined && slot.feedAt < at) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Marks a slot whose seq another entry took (its writer lost the race): searches skip it unread, counts leave it out. */
  async markVoid(position: number): Promise<void> {
    await this.database.historyFeed.updateOne({ _id: slotId(position) }, { $set: { void: true } });
  }

  /**
   * How many entries `criteria` matches: a query over the whole feed (on FerretDB's SQLite backend, a scan). A slot
   * whose writer died between its claim and its insert counts too: only a page checks each slot against its entry.
   */
  count(criteria: FeedCriteria): Promise<number> {
    return this.database.historyFeed.countDocuments(slotFilter(criteria));
  }

  /**
   * Slots for entries recorded before the feed existed, in (time, case, seq) order at positions 1 … n: each at the
   * same position whichever process writes it, so servers starting together write the same feed. `times` places
   * every entry; `entries` then gives them in any order, a batch at a time, so that no more than the places are
   * held in memory. In time order each slot's feed clock is its own entry's time. Only on a database whose feed was
   * never started (`state().started` false).
   */
  async backfill(times: EntryTime[], entries: AsyncIterable<CaseEvent[]>): Promise<void> {
    times.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : a.seq - b.seq));
    const positions = new Map(times.map((entry, index) => [`${entry.caseId}:${String(entry.seq)}`, index + 1]));
    for await (const batch of entries) {
      const docs = batch.flatMap((entry) => {
        const position = positions.get(`${entry.caseId}:${String(entry.seq)}`);
        return position === undefined ? [] : [slotDoc(position, entry, entry.at)];
      });
      await insertNew(this.database.historyFeed, docs);
    }
  }

  /**
   * Slots for entries written into the database with their projections by other means than a commit (a bulk load),
   * after the newest slot, in the order given, and recorded as resolved. For a writer alone on the database: claims
   * made meanwhile would take the same positions.
   */
  async append(entries: readonly CaseEvent[]): Promise<void> {
    const first = (await this.tail()) + 1;
    await this.insertSlots(first, this.known.feedAt, entries);
    await this.saveResolved(first + entries.length - 1);
  }

  private async insertSlots(first: number, previousFeedAt: Date, entries: readonly CaseEvent[]): Promise<void> {
    let feedAt = previousFeedAt;
    for (let start = 0; start < entries.length; start += 1000) {
      const docs = entries.slice(start, start + 1000).map((entry, offset) => {
        feedAt = later(entry.at, feedAt);
        return slotDoc(first + start + offset, entry, feedAt);
      });
      await insertNew(this.database.historyFeed, docs);
    }
  }

  /** The feed's bookkeeping: whether it was started, and the position up to which every slot is resolved. */
  async state(): Promise<{ started: boolean; resolved: number }> {
    const doc = await this.database.historyFeedState.findOne({ _id: 'feed' });
    return { started: doc !== null, resolved: doc?.resolved ?? 0 };
  }

  /** Records that every slot up to `resolved` is resolved (a slower process may write a lower one: it is re-read). */
  async saveResolved(resolved: number): Promise<void> {
    await this.database.historyFeedState.updateOne({ _id: 'feed' }, { $max: { resolved } }, { upsert: true }).catch((error: unknown) => {
      if (!isDuplicateKeyError(error)) throw error;
    });
  }
}
