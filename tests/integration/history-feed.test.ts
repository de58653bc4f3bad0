import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistorySearch } from '../../src/audit/history.js';
import { CaseEngine } from '../../src/cases/engine.js';
import type { Viewer } from '../../src/directory/model.js';
import { CaseStore } from '../../src/store/case-store.js';
import { useTestBed } from '../support/bed.js';
import { Actors, type DemoUser } from '../support/cases.js';
import { DiesBeforeCommit } from '../support/faults.js';
import { codes, type GraphQLResponse } from '../support/graphql.js';
import { productionEnv, startServer, type RunningServer } from '../support/server.js';

interface Node {
  caseId: string;
  seq: number;
  type: string;
  at: string;
}
interface Page {
  history: { edges: { node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}
const HISTORY = `query($filter: HistoryFilter, $order: HistoryOrder, $first: Int, $after: String) {
  history(filter: $filter, order: $order, first: $first, after: $after) { edges { node { caseId seq type at } } pageInfo { hasNextPage endCursor } }
}`;

/**
 * The history feed (src/store/history-feed.ts) against what auditors rely on: every committed entry is found exactly
 * once, whichever server wrote it and however writers raced; a time range finds exactly the entries recorded in it;
 * a page that reads its whole budget says where it stopped, and the next goes on from there, missing nothing.
 */
describe('the history feed', () => {
  const bed = useTestBed('feed');
  let second: RunningServer;
  let viaSecond: Actors;

  beforeAll(async () => {
    second = await startServer(productionEnv(bed.databaseName));
    viaSecond = Actors.at(second.graphqlUrl);
  });
  afterAll(async () => {
    await second.stop();
  });

  /** Every page of the auditors' search, `first` at a time, through both servers in turn. */
  async function everyPage(filter: Record<string, unknown>, order: 'NEWEST_FIRST' | 'OLDEST_FIRST', first: number): Promise<Node[]> {
    const found: Node[] = [];
    let after: string | null = null;
    for (let page = 0; ; page += 1) {
      const response: GraphQLResponse<Page> = await (page % 2 === 0 ? bed.actors : viaSecond).query<Page>('auditor', HISTORY, { filter, order, first, after });
      expect(response.errors).toBeUndefined();
      found.push(...response.data!.history.edges.map((edge) => edge.node));
      if (!response.data!.history.pageInfo.hasNextPage) return found;
      after = response.data!.history.pageInfo.endCursor;
    }
  }

  /** The feed as stored: dense positions, a clock that never falls, each entry at exactly one live slot. */
  async function expectFeedWhole(): Promise<void> {
    const slots = await bed.database.historyFeed.find({}).toArray();
    const positions = slots.map((slot) => Number(slot._id.slice('feed-'.length))).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: slots.length }, (_, index) => index + 1));
    const byPosition = [...slots].sort((a, b) => a._id.localeCompare(b._id));
    const clock = byPosition.map((slot) => slot.feedAt.getTime());
    expect(clock).toEqual([...clock].sort((a, b) => a - b));
    const entries = await bed.database.events.find({}).toArray();
    for (const entry of entries) {
      // A void slot with the entry's hash is a writer's that built the same entry and lost the insert.
      const live = slots.filter((slot) => slot.caseId === entry.caseId && slot.seq === entry.seq && slot.hash === entry.hash && slot.void !== true);
      expect(live, `${entry.caseId}:${String(entry.seq)}`).toHaveLength(1);
    }
    // Every other slot is a writer's that lost its race (void) or never inserted its entry.
    const committed = new Set(entries.map((entry) => entry.hash));
    for (const slot of slots.filter((candidate) => !committed.has(candidate.hash))) {
      const taken = entries.some((entry) => entry.caseId === slot.caseId && entry.seq === slot.seq);
      expect(slot.void === true, slot._id).toBe(taken);
    }
  }

  const key = (node: Pick<Node, 'caseId' | 'seq'>) => `${node.caseId}:${String(node.seq)}`;

  it('holds every entry once while two servers write at once, racing writers included', async () => {
    const servers = [bed.actors, viaSecond];
    const ids = await Promise.all(Array.from({ length: 8 }, async (_, index) => (await servers[index % 2]!.createProposal('cq.drafter')).id));
    await Promise.all(ids.map((caseId, index) => servers[index % 2]!.act('cq.drafter', 'submitForInternalReview', { caseId })));
    // Ten writers of the same next entry of one case: one commits, nine lose and leave a slot no entry matches.
    const [raced = ''] = ids;
    const racing = await Promise.all(
      Array.from({ length: 10 }, (_, index) => servers[index % 2]!.act('cq.reviewer', 'approveInternally', { caseId: raced, expectedVersion: 2 })),
    );
    expect(racing.filter((response) => response.errors === undefined)).toHaveLength(1);
    expect(racing.filter((response) => codes(response).join() === 'VERSION_CONFLICT')).toHaveLength(9);

    await expectFeedWhole();
    const stored = (await bed.database.events.find({}).toArray()).map(key).sort();
    for (const order of ['NEWEST_FIRST', 'OLDEST_FIRST'] as const) {
      const found = (await everyPage({}, order, 3)).map(key);
      expect(new Set(found).size, order).toBe(found.length);
      expect([...found].sort(), order).toEqual(stored);
    }
    const count = await bed.actors.query<{ historyCount: number }>('auditor', '{ historyCount }');
    expect(count.data!.historyCount).toBe(stored.length);
  });

  it('finds by a time range exactly the entries recorded in it', async () => {
    const entries = await bed.database.events.find({}).toArray();
    const times = [...new Set(entries.map((entry) => entry.at.getTime()))].sort((a, b) => a - b);
    expect(times.length).toBeGreaterThan(4);
    const [from, to] = [new Date(times[1]!), new Date(times.at(-2)!)];
    const found = (await everyPage({ from: from.toISOString(), to: to.toISOString() }, 'OLDEST_FIRST', 4)).map(key).sort();
    expect(found).toEqual(
      entries
        .filter((entry) => entry.at >= from && entry.at < to)
        .map(key)
        .sort(),
    );
  });

  it('stops a page that read its whole budget, and the next page goes on from there', async () => {
    // A rare match among many entries: one case of the drafters' alone is withdrawn.
    const { id } = await bed.actors.createProposal('cq.drafter');
    await bed.actors.act('cq.drafter', 'withdrawCase', { caseId: id, reason: '合并到另一提案' });
    for (let index = 0; index < 6; index += 1) await bed.actors.createProposal('cd.drafter');
    const store = new CaseStore(bed.database);
    const search = new HistorySearch(store, new CaseEngine(store), 4);
    const auditor = await viewerOf('auditor');
    const found: string[] = [];
    let pages = 0;
    let after: { kind: 'feed' | 'case'; value: number } | undefined;
    for (;;) {
      const page = await search.search(auditor, { eventType: 'WITHDRAW' }, { order: 'NEWEST_FIRST', first: 10, ...(after === undefined ? {} : { after }) });
      pages += 1;
      found.push(...page.items.map((entry) => entry.caseId));
      if (!page.hasNextPage) break;
      // The page's end: where it stopped reading when cut short, else its last entry.
      const end = page.endKey ?? (page.items.length > 0 ? `p${String(page.items.at(-1)!.position.value)}` : undefined);
      expect(end).toBeDefined();
      after = { kind: 'feed', value: Number(end!.slice(1)) };
    }
    expect(found).toEqual([id]);
    // Seven entries (and the slots of the earlier test) read four at a time: more than one page.
    expect(pages).toBeGreaterThan(2);
  });

  it('reads one case’s chain for the counterpart a page at a time past the other side’s internal entries', async () => {
    // Four entries of Chongqing's own review before Chengdu has the case, then two that both read.
    const { id } = await bed.actors.createProposal('cq.drafter');
    await bed.actors.act('cq.drafter', 'submitForInternalReview', { caseId: id });
    await bed.actors.act('cq.reviewer', 'returnToDrafter', { caseId: id, comment: '再改' });
    await bed.actors.act('cq.drafter', 'submitForInternalReview', { caseId: id });
    await bed.actors.act('cq.reviewer', 'approveInternally', { caseId: id });
    await bed.actors.act('cd.reviewer', 'requestChanges', { caseId: id, comment: '请补充' });
    const store = new CaseStore(bed.database);
    const search = new HistorySearch(store, new CaseEngine(store), 3);
    const chengdu = await viewerOf('cd.reviewer');
    const pages: number[][] = [];
    let after: { kind: 'feed' | 'case'; value: number } | undefined;
    for (;;) {
      const page = await search.search(chengdu, { caseId: id }, { order: 'OLDEST_FIRST', first: 10, ...(after === undefined ? {} : { after }) });
      pages.push(page.items.map((entry) => entry.seq));
      if (!page.hasNextPage) break;
      const end = page.endKey ?? `s${String(page.items.at(-1)!.seq)}`;
      after = { kind: 'case', value: Number(end.slice(1)) };
    }
    // Three entries read a page: the first finds none Chengdu may read and says where it stopped.
    expect(pages).toEqual([[], [5, 6]]);
  });

  it('holds once the entry of one request sent twice at once to two servers, which both answer alike', async () => {
    const { id } = await bed.actors.createProposal('cq.drafter');
    // Both servers build the same entry to the byte (same viewer, key, request and clock): both answer it as
    // theirs, one insert commits it, and the other's slot must not show it a second time.
    const at = new Date();
    const servers = [0, 1].map(() => new CaseEngine(new CaseStore(bed.database), () => at));
    const drafter = await viewerOf('cq.drafter');
    const command = { type: 'SUBMIT_FOR_INTERNAL_REVIEW', input: {}, idempotencyKey: 'sent-twice', requestHash: 'sent-twice' };
    const answers = await Promise.all(servers.map((engine) => engine.act(drafter, id, command)));
    expect(answers.map((state) => state.head.seq)).toEqual([2, 2]);
    expect(answers[0]!.head.hash).toBe(answers[1]!.head.hash);

    await expectFeedWhole();
    expect(await bed.database.historyFeed.countDocuments({ caseId: id, seq: 2, void: { $ne: true } })).toBe(1);
    const found = (await everyPage({}, 'NEWEST_FIRST', 50)).filter((node) => node.caseId === id).map((node) => node.seq);
    expect(found).toEqual([2, 1]);
  });

  it('shows nothing of a writer that died between its claim and its insert, and the entry committed after it once', async () => {
    const { id } = await bed.actors.createProposal('cq.drafter');
    await bed.actors.act('cq.drafter', 'submitForInternalReview', { caseId: id });
    const dying = new CaseEngine(new DiesBeforeCommit(bed.database));
    await expect(dying.act(await viewerOf('cq.reviewer'), id, { type: 'APPROVE_INTERNALLY', input: {}, requestHash: 'dies' })).rejects.toThrow(
      /killed before the event insert/,
    );
    const dead = (await bed.database.historyFeed.findOne({ caseId: id, seq: 3 }))!;
    const deadPosition = Number(dead._id.slice('feed-'.length));

    // Read towards the newest, a page ends just before a slot whose entry may still come, and says there is more.
    const store = new CaseStore(bed.database);
    const auditor = await viewerOf('auditor');
    const oldestFirst = (now: Date) =>
      new HistorySearch(store, new CaseEngine(store), 1000, () => now).search(auditor, {}, { order: 'OLDEST_FIRST', first: 500 });
    const waiting = await oldestFirst(new Date());
    expect(waiting.hasNextPage).toBe(true);
    expect(waiting.endKey).toBe(`p${String(deadPosition - 1)}`);
    // A minute on, its writer counts as dead: the walk goes past it, finding nothing there.
    const later = await oldestFirst(new Date(Date.now() + 120_000));
    expect(later.hasNextPage).toBe(false);
    expect(later.items.filter((entry) => entry.caseId === id).map((entry) => entry.seq)).toEqual([1, 2]);

    expect((await bed.actors.act('cq.reviewer', 'approveInternally', { caseId: id })).errors).toBeUndefined();
    const found = (await everyPage({}, 'NEWEST_FIRST', 50)).filter((node) => node.caseId === id).map((node) => node.seq);
    expect(found).toEqual([3, 2, 1]);
    // The repair (run by each search) has seen the dead slot's seq taken by another entry: void, counted by nothing.
    expect(await bed.database.historyFeed.findOne({ _id: dead._id })).toMatchObject({ void: true });
    await expectFeedWhole();
    const count = await bed.actors.query<{ historyCount: number }>('auditor', '{ historyCount }');
    expect(count.data!.historyCount).toBe(await bed.database.events.countDocuments());
  });

  async function viewerOf(username: DemoUser): Promise<Viewer> {
    const user = (await bed.database.users.findOne({ username }))!;
    const agency = (await bed.database.agencies.findOne({ _id: user.agencyId }))!;
    return { userId: user._id, username, agencyId: user.agencyId, region: agency.region, roles: user.roles };
  }
});
