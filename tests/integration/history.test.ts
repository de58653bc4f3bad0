import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLEnumType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Actors, type DemoUser } from '../support/cases.js';
import { workflowKinds } from '../../workflows/registry.js';
import { Alignment } from '../support/alignments.js';
import { codes } from '../support/graphql.js';
import { Project } from '../support/projects.js';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';

interface Entry {
  caseId: string;
  seq: number;
  type: string;
  toState: string;
  at: string;
  actor: { username: string; region: string; agencyId: string };
}
interface Page {
  history: {
    edges: { cursor: string; node: Entry }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  };
}

const HISTORY = `query($filter: HistoryFilter, $order: HistoryOrder, $first: Int, $after: String, $last: Int, $before: String) {
  history(filter: $filter, order: $order, first: $first, after: $after, last: $last, before: $before) {
    edges { cursor node { caseId seq type toState at actor { username region agencyId } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

describe('history search across cases', () => {
  let server: RunningServer;
  let actors: Actors;
  let shared: string;
  let internal: string;
  let fromChengdu: string;
  let between: string;

  const search = (user: DemoUser, variables: Record<string, unknown>) => actors.query<Page>(user, HISTORY, variables);
  const entries = async (user: DemoUser, filter: Record<string, unknown>, order = 'OLDEST_FIRST') =>
    (await search(user, { filter, order, first: 500 })).data!.history.edges.map((e) => e.node);

  beforeAll(async () => {
    server = await startServer(productionEnv(uniqueDatabaseName('history')));
    actors = Actors.at(server.graphqlUrl);
    internal = (await actors.createProposal('cq.drafter')).id;
    await actors.act('cq.drafter', 'submitForInternalReview', { caseId: internal });
    between = new Date().toISOString();
    shared = (await actors.createProposal('cq.drafter')).id;
    await actors.act('cq.drafter', 'submitForInternalReview', { caseId: shared });
    await actors.act('cq.reviewer', 'approveInternally', { caseId: shared });
    await actors.act('cd.reviewer', 'acceptProposal', { caseId: shared });
    fromChengdu = (await actors.createProposal('cd.drafter')).id;
    await actors.act('cd.drafter', 'withdrawCase', { caseId: fromChengdu, reason: '合并到另一提案' });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('gives auditors every entry, oldest or newest first', async () => {
    const oldest = await entries('auditor', {});
    expect(oldest).toHaveLength(8);
    const newest = await entries('auditor', {}, 'NEWEST_FIRST');
    expect(newest).toEqual([...oldest].reverse());
    const times = oldest.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it.each([
    ['actor', { actor: 'cd.reviewer' }, (e: Entry) => e.actor.username === 'cd.reviewer', 1],
    ['region', { region: 'CHENGDU' }, (e: Entry) => e.actor.region === 'CHENGDU', 3],
    ['agency', { agencyId: 'CQ-BDB' }, (e: Entry) => e.actor.agencyId === 'CQ-BDB', 5],
    ['event type', { eventType: 'CREATE' }, (e: Entry) => e.type === 'CREATE', 3],
    ['state entered', { state: 'signing' }, (e: Entry) => e.toState === 'signing', 1],
    ['case type', { caseType: 'POLICY_PROPOSAL' }, () => true, 8],
  ])('filters by %s', async (_, filter, predicate, count) => {
    const found = await entries('auditor', filter);
    expect(found).toHaveLength(count);
    expect(found.every(predicate)).toBe(true);
  });

  it('filters by time range and case', async () => {
    const later = await entries('auditor', { from: between });
    expect(later.map((e) => e.caseId)).not.toContain(internal);
    const earlier = await entries('auditor', { to: between });
    expect(new Set(earlier.map((e) => e.caseId))).toEqual(new Set([internal]));
    const one = await entries('auditor', { caseId: shared });
    expect(one.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('pages forward and backward through a stable order', async () => {
    const all = await entries('auditor', {}, 'NEWEST_FIRST');
    const forward: Entry[] = [];
    let after: string | null = null;
    let previous = false;
    for (;;) {
      const page: Page['history'] = (await search('auditor', { order: 'NEWEST_FIRST', first: 2, after })).data!.history;
      forward.push(...page.edges.map((e) => e.node));
      expect(page.pageInfo.hasPreviousPage).toBe(previous);
      previous = true;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(forward).toEqual(all);

    const backward: Entry[] = [];
    let before: string | null = null;
    for (;;) {
      const page: Page['history'] = (await search('auditor', { order: 'NEWEST_FIRST', last: 2, before })).data!.history;
      backward.unshift(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(backward).toEqual(all);
  });

  it("pages one case's own history two entries at a time, each once", async () => {
    const CASE_HISTORY =
      'query($id: ID!, $after: String) { case(id: $id) { historyLength history(first: 2, after: $after) { edges { node { seq } } pageInfo { hasNextPage endCursor } } } }';
    type CasePage = {
      case: { historyLength: number; history: { edges: { node: { seq: number } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
    };
    const seqs: number[] = [];
    let after: string | null = null;
    let length = 0;
    for (;;) {
      const response: Awaited<ReturnType<typeof actors.query<CasePage>>> = await actors.query<CasePage>('auditor', CASE_HISTORY, { id: shared, after });
      expect(response.errors).toBeUndefined();
      length = response.data!.case.historyLength;
      seqs.push(...response.data!.case.history.edges.map((edge) => edge.node.seq));
      if (!response.data!.case.history.pageInfo.hasNextPage) break;
      after = response.data!.case.history.pageInfo.endCursor;
    }
    expect(length).toBeGreaterThan(2);
    expect(seqs).toEqual(Array.from({ length }, (_, index) => index + 1));
  });

  it('shows others only what their agency may read', async () => {
    const chengdu = await entries('cd.reviewer', {});
    expect(chengdu.map((e) => `${e.caseId === shared ? 'shared' : 'chengdu'}:${e.type}`)).toEqual([
      'shared:APPROVE_INTERNALLY',
      'shared:ACCEPT',
      'chengdu:CREATE',
      'chengdu:WITHDRAW',
    ]);
    const chongqing = await entries('cq.signatory', {});
    expect(new Set(chongqing.map((e) => e.caseId))).toEqual(new Set([internal, shared]));
    expect(await entries('joint.coordinator', {})).toHaveLength(8);
  });

  it('narrows by every case type the schema names, and counts what it narrows to', async () => {
    await Alignment.open(actors);
    await Project.open(actors);
    const schema = buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));
    const caseTypes = (schema.getType('CaseType') as GraphQLEnumType).getValues().map((value) => value.name);
    expect(caseTypes.sort()).toEqual(
      Object.values(workflowKinds)
        .map((kind) => kind.caseType)
        .sort(),
    );
    const all = await entries('auditor', {});
    for (const caseType of caseTypes) {
      const narrowed = await actors.query<{ history: { edges: { node: { caseType: string } }[] }; historyCount: number }>(
        'auditor',
        'query($f: HistoryFilter) { history(filter: $f, first: 500) { edges { node { caseType } } } historyCount(filter: $f) }',
        { f: { caseType } },
      );
      const types = narrowed.data!.history.edges.map((edge) => edge.node.caseType);
      expect(types.length, caseType).toBeGreaterThan(0);
      expect(types.length, caseType).toBeLessThan(all.length);
      expect(new Set(types), caseType).toEqual(new Set([caseType]));
      expect(narrowed.data!.historyCount, caseType).toBe(types.length);
    }
  });

  it.each([
    ['an operator as actor', { filter: { actor: '{"$ne":null}' } }],
    ['an inverted time range', { filter: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } }],
    ['a bad event type', { filter: { eventType: 'accept; drop' } }],
    ['a date without a time zone', { filter: { from: '2026-01-01T00:00:00' } }],
    // Dates that do not exist, which `Date` would roll over into the next day or month.
    ['the 31st of November', { filter: { from: '2026-11-31T00:00:00Z' } }],
    ['the 30th of February', { filter: { to: '2026-02-30T12:00:00+08:00' } }],
    ['the 29th of February of a common year', { filter: { from: '2027-02-29T00:00:00Z' } }],
    ['hour 24', { filter: { from: '2026-12-06T24:00:00Z' } }],
    ['an offset of 24 hours', { filter: { from: '2026-12-06T10:00:00+24:00' } }],
    // Instants that are past 9999 or before 0000 in UTC, which could not be written back as RFC 3339.
    ['the year 10000 in UTC', { filter: { from: '9999-12-31T23:59:59-01:00' } }],
    ['the year -1 in UTC', { filter: { to: '0000-01-01T00:00:00+01:00' } }],
    ['a forged cursor', { after: 'eyJ4IjoxfQ' }],
    // A position in the clear, as cursors were before they were sealed: it would tell how much was recorded.
    ['a cursor made from a feed position', { after: Buffer.from('p1').toString('base64url') }],
    ['both directions at once', { first: 2, last: 2 }],
    ['a page too large', { first: 100000 }],
  ])('refuses %s', async (_, variables) => {
    expect(codes(await search('auditor', variables))).toEqual(['BAD_USER_INPUT']);
  });

  it('names the filter field a refused value came in', async () => {
    for (const [field, filter] of [
      ['actor', { actor: 'x'.repeat(41) }],
      ['agencyId', { agencyId: 'not an agency' }],
      ['caseId', { caseId: 'nope' }],
    ] as const) {
      const refused = await search('auditor', { filter });
      expect(refused.errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});
