import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Actors, CASE_FIELDS, sampleDocument } from '../support/cases.js';
import { codes, gql, login, type GraphQLResponse } from '../support/graphql.js';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';
import { ed25519Signer, sm2Signer } from '../support/signers.js';

interface InboxPage {
  inbox: { edges: { node: { id: string; state: string; availableActions: string[] } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

describe('policy proposals', () => {
  let server: RunningServer;
  let actors: Actors;

  beforeAll(async () => {
    server = await startServer(productionEnv(uniqueDatabaseName('proposals')));
    actors = Actors.at(server.graphqlUrl);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('keeps the initiator’s internal drafts and history from the counterpart', async () => {
    const { id } = await actors.createProposal('cq.drafter');
    await actors.act('cq.drafter', 'submitForInternalReview', { caseId: id });
    await actors.act('cq.reviewer', 'returnToDrafter', { caseId: id, comment: '内部意见：先补充预算' });
    await actors.edit('cq.drafter', id, 1, '内部修改稿');
    await actors.act('cq.drafter', 'submitForInternalReview', { caseId: id });
    await actors.act('cq.reviewer', 'approveInternally', { caseId: id });
    await actors.act('cd.reviewer', 'requestChanges', { caseId: id, comment: '请明确数据安全责任' });
    await actors.edit('cq.drafter', id, 2, '尚未提交的修订稿');

    const query = 'query($id: ID!) { case(id: $id) { title currentVersion { number } versions { number } history { edges { node { type comment } } } } }';
    type Seen = {
      case: { currentVersion: { number: number }; versions: { number: number }[]; history: { edges: { node: { type: string; comment: string | null } }[] } };
    };
    const counterpart = (await actors.query<Seen>('cd.reviewer', query, { id })).data!.case;
    const initiator = (await actors.query<Seen>('cq.reviewer', query, { id })).data!.case;
    expect(initiator.currentVersion.number).toBe(3);
    expect(initiator.versions.map((v) => v.number)).toEqual([1, 2, 3]);
    expect(counterpart.currentVersion.number).toBe(2);
    // Version 1 was an internal draft: the counterpart was handed version 2 alone.
    expect(counterpart.versions.map((v) => v.number)).toEqual([2]);
    expect(counterpart.history.edges.map((e) => e.node.type)).toEqual(['APPROVE_INTERNALLY', 'REQUEST_CHANGES']);
    expect(JSON.stringify(counterpart)).not.toContain('内部意见');
    expect(initiator.history.edges.map((e) => e.node.type)).toEqual([
      'CREATE',
      'SUBMIT_FOR_INTERNAL_REVIEW',
      'RETURN_TO_DRAFTER',
      'EDIT',
      'SUBMIT_FOR_INTERNAL_REVIEW',
      'APPROVE_INTERNALLY',
      'REQUEST_CHANGES',
      'EDIT',
    ]);
    expect(codes(await actors.query('cd.reviewer', 'query($id: ID!) { documentDiff(caseId: $id, from: 2, to: 3) { body { text } } }', { id }))).toEqual([
      'NOT_FOUND',
    ]);
    expect(codes(await actors.query('cd.reviewer', 'query($id: ID!) { documentDiff(caseId: $id, from: 1, to: 2) { body { text } } }', { id }))).toEqual([
      'NOT_FOUND',
    ]);
  });

  it('needs k of n named signatories on a side when the case says so', async () => {
    const admin = await actors.token('admin');
    const create = (username: string, agencyId = 'CD-ONLINE-GOV') =>
      gql<{ createUser: { id: string } }>(
        server.graphqlUrl,
        'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
        { i: { username, displayName: username, agencyId, roles: ['SIGNATORY'], password: 'brass kettle on a windy pier' } },
        { token: admin },
      );
    const ids = [
      (await create('cd.sign.a')).data!.createUser.id,
      (await create('cd.sign.b')).data!.createUser.id,
      (await create('cd.sign.c')).data!.createUser.id,
    ];
    const tokens = await Promise.all(['cd.sign.a', 'cd.sign.b', 'cd.sign.c'].map((u) => login(server.graphqlUrl, u, 'brass kettle on a windy pier')));
    const { id } = await actors.createProposal('cq.drafter', { counterpartQuorum: { required: 2, signatories: ids } });
    await actors.act('cq.drafter', 'submitForInternalReview', { caseId: id });
    await actors.act('cq.reviewer', 'approveInternally', { caseId: id });
    await actors.act('cd.reviewer', 'acceptProposal', { caseId: id });

    const cq = ed25519Signer();
    expect((await actors.sign('cq.signatory', id, await actors.registerKey('cq.signatory', cq), cq)).data?.signCase.state).toBe('signing');
    // Chongqing has signed in full (one of any of its signatories): another of them cannot undo that by declining.
    await create('cq.sign.b', 'CQ-BDB');
    const cqOther = await login(server.graphqlUrl, 'cq.sign.b', 'brass kettle on a windy pier');
    const offered = await gql<{ case: { availableActions: string[] } }>(
      server.graphqlUrl,
      'query($id: ID!) { case(id: $id) { availableActions } }',
      { id },
      { token: cqOther },
    );
    expect(offered.data!.case.availableActions).toEqual([]);
    const undo = await gql(
      server.graphqlUrl,
      `mutation($i: CaseActionInput!) { declineToSign(input: $i) { id } }`,
      { i: { caseId: id, reason: '同城另一签署人否决' } },
      { token: cqOther },
    );
    expect(codes(undo)).toEqual(['FORBIDDEN']);
    const signAs = async (token: string): Promise<GraphQLResponse<{ signCase: { state: string } }>> => {
      const signer = sm2Signer();
      const key = await gql<{ registerSigningKey: { id: string } }>(
        server.graphqlUrl,
        'mutation($k: String!) { registerSigningKey(algorithm: SM2, publicKey: $k, label: "k") { id } }',
        { k: signer.publicKey },
        { token },
      );
      const payload = await gql<{ signingPayload: { payload: string } }>(
        server.graphqlUrl,
        'query($c: ID!, $k: ID!) { signingPayload(caseId: $c, keyId: $k) { payload } }',
        { c: id, k: key.data!.registerSigningKey.id },
        { token },
      );
      if (payload.errors !== undefined) return { ...payload, data: null };
      const text = payload.data!.signingPayload.payload;
      return gql<{ signCase: { state: string } }>(
        server.graphqlUrl,
        `mutation($i: SignCaseInput!) { signCase(input: $i) { ${CASE_FIELDS} } }`,
        { i: { caseId: id, payload: text, signature: signer.sign(text) } },
        { token },
      );
    };
    expect(codes(await signAs(await actors.token('cd.signatory')))).toEqual(['FORBIDDEN']);
    // The named quorum binds declining too: Chengdu's other signatory is not waited for and cannot send the case back.
    const before = (await actors.read('auditor', id)).data!.case.historyLength;
    expect(codes(await actors.act('cd.signatory', 'declineToSign', { caseId: id, reason: '我不同意' }))).toEqual(['FORBIDDEN']);
    expect((await actors.read('auditor', id)).data!.case.historyLength).toBe(before);
    const waiting = await actors.query<{ case: { waitingFor: { agency: { id: string } | null; users: { id: string }[] }[] } }>(
      'auditor',
      'query($id: ID!) { case(id: $id) { waitingFor { agency { id } users { id } } } }',
      { id },
    );
    expect(waiting.data!.case.waitingFor).toEqual([
      { agency: { id: 'CD-ONLINE-GOV' }, users: ids.map((userId) => ({ id: userId })).sort((a, b) => a.id.localeCompare(b.id)) },
    ]);
    const outsiderInbox = await actors.query<{ inbox: { edges: { node: { id: string } }[] } }>(
      'cd.signatory',
      '{ inbox(first: 100) { edges { node { id } } } }',
    );
    expect(outsiderInbox.data!.inbox.edges.map((edge) => edge.node.id)).not.toContain(id);
    expect((await signAs(tokens[0]!)).data?.signCase.state).toBe('signing');
    // Signing again is told so, and changes nothing.
    const again = await signAs(tokens[0]!);
    expect(codes(again)).toEqual(['FORBIDDEN']);
    expect(again.errors?.[0]?.extensions).toMatchObject({ reason: 'ALREADY_SIGNED', messages: { en: 'You have already signed in this round' } });
    expect((await signAs(tokens[2]!)).data?.signCase.state).toBe('adopted');
    const signedBy = await actors.query<{
      case: { signedBy: { username: string }[]; counterpartQuorum: { required: number; signatories: { username: string }[] } };
    }>(
      'auditor',
      'query($id: ID!) { case(id: $id) { ... on PolicyProposal { signedBy { username } counterpartQuorum { required signatories { username } } } } }',
      { id },
    );
    expect(signedBy.data!.case.signedBy.map((u) => u.username)).toEqual(['cq.signatory', 'cd.sign.a', 'cd.sign.c']);
    expect(signedBy.data!.case.counterpartQuorum).toEqual({
      required: 2,
      signatories: [{ username: 'cd.sign.a' }, { username: 'cd.sign.b' }, { username: 'cd.sign.c' }],
    });
  });

  it('puts a case in the inbox of exactly those it waits for, with what they may do', async () => {
    const { id } = await actors.createProposal('cq.drafter', { document: sampleDocument('成渝 5G 网络协同建设提案') });
    const inboxOf = async (user: Parameters<Actors['query']>[0]) =>
      (await actors.query<InboxPage>(user, '{ inbox(first: 100) { edges { node { id state availableActions } } pageInfo { hasNextPage endCursor } } }'))
        .data!.inbox.edges.map((e) => e.node)
        .filter((n) => n.id === id);
    const holders = async () => {
      const result: Record<string, string[]> = {};
      for (const user of ['cq.drafter', 'cq.reviewer', 'cq.signatory', 'cd.drafter', 'cd.reviewer', 'cd.signatory', 'joint.coordinator', 'auditor'] as const) {
        const found = await inboxOf(user);
        if (found.length > 0) result[user] = found[0]!.availableActions;
      }
      return result;
    };
    expect(await holders()).toEqual({ 'cq.drafter': ['EDIT', 'SUBMIT_FOR_INTERNAL_REVIEW', 'WITHDRAW'] });
    await actors.act('cq.drafter', 'submitForInternalReview', { caseId: id });
    expect(await holders()).toEqual({ 'cq.reviewer': ['APPROVE_INTERNALLY', 'RETURN_TO_DRAFTER', 'WITHDRAW'] });
    await actors.act('cq.reviewer', 'approveInternally', { caseId: id });
    expect(await holders()).toEqual({ 'cd.reviewer': ['REQUEST_CHANGES', 'ACCEPT', 'REJECT'] });
    await actors.act('joint.coordinator', 'escalateCase', { caseId: id, reason: '审核超期' });
    expect(await holders()).toEqual({ 'joint.coordinator': ['ARBITRATE'] });
    await actors.act('joint.coordinator', 'arbitrate', { caseId: id, resolution: 'PROCEED_TO_SIGNING', comment: '双方已口头同意' });
    expect(await holders()).toEqual({ 'cq.signatory': ['SIGN', 'DECLINE_TO_SIGN'], 'cd.signatory': ['SIGN', 'DECLINE_TO_SIGN'] });
  });

  it('pages through an inbox with cursors', async () => {
    for (let i = 0; i < 5; i += 1) await actors.createProposal('cd.drafter');
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard += 1) {
      const page: { data?: InboxPage | null } = await actors.query<InboxPage>(
        'cd.drafter',
        'query($after: String) { inbox(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      seen.push(...page.data!.inbox.edges.map((e) => e.node.id));
      if (!page.data!.inbox.pageInfo.hasNextPage) break;
      after = page.data!.inbox.pageInfo.endCursor;
    }
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('describes its workflows for drawing', async () => {
    const response = await actors.query<{
      workflowDefinitions: {
        key: string;
        initial: string;
        states: { id: string; final: boolean }[];
        transitions: { event: string; source: string; targets: string[] }[];
        events: string[];
      }[];
    }>('auditor', '{ workflowDefinitions { key initial states { id final } transitions { event source targets } events } }');
    const [proposal] = response.data!.workflowDefinitions;
    expect(proposal!.key).toBe('policyProposal@1');
    expect(proposal!.initial).toBe('drafting');
    expect(proposal!.states.filter((s) => s.final).map((s) => s.id)).toEqual([
      'signing.initiatorSide.signed',
      'signing.counterpartSide.signed',
      'adopted',
      'rejected',
      'withdrawn',
    ]);
    expect(proposal!.transitions).toContainEqual({ event: 'ACCEPT', source: 'counterpartReview', targets: ['signing'] });
    expect(proposal!.events).toContain('ARBITRATE');
  });
});
