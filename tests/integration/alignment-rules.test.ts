import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Alignment } from '../support/alignments.js';
import { useTestBed } from '../support/bed.js';
import { demoUsers, type DemoUser } from '../support/cases.js';
import { codes, succeeded, type GraphQLResponse } from '../support/graphql.js';
import { startServer, productionEnv, type RunningServer } from '../support/server.js';
import { Actors } from '../support/cases.js';

type State = 'collecting' | 'reconciling' | 'escalated' | 'signing';
type Action = 'ADD_ITEM' | 'REMOVE_ITEM' | 'SUBMIT_SECTION' | 'PROPOSE' | 'ACCEPT' | 'COUNTER' | 'ESCALATE' | 'ARBITRATE' | 'SIGN' | 'ABANDON';

const reviewers: DemoUser[] = ['cq.reviewer', 'cd.reviewer'];
const chengduStaff: DemoUser[] = ['cd.drafter', 'cd.reviewer'];

/** DESIGN §4 and the issue, as the specification the machine must meet (Chongqing opened it and proposed first). */
const allowed: Record<State, Partial<Record<Action, DemoUser[]>>> = {
  // Only Chongqing has an item yet, and a section is submitted with at least one.
  collecting: { ADD_ITEM: ['cq.drafter', 'cd.drafter'], REMOVE_ITEM: ['cq.drafter'], SUBMIT_SECTION: ['cq.drafter', 'cq.reviewer'], ABANDON: reviewers },
  reconciling: {
    PROPOSE: ['cq.drafter', 'cq.reviewer', 'cd.drafter', 'cd.reviewer'],
    ACCEPT: chengduStaff,
    COUNTER: chengduStaff,
    ESCALATE: ['joint.coordinator'],
    ABANDON: reviewers,
  },
  escalated: { ARBITRATE: ['joint.coordinator'], ABANDON: reviewers },
  signing: { SIGN: ['cq.signatory', 'cd.signatory'], ABANDON: reviewers },
};

describe('plan alignment rules', () => {
  const bed = useTestBed('alignmentrules');

  /** Both sections in (Chongqing's with a CQ-only item), Chongqing has proposed on 5G; data circulation awaits a proposal. */
  async function inState(state: State): Promise<{ alignment: Alignment; cqItem: string }> {
    const alignment = await Alignment.open(bed.actors);
    const added = await alignment.addItem('cq.drafter', 'FIVE_G', '3 万个');
    const cqItem = added.data!.addPlanItem!.items[0]!.id;
    if (state === 'collecting') return { alignment, cqItem };
    await alignment.addItem('cq.drafter', 'DATA_CIRCULATION', '数据交换中心');
    await alignment.addItem('cd.drafter', 'FIVE_G', '2 万个');
    await alignment.submit('cq.reviewer');
    await alignment.submit('cd.reviewer');
    if (state === 'signing') {
      for (const topic of ['FIVE_G', 'DATA_CIRCULATION']) {
        await alignment.topic('cq.reviewer', 'proposeResolution', topic, '方案');
        await alignment.topic('cd.reviewer', 'acceptResolution', topic);
      }
      return { alignment, cqItem };
    }
    await alignment.topic('cq.reviewer', 'proposeResolution', 'FIVE_G', '各建 2.5 万个');
    if (state === 'escalated') await bed.actors.act('joint.coordinator', 'escalateCase', { caseId: alignment.id, reason: '僵持' });
    return { alignment, cqItem };
  }

  async function attempt(user: DemoUser, action: Action, alignment: Alignment, cqItem: string): Promise<GraphQLResponse<unknown>> {
    switch (action) {
      case 'ADD_ITEM':
        return alignment.addItem(user, 'BIG_DATA', '数据中心', user.startsWith('cd.') ? 'CD-ONLINE-GOV' : user.startsWith('cq.') ? 'CQ-BDB' : 'JOINT-OFFICE');
      case 'REMOVE_ITEM':
        return alignment.removeItem(user, cqItem);
      case 'SUBMIT_SECTION':
        return alignment.submit(user);
      case 'PROPOSE':
        return alignment.topic(user, 'proposeResolution', 'DATA_CIRCULATION', '共建');
      case 'ACCEPT':
        return alignment.topic(user, 'acceptResolution', 'FIVE_G');
      case 'COUNTER':
        return alignment.topic(user, 'counterPropose', 'FIVE_G', '对案');
      case 'ESCALATE':
        return bed.actors.act(user, 'escalateCase', { caseId: alignment.id, reason: '僵持' });
      case 'ARBITRATE':
        return alignment.topic(user, 'arbitratePlanItem', 'FIVE_G', '裁决');
      case 'ABANDON':
        return alignment.abandon(user, '终止');
      case 'SIGN': {
        const signer = user === 'cq.signatory' ? bed.signers.cq : user === 'cd.signatory' ? bed.signers.cd : undefined;
        const key = user === 'cq.signatory' ? bed.keys.cq : user === 'cd.signatory' ? bed.keys.cd : 'f'.repeat(64);
        const payload = await bed.actors.query<{ signingPayload: { payload: string } }>(
          user,
          'query($c: ID!, $k: ID!) { signingPayload(caseId: $c, keyId: $k) { payload } }',
          { c: alignment.id, k: key },
        );
        if (payload.errors !== undefined || signer === undefined) return payload;
        return bed.actors.submitSignature(user, alignment.id, payload.data!.signingPayload.payload, signer.sign(payload.data!.signingPayload.payload));
      }
    }
  }

  const actions = ['ADD_ITEM', 'REMOVE_ITEM', 'SUBMIT_SECTION', 'PROPOSE', 'ACCEPT', 'COUNTER', 'ESCALATE', 'ARBITRATE', 'SIGN', 'ABANDON'] as Action[];

  it.each(Object.keys(allowed) as State[])('in %s, only the allowed succeed, and every refusal records nothing', async (state) => {
    const shared = await inState(state);
    const snapshot = async () => JSON.stringify(succeeded(await shared.alignment.view('auditor')));
    const before = await snapshot();
    const wrong: string[] = [];
    for (const action of actions) {
      const permitted = allowed[state][action] ?? [];
      for (const user of demoUsers) {
        if (permitted.includes(user)) {
          const own = await inState(state);
          const response = await attempt(user, action, own.alignment, own.cqItem);
          if (response.errors !== undefined) wrong.push(`${action} by ${user}: refused ${codes(response).join()}`);
          continue;
        }
        const response = await attempt(user, action, shared.alignment, shared.cqItem);
        const code = codes(response).join();
        if (!['FORBIDDEN', 'INVALID_TRANSITION', 'BAD_USER_INPUT'].includes(code)) wrong.push(`${action} by ${user}: ${code || 'succeeded'}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await snapshot()).toBe(before);
  });

  it('never lets a city accept or counter its own proposal', async () => {
    const { alignment } = await inState('reconciling');
    for (const user of ['cq.drafter', 'cq.reviewer'] as const) {
      expect(codes(await alignment.topic(user, 'acceptResolution', 'FIVE_G')), user).toEqual(['FORBIDDEN']);
      expect(codes(await alignment.topic(user, 'counterPropose', 'FIVE_G', '自己的对案')), user).toEqual(['FORBIDDEN']);
    }
  });

  it('never shows a city the other’s draft, nor its drafting history, before both have submitted', async () => {
    const { alignment } = await inState('collecting');
    await alignment.addItem('cd.drafter', 'FIVE_G', '成都草稿');
    const seen = JSON.stringify(
      (
        await bed.actors.query(
          'cd.reviewer',
          `query($id: ID!) { case(id: $id) { ... on PlanAlignment { items { target } } history { edges { node { type actor { username } } } } } }`,
          { id: alignment.id },
        )
      ).data,
    );
    expect(seen).toContain('成都草稿');
    expect(seen).not.toContain('3 万个');
    expect(seen).not.toContain('"type":"ADD_ITEM","actor":{"username":"cq.drafter"}');
    const auditor = JSON.stringify((await alignment.view('auditor')).data);
    expect(auditor).toContain('3 万个');
  });

  it('refuses bad input on every alignment mutation', async () => {
    const { alignment } = await inState('collecting');
    const create = (input: Record<string, unknown>) =>
      bed.actors.query('cq.drafter', 'mutation($i: CreatePlanAlignmentInput!) { createPlanAlignment(input: $i) { id } }', {
        i: { counterpartAgencyId: 'CD-ONLINE-GOV', document: { title: '对接', summary: 's', body: 'b', policyAreas: ['FIVE_G'] }, ...input },
      });
    const cases: [string, () => Promise<GraphQLResponse<unknown>>, string][] = [
      ['create with 1 round', () => create({ maxRounds: 1 }), 'BAD_USER_INPUT'],
      ['create with 0 negotiation days', () => create({ negotiationDays: 0 }), 'BAD_USER_INPUT'],
      ['create towards its own city', () => create({ counterpartAgencyId: 'CQ-DRC' }), 'BAD_USER_INPUT'],
      ['an item with an unknown topic', () => alignment.addItem('cq.drafter', 'GAMBLING', 't'), 'BAD_USER_INPUT'],
      ['an item with an empty target', () => alignment.addItem('cq.drafter', 'FIVE_G', '  '), 'BAD_USER_INPUT'],
      ['an item owned by the other city', () => alignment.addItem('cq.drafter', 'FIVE_G', 't', 'CD-DRC'), 'BAD_USER_INPUT'],
      ['an item owned by an unknown agency', () => alignment.addItem('cq.drafter', 'FIVE_G', 't', 'CQ-NOWHERE'), 'NOT_FOUND'],
      ['an item with an operator as owner', () => alignment.addItem('cq.drafter', 'FIVE_G', 't', '{"$ne":null}'), 'BAD_USER_INPUT'],
      [
        'an item due on 2027-02-30',
        () =>
          bed.actors.query('cq.drafter', 'mutation($i: AddPlanItemInput!) { addPlanItem(input: $i) { id } }', {
            i: { caseId: alignment.id, topic: 'FIVE_G', target: 't', indicator: 'i', deadline: '2027-02-30', ownerAgencyId: 'CQ-BDB' },
          }),
        'BAD_USER_INPUT',
      ],
      ['removing an item that does not exist', () => alignment.removeItem('cq.drafter', randomUUID()), 'INVALID_TRANSITION'],
      ['removing with an operator', () => alignment.removeItem('cq.drafter', '{"$gt":""}'), 'BAD_USER_INPUT'],
      ['a proposal without text', () => alignment.topic('cq.reviewer', 'proposeResolution', 'FIVE_G'), 'BAD_USER_INPUT'],
      ['a proposal on an unknown topic', () => alignment.topic('cq.reviewer', 'proposeResolution', 'WEATHER', 'x'), 'BAD_USER_INPUT'],
      ['an arbitration without text', () => alignment.topic('joint.coordinator', 'arbitratePlanItem', 'FIVE_G'), 'BAD_USER_INPUT'],
      ['a counter-proposal without text', () => alignment.topic('cd.reviewer', 'counterPropose', 'FIVE_G', ''), 'BAD_USER_INPUT'],
      ['an acceptance with a topic that is not a policy area', () => alignment.topic('cd.reviewer', 'acceptResolution', 'fiveG'), 'BAD_USER_INPUT'],
      ['an acceptance before any proposal', () => alignment.topic('cd.reviewer', 'acceptResolution', 'BIG_DATA'), 'INVALID_TRANSITION'],
      ['a section submitted by the joint office', () => alignment.submit('joint.coordinator'), 'FORBIDDEN'],
      ['abandoning without a reason', () => alignment.abandon('cq.reviewer', ''), 'BAD_USER_INPUT'],
      ['a stale expected version', () => alignment.topic('cq.reviewer', 'proposeResolution', 'FIVE_G', 'x', { expectedVersion: 1 }), 'VERSION_CONFLICT'],
    ];
    const before = JSON.stringify((await alignment.view('auditor')).data);
    for (const [name, run, code] of cases) expect(codes(await run()), name).toEqual([code]);
    expect(JSON.stringify((await alignment.view('auditor')).data)).toBe(before);
  });

  describe('two server processes answering one item', () => {
    let second: RunningServer;

    it('let exactly one answer win', async () => {
      second = await startServer(productionEnv(bed.database.db.databaseName));
      const other = Actors.at(second.graphqlUrl);
      const { alignment } = await inState('reconciling');
      const seq = (await alignment.view('auditor')).data!.case.historyLength;
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) => {
          const via = i % 2 === 0 ? alignment : new Alignment(other, alignment.id);
          return i % 3 === 0
            ? via.topic('cd.reviewer', 'acceptResolution', 'FIVE_G', undefined, { expectedVersion: seq })
            : via.topic('cd.drafter', 'counterPropose', 'FIVE_G', `对案 ${i}`, { expectedVersion: seq });
        }),
      );
      expect(answers.filter((answer) => answer.errors === undefined)).toHaveLength(1);
      expect(answers.filter((answer) => codes(answer).join() === 'VERSION_CONFLICT')).toHaveLength(11);
      const view = (await alignment.view('auditor')).data!.case;
      expect(view.historyLength).toBe(seq + 1);
      expect(view.pairs.find((pair) => pair.topic === 'FIVE_G')!.proposals.length).toBeLessThanOrEqual(2);
      await second.stop();
    });
  });
});
