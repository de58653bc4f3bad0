import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { workflowTypeOf, type CaseTypeName } from '../../workflows/registry.js';
import { requireViewer } from '../auth/permissions.js';
import type { CaseEngine } from '../cases/engine.js';
import type { CaseEvent } from '../store/records.js';
import { seesEverything } from '../cases/visibility.js';
import type { Viewer } from '../directory/model.js';
import { checkAgencyId, checkUsername, checkWholeNumber } from '../directory/validation.js';
import { badInput, rateLimited } from '../errors.js';
import type { CaseStore } from '../store/case-store.js';
import { claimWaitMs, examinedPerPage, holdsSlot, searchFields, slotMatches, type FeedCriteria, type FeedSlot } from '../store/history-feed.js';
import { checkCommandBudget } from '../store/command-budget.js';

export interface HistoryFilterInput {
  from?: Date | null;
  to?: Date | null;
  region?: string | null;
  agencyId?: string | null;
  actor?: string | null;
  caseType?: CaseTypeName | null;
  eventType?: string | null;
  state?: string | null;
  caseId?: string | null;
}

export interface HistoryPageRequest {
  order: 'NEWEST_FIRST' | 'OLDEST_FIRST';
  first?: number | null;
  after?: HistoryPosition;
  last?: number | null;
  before?: HistoryPosition;
}

/**
 * Where a page starts or ends: a position of the history feed (`feed`), or, when searching one case, a seq of its
 * chain (`case`). Both rise with the time entries were recorded.
 */
export interface HistoryPosition {
  kind: 'feed' | 'case';
  value: number;
}

/** An entry found, with where it stands in the order searched (its cursor). */
export type HistoryEntry = CaseEvent & { id: string; position: HistoryPosition };

export interface HistoryPage {
  items: HistoryEntry[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** Where a page cut short by `examinedPerPage` stopped reading: the next page goes on from there. */
  endKey?: string;
  startKey?: string;
}

type Criteria = FeedCriteria & { caseId?: string };

function pattern(field: string, value: string | null | undefined, re: RegExp): string | undefined {
  if (value == null) return undefined;
  if (!re.test(value)) throw badInput(`筛选条件 ${field} 无效`, `Filter ${field} is invalid`, { field });
  return value;
}

const pageSize = (field: string, value: number): number => checkWholeNumber(field, value, 1, 500);

/** One walk's result: what matched, in walk order, and whether positions are left beyond the last one read. */
interface Walked {
  items: HistoryEntry[];
  more: boolean;
  /** The last position read, when the walk stopped at its reading budget rather than at its limit or the end. */
  stoppedAt?: HistoryPosition;
}

/**
 * How many positions a walk (of the feed, or of one case's chain) reads next: the first read as many as could fill
 * the page (`wanted`), each further one twice the last, up to `slotsPerRead`, and never more than the walk may still
 * examine or its range still holds.
 */
const batchSize = (wanted: number, reads: number, examinable: number, inRange: number): number =>
  Math.min(slotsPerRead, wanted * 2 ** reads, examinable, inRange);

/**
 * Decision history across every case, for auditors first of all: the history feed read newest or oldest first by
 * `_id`, or, narrowed to one case, that case's chain. A page reads at most `examinedPerPage` slots; one that found
 * fewer entries than asked says so by `hasNextPage` and an end cursor where it stopped.
 */
export class HistorySearch {
  /** The whole-feed counts of this process, one at a time, users taking turns (see `count`). */
  private readonly feedCounts = new TakingTurns(maxCountsWaiting);

  constructor(
    private readonly store: CaseStore,
    private readonly engine: CaseEngine,
    /** How many slots one page reads at most. */
    private readonly examinedLimit = examinedPerPage,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * A page of entries matching `filter` that the viewer may read. Entries committed by a writer that died before
   * projecting them are resolved first (`CaseEngine.repairProjections`), so a search never misses a committed entry.
   */
  async search(viewer: Viewer | undefined, filter: HistoryFilterInput, page: HistoryPageRequest): Promise<HistoryPage> {
    const criteria = this.scoped(viewer, filter);
    const forward = page.order === 'OLDEST_FIRST' ? 1 : -1;
    const kind = criteria.caseId === undefined ? 'feed' : 'case';
    for (const [field, position] of [
      ['after', page.after],
      ['before', page.before],
    ] as const) {
      if (position !== undefined && position.kind !== kind) throw badInput('分页游标无效', 'Invalid cursor', { field });
    }
    await this.engine.repairProjections();
    // A case a party may not see is answered as one that does not exist, for the same reads: walking its chain would
    // tell by its cost that it exists, and how long it is.
    if (criteria.caseId !== undefined && criteria.readableBy !== undefined && !(await this.engine.visible(requireViewer(viewer), criteria.caseId)))
      return { items: [], hasNextPage: false, hasPreviousPage: false };
    if (page.last != null || page.before !== undefined) {
      if (page.first != null || page.after !== undefined) {
        throw badInput('不能同时向前和向后分页', 'Page forward (first/after) or backward (last/before), not both', { field: 'last' });
      }
      const last = pageSize('last', page.last ?? 50);
      const walked = await this.walk(criteria, forward === 1 ? -1 : 1, page.before?.value, last);
      return {
        items: walked.items.reverse(),
        hasPreviousPage: walked.more,
        hasNextPage: page.before !== undefined,
        ...(walked.stoppedAt === undefined ? {} : { startKey: historyCursorKey(walked.stoppedAt) }),
      };
    }
    const first = pageSize('first', page.first ?? 50);
    const walked = await this.walk(criteria, forward, page.after?.value, first);
    return {
      items: walked.items,
      hasNextPage: walked.more,
      hasPreviousPage: page.after !== undefined,
      ...(walked.stoppedAt === undefined ? {} : { endKey: historyCursorKey(walked.stoppedAt) }),
    };
  }

  /**
   * How many entries the filter matches, for a progress display. Narrowed to one case, a read of its chain; else a
   * query over the whole feed (a scan on SQLite). This process runs those one after another, and after each leaves
   * the database as long without one as it took: a scan holds a read open for as long as it runs, and reads that
   * follow one another without a gap keep SQLite's write-ahead log from being checkpointed and cut back
   * (tools/localdb), so that it grows and every write slows meanwhile. Users take turns (`TakingTurns`): one user's
   * counts keep another's waiting for at most one of theirs. A count whose request was abandoned while it waited its
   * turn is not run. Errors: RATE_LIMITED for a user with `maxCountsWaiting` counts already waiting or running.
   */
  async count(viewer: Viewer | undefined, filter: HistoryFilterInput): Promise<number> {
    const { caseId, ...criteria } = this.scoped(viewer, filter);
    await this.engine.repairProjections();
    if (caseId === undefined) {
      return this.feedCounts.run(requireViewer(viewer).userId, () => {
        checkCommandBudget();
        return this.store.feed.count(criteria);
      });
    }
    if (criteria.readableBy !== undefined && !(await this.engine.visible(requireViewer(viewer), caseId))) return 0;
    const head = await this.store.head(caseId);
    // One case's whole chain, for a reader of every entry: its length.
    if (Object.keys(criteria).length === 0) return head?.head.seq ?? 0;
    return head === undefined ? 0 : (await this.store.entries(caseId, 1, head.head.seq)).filter((entry) => slotMatches(searchFields(entry), criteria)).length;
  }

  private walk(criteria: Criteria, direction: 1 | -1, beyond: number | undefined, limit: number): Promise<Walked> {
    return criteria.caseId === undefined
      ? this.walkFeed(criteria, direction, beyond, limit)
      : this.walkCase(criteria.caseId, criteria, direction, beyond, limit);
  }

  /** Up to `limit` entries of the feed strictly beyond position `beyond` in `direction`, within the time range. */
  private async walkFeed(criteria: FeedCriteria, direction: 1 | -1, beyond: number | undefined, limit: number): Promise<Walked> {
    const feed = this.store.feed;
    const tail = await feed.tail();
    const low = criteria.from === undefined ? 1 : await feed.firstAtOrAfter(criteria.from, tail);
    // An entry recorded before `to` may stand after the feed's clock passed `to` when writers raced or servers' clocks
    // differ: the walk reads on for `clockSkewMs` of feed time, and the time filter sorts those slots out.
    const high = criteria.to === undefined ? tail : (await feed.firstAtOrAfter(new Date(criteria.to.getTime() + clockSkewMs), tail)) - 1;
    let next = beyond === undefined ? (direction === 1 ? low : high) : beyond + direction;
    next = direction === 1 ? Math.max(next, low) : Math.min(next, high);
    const inRange = (position: number) => position >= low && position <= high;
    const items: HistoryEntry[] = [];
    let [examined, reads] = [0, 0];
    while (inRange(next) && items.length <= limit) {
      if (examined >= this.examinedLimit) return { items, more: true, stoppedAt: { kind: 'feed', value: next - direction } };
      const count = batchSize(limit + 1 - items.length, reads, this.examinedLimit - examined, direction === 1 ? high - next + 1 : next - low + 1);
      reads += 1;
      const positions = Array.from({ length: count }, (_, offset) => next + direction * offset);
      const slots = await feed.slots(positions);
      const wanted = slots.filter((slot): slot is FeedSlot => slot !== undefined && slot.void !== true && slotMatches(slot, criteria));
      const stored = await Promise.all(wanted.map((slot) => this.store.committed(slot.caseId, slot.seq)));
      for (const [index, slot] of wanted.entries()) {
        if (items.length > limit) break;
        const committed = stored[index];
        // Towards the newest, a slot whose entry may still come ends the walk before it: a reader going on from here
        // later (an export, a poll) then finds that entry, which a cursor past it would have skipped.
        if (committed === undefined && direction === 1 && this.now().getTime() - slot.at.getTime() <= claimWaitMs) {
          return { items: items.slice(0, limit), more: true, stoppedAt: { kind: 'feed', value: slot.position - 1 } };
        }
        if (holdsSlot(slot, committed)) items.push(found(committed.entry, { kind: 'feed', value: slot.position }));
      }
      examined += count;
      next += direction * count;
    }
    return { items: items.slice(0, limit), more: items.length > limit };
  }

  /**
   * Up to `limit` matching entries of one case's chain strictly beyond seq `beyond` in `direction`, read a batch at a
   * time like the feed (`walkFeed`), and no more than `examinedLimit` of them: a reader of one side passes the other
   * side's internal entries a page at a time, however many there are.
   */
  private async walkCase(caseId: string, criteria: FeedCriteria, direction: 1 | -1, beyond: number | undefined, limit: number): Promise<Walked> {
    const head = await this.store.head(caseId);
    if (head === undefined) return { items: [], more: false };
    const high = head.head.seq;
    const inRange = (seq: number) => seq >= 1 && seq <= high;
    let next = beyond === undefined ? (direction === 1 ? 1 : high) : beyond + direction;
    const items: HistoryEntry[] = [];
    let [examined, reads] = [0, 0];
    while (inRange(next) && items.length <= limit) {
      if (examined >= this.examinedLimit) return { items, more: true, stoppedAt: { kind: 'case', value: next - direction } };
      const count = batchSize(limit + 1 - items.length, reads, this.examinedLimit - examined, direction === 1 ? high - next + 1 : next);
      reads += 1;
      const [from, to] = direction === 1 ? [next, next + count - 1] : [next - count + 1, next];
      const matching = (await this.store.entries(caseId, from, to)).filter((entry) => slotMatches(searchFields(entry), criteria));
      for (const entry of direction === 1 ? matching : matching.reverse()) items.push(found(entry, { kind: 'case', value: entry.seq }));
      examined += count;
      next += direction * count;
    }
    return { items: items.slice(0, limit), more: items.length > limit };
  }

  /** The filter as given, narrowed to what the viewer's agency may read unless they see everything. */
  private scoped(viewer: Viewer | undefined, filter: HistoryFilterInput): Criteria {
    const reader = requireViewer(viewer);
    const criteria = this.criteria(filter);
    if (!seesEverything(reader)) criteria.readableBy = reader.agencyId;
    return criteria;
  }

  private criteria(filter: HistoryFilterInput): Criteria {
    if (filter.from != null && filter.to != null && filter.from >= filter.to) {
      throw badInput('起始时间须早于结束时间', 'from must be before to', { field: 'from' });
    }
    const criteria: Criteria = {};
    if (filter.from != null) criteria.from = filter.from;
    if (filter.to != null) criteria.to = filter.to;
    if (filter.region != null) criteria.region = filter.region;
    if (filter.agencyId != null) criteria.agencyId = checkAgencyId(filter.agencyId);
    if (filter.actor != null) criteria.actor = checkUsername(filter.actor, 'actor');
    if (filter.caseType != null) criteria.caseType = workflowTypeOf[filter.caseType];
    const eventType = pattern('eventType', filter.eventType, /^[A-Z_]{1,40}$/);
    if (eventType !== undefined) criteria.eventType = eventType;
    const state = pattern('state', filter.state, /^[A-Za-z]{1,40}$/);
    if (state !== undefined) criteria.state = state;
    const caseId = pattern('caseId', filter.caseId, /^[0-9a-f-]{36}$/);
    if (caseId !== undefined) criteria.caseId = caseId;
    return criteria;
  }
}

/** Whole-feed counts one user may have waiting or running at once. */
const maxCountsWaiting = 2;

/**
 * Runs work one piece at a time, users taking turns: a user's next piece runs after one of every other user waiting,
 * however many they sent. After each piece, a pause as long as it took. Each piece runs in its caller's context
 * (AsyncLocalStorage: its request's command budget and abandonment).
 */
export class TakingTurns {
  /** Each user's pieces, the users in the order of their turns (a Map keeps insertion order). */
  private readonly waiting = new Map<string, (() => Promise<void>)[]>();
  private running = false;

  constructor(private readonly maxPerUser: number) {}

  /** Errors: RATE_LIMITED when `user` has `maxPerUser` pieces waiting or running. */
  run<T>(user: string, work: () => Promise<T>): Promise<T> {
    const queue = this.waiting.get(user) ?? [];
    if (queue.length >= this.maxPerUser) {
      return Promise.reject(rateLimited('请等待您前面的统计完成', 'Wait for your counts already under way to finish', { retryAfterSeconds: 1 }));
    }
    const inContext = AsyncLocalStorage.bind(work);
    return new Promise<T>((resolve, reject) => {
      // A piece that throws at once rejects its promise like one that fails later.
      queue.push(() => Promise.resolve().then(inContext).then(resolve, reject));
      if (!this.waiting.has(user)) this.waiting.set(user, queue);
      void this.next();
    });
  }

  private async next(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let turn = this.waiting.entries().next(); turn.done !== true; turn = this.waiting.entries().next()) {
        const [user, queue] = turn.value;
        const piece = queue[0]!;
        const started = performance.now();
        await piece();
        queue.shift();
        // To the back of the round, or out of it.
        this.waiting.delete(user);
        if (queue.length > 0) this.waiting.set(user, queue);
        await setTimeout(performance.now() - started);
      }
    } finally {
      this.running = false;
    }
  }
}

/** How many feed slots a search reads at a time. */
const slotsPerRead = 64;
/**
 * How far apart the clocks of servers writing one database may be (NTP keeps them within milliseconds): a time range
 * finds every entry recorded in it by servers whose clocks agree within this.
 */
const clockSkewMs = 5 * 60_000;

const found = (entry: CaseEvent, position: HistoryPosition): HistoryEntry => ({ ...entry, id: `${entry.caseId}:${String(entry.seq)}`, position });

/** The cursor key of a position: `p<n>` for the feed, `s<n>` for one case's chain. */
export const historyCursorKey = (position: HistoryPosition): string => `${position.kind === 'feed' ? 'p' : 's'}${String(position.value)}`;

/** History cursors: where the entry stands in the order searched. */
export const historyKey = (entry: HistoryEntry): string => historyCursorKey(entry.position);

export function historyPosition(key: string | undefined, field: string): HistoryPosition | undefined {
  if (key === undefined) return undefined;
  const match = /^([ps])([0-9]{1,15})$/.exec(key);
  if (match === null) throw badInput('分页游标无效', 'Invalid cursor', { field });
  return { kind: match[1] === 'p' ? 'feed' : 'case', value: Number(match[2]) };
}
