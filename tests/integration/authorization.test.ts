import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionMutations, Actors, demoUsers, type DemoUser } from '../support/cases.js';
import { codes, succeeded, type GraphQLResponse } from '../support/graphql.js';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';
import { ed25519Signer, sm2Signer } from '../support/signers.js';

type State = 'drafting' | 'internalReview' | 'counterpartReview' | 'revising' | 'signing' | 'escalated';
type Action =
  | 'EDIT'
  | 'SUBMIT_FOR_INTERNAL_REVIEW'
  | 'APPROVE_INTERNALLY'
  | 'RETURN_TO_DRAFTER'
  | 'REQUEST_CHANGES'
  | 'ACCEPT'
  | 'REJECT'
  | 'RESUBMIT'
  | 'SIGN'
  | 'DECLINE_TO_SIGN'
  | 'ESCALATE'
  | 'ARBITRATE'
  | 'WITHDRAW';

const initiatorStaff: DemoUser[] = ['cq.drafter', 'cq.reviewer'];
const signatories: DemoUser[] = ['cq.signatory', 'cd.signatory'];

/** DESIGN §4, written out as the specification the machine must meet: who may do what, in which state. */
const allowed: Record<State, Partial<Record<Action, DemoUser[]>>> = {
  drafting: { EDIT: ['cq.drafter'], SUBMIT_FOR_INTERNAL_REVIEW: ['cq.drafter'], WITHDRAW: initiatorStaff },
  internalReview: { APPROVE_INTERNALLY: ['cq.reviewer'], RETURN_TO_DRAFTER: ['cq.reviewer'], WITHDRAW: initiatorStaff },
  counterpartReview: {
    REQUEST_CHANGES: ['cd.reviewer'],
    ACCEPT: ['cd.reviewer'],
    REJECT: ['cd.reviewer'],
    ESCALATE: ['joint.coordinator'],
    WITHDRAW: initiatorStaff,
  },
  revising: { EDIT: ['cq.drafter'], RESUBMIT: ['cq.drafter'], WITHDRAW: initiatorStaff },
  signing: { SIGN: signatories, DECLINE_TO_SIGN: signatories },
  escalated: { ARBITRATE: ['joint.coordinator'], WITHDRAW: initiatorStaff },
};
/** Before the counterpart receives the case, only the initiating side (and the joint office) may know it exists. */
const invisibleIn: Partial<Record<State, DemoUser[]>> = {
  drafting: ['cd.drafter', 'cd.reviewer', 'cd.signatory'],
  internalReview: ['cd.drafter', 'cd.reviewer', 'cd.signatory'],
};

/**
 * Where the other city is told the case as of an earlier entry (README, "Cases, history and the commit protocol"),
 * what nobody could do in the case as it is told: refused INVALID_TRANSITION, since FORBIDDEN (someone else could)
 * would tell it what the other city did inside. In revising, the case here holds Chongqing's internal revision;
 * Chengdu is told it as changes were asked for, when there was nothing to resubmit.
 */
const noneCouldAsTold: Partial<Record<State, { users: DemoUser[]; actions: Action[] }>> = {
  revising: { users: ['cd.drafter', 'cd.reviewer', 'cd.signatory'], actions: ['RESUBMIT'] },
};

const actions = ['EDIT', 'SIGN', ...Object.keys(actionMutations)] as Action[];
const states = Object.keys(allowed) as State[];

describe('authorisation matrix of policyProposal@1: every action × every demo user (role × region) × every state', () => {
  let server: RunningServer;
  let actors: Actors;
  const signers = { 'cq.signatory': ed25519Signer(), 'cd.signatory': sm2Signer() };
  const keys: Partial<Record<DemoUser, string>> = {};

  beforeAll(async () => {
    server = await startServer(productionEnv(uniqueDatabaseName('matrix')));
    actors = Actors.at(server.graphqlUrl);
    keys['cq.signatory'] = await actors.registerKey('cq.signatory', signers['cq.signatory']);
    keys['cd.signatory'] = await actors.registerKey('cd.signatory', signers['cd.signatory']);
  });
  afterAll(async () => {
    await server.stop();
  });

  async function caseIn(state: State): Promise<string> {
    const { id } = await actors.createProposal('cq.drafter');
    const steps: [DemoUser, string, Record<string, unknown>][] = [];
    if (state !== 'drafting') steps.push(['cq.drafter', 'submitForInternalReview', {}]);
    if (!['drafting', 'internalReview'].includes(state)) steps.push(['cq.reviewer', 'approveInternally', {}]);
    if (state === 'revising') steps.push(['cd.reviewer', 'requestChanges', { comment: '请补充数据安全条款' }]);
    if (state === 'signing') steps.push(['cd.reviewer', 'acceptProposal', {}]);
    if (state === 'escalated') steps.push(['joint.coordinator', 'escalateCase', { reason: '审核超期' }]);
    for (const [user, mutation, input] of steps) expect((await actors.act(user, mutation, { caseId: id, ...input })).errors).toBeUndefined();
    if (state === 'revising') expect((await actors.edit('cq.drafter', id, 1, '补充：数据安全联合监管。')).errors).toBeUndefined();
    return id;
  }

  async function attempt(user: DemoUser, action: Action, caseId: string, version: number): Promise<GraphQLResponse<unknown>> {
    if (action === 'EDIT') return actors.edit(user, caseId, version, `由 ${user} 修改`);
    if (action === 'SIGN') {
      const key = keys[user];
      if (key === undefined) {
        return actors.query(user, 'query($c: ID!, $k: ID!) { signingPayload(caseId: $c, keyId: $k) { payload } }', { c: caseId, k: 'f'.repeat(64) });
      }
      const payload = await actors.query<{ signingPayload: { payload: string } }>(
        user,
        'query($c: ID!, $k: ID!) { signingPayload(caseId: $c, keyId: $k) { payload } }',
        { c: caseId, k: key },
      );
      if (payload.errors !== undefined) return payload;
      const text = payload.data!.signingPayload.payload;
      return actors.submitSignature(user, caseId, text, signers[user as keyof typeof signers].sign(text));
    }
    const input: Record<string, unknown> = { caseId, comment: '意见', reason: '理由', idempotencyKey: `m-${randomUUID()}` };
    if (action === 'ARBITRATE') {
      delete input.reason;
      input.resolution = 'RETURN_TO_REVIEW';
    }
    if (['ESCALATE', 'REJECT', 'DECLINE_TO_SIGN', 'WITHDRAW'].includes(action)) delete input.comment;
    if (!['ESCALATE', 'REJECT', 'DECLINE_TO_SIGN', 'WITHDRAW'].includes(action)) delete input.reason;
    return actors.act(user, actionMutations[action], input);
  }

  const snapshotOf = async (caseId: string) =>
    succeeded(
      await actors.query('auditor', 'query($id: ID!) { case(id: $id) { state historyLength headHash versions { id } signatures { id } } }', { id: caseId }),
    );

  it.each(states)('in %s, only the allowed succeed; every refusal is FORBIDDEN, NOT_FOUND or INVALID_TRANSITION and records nothing', async (state) => {
    const shared = await caseIn(state);
    const before = await snapshotOf(shared);
    const version = state === 'revising' ? 2 : 1;
    const outcomes: string[] = [];
    for (const action of actions) {
      const permitted = allowed[state][action] ?? [];
      for (const user of demoUsers) {
        if (permitted.includes(user)) {
          // A success changes the case, so each runs on a case of its own.
          const own = await caseIn(state);
          const response = await attempt(user, action, own, version);
          outcomes.push(`${action} by ${user}: ${response.errors === undefined ? 'ok' : codes(response).join()}`);
          continue;
        }
        const toldOtherwise = noneCouldAsTold[state]?.users.includes(user) === true && noneCouldAsTold[state]?.actions.includes(action) === true;
        const expected = invisibleIn[state]?.includes(user) ? 'NOT_FOUND' : permitted.length > 0 && !toldOtherwise ? 'FORBIDDEN' : 'INVALID_TRANSITION';
        const response = await attempt(user, action, shared, version);
        const got = codes(response).join();
        if (got !== expected) outcomes.push(`${action} by ${user}: expected ${expected}, got ${got || 'success'}`);
      }
    }
    expect(outcomes.filter((outcome) => !outcome.endsWith(': ok'))).toEqual([]);
    expect(await snapshotOf(shared)).toEqual(before);
  });

  it('lets only the drafters of the two cities start a proposal, towards the other city', async () => {
    const create = (user: DemoUser, counterpartAgencyId: string) =>
      actors.query(user, 'mutation($i: CreateProposalInput!) { createProposal(input: $i) { id } }', {
        i: { counterpartAgencyId, document: { title: '标题', summary: '摘要', body: '正文', policyAreas: ['FIVE_G'] } },
      });
    for (const user of demoUsers.filter((u) => !u.endsWith('drafter'))) expect(codes(await create(user, 'CD-DRC')), user).toEqual(['FORBIDDEN']);
    expect(codes(await create('cq.drafter', 'CQ-DRC'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await create('cq.drafter', 'JOINT-OFFICE'))).toEqual(['BAD_USER_INPUT']);
    // An agency with no signatory could never sign: refused at creation, naming the quorum.
    const unsignable = await create('cd.drafter', 'CQ-LIANGJIANG');
    expect(codes(unsignable)).toEqual(['BAD_USER_INPUT']);
    expect(unsignable.errors?.[0]?.extensions?.field).toBe('counterpartQuorum');
    expect((await create('cd.drafter', 'CQ-BDB')).errors).toBeUndefined();
  });
});
