import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Actors, CASE_FIELDS } from '../support/cases.js';
import { codes } from '../support/graphql.js';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';

describe('two server processes on one database', () => {
  let first: RunningServer;
  let second: RunningServer;
  let viaFirst: Actors;
  let viaSecond: Actors;

  beforeAll(async () => {
    const database = uniqueDatabaseName('concurrency');
    [first, second] = await Promise.all([startServer(productionEnv(database)), startServer(productionEnv(database))]);
    viaFirst = Actors.at(first.graphqlUrl);
    viaSecond = Actors.at(second.graphqlUrl);
  });
  afterAll(async () => {
    await Promise.all([first.stop(), second.stop()]);
  });

  async function inCounterpartReview(): Promise<{ id: string; seq: number }> {
    const { id } = await viaFirst.createProposal('cq.drafter');
    await viaFirst.act('cq.drafter', 'submitForInternalReview', { caseId: id });
    const shared = await viaSecond.act('cq.reviewer', 'approveInternally', { caseId: id });
    return { id, seq: shared.data!.approveInternally!.historyLength };
  }

  it('commits exactly one of 20 simultaneous conflicting actions; the rest are VERSION_CONFLICT', async () => {
    const { id, seq } = await inCounterpartReview();
    const choices = [
      ['acceptProposal', {}],
      ['requestChanges', { comment: '请补充' }],
      ['rejectProposal', { reason: '不符合规划' }],
    ] as const;
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const [mutation, extra] = choices[i % choices.length]!;
        return (i % 2 === 0 ? viaFirst : viaSecond).act('cd.reviewer', mutation, { caseId: id, expectedVersion: seq, ...extra });
      }),
    );
    const succeeded = responses.filter((response) => response.errors === undefined);
    expect(succeeded).toHaveLength(1);
    expect(responses.filter((response) => codes(response).join() === 'VERSION_CONFLICT')).toHaveLength(19);
    const types = await viaFirst.historyTypes(id);
    expect(types).toHaveLength(seq + 1);
    const after = await viaSecond.read('auditor', id);
    expect(after.data?.case.historyLength).toBe(seq + 1);
    expect(after.data?.case.state).toBe(Object.values(succeeded[0]!.data!)[0]!.state);
  });

  it('answers a retried request with its idempotency key from the first result, recording nothing twice', async () => {
    const { id, seq } = await inCounterpartReview();
    const input = { caseId: id, comment: '同意，请双方签署', idempotencyKey: 'accept-2026-11-24-0001' };
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? viaFirst : viaSecond).act('cd.reviewer', 'acceptProposal', input)));
    for (const response of responses) {
      expect(response.errors).toBeUndefined();
      expect(response.data?.acceptProposal?.state).toBe('signing');
    }
    expect(await viaFirst.historyTypes(id)).toHaveLength(seq + 1);

    const retried = await viaSecond.act('cd.reviewer', 'acceptProposal', input);
    expect(retried.data?.acceptProposal?.historyLength).toBe(seq + 1);
    const reused = await viaFirst.act('cd.reviewer', 'acceptProposal', { ...input, comment: '另一个请求' });
    expect(codes(reused)).toEqual(['BAD_USER_INPUT']);
    expect(await viaFirst.historyTypes(id)).toHaveLength(seq + 1);
    // Sent again after the case has moved on, it is still answered with the case as that request left it.
    expect((await viaFirst.act('cd.signatory', 'declineToSign', { caseId: id, reason: '附件缺失' })).errors).toBeUndefined();
    const late = await viaSecond.act('cd.reviewer', 'acceptProposal', input);
    expect(late.data?.acceptProposal).toMatchObject({ state: 'signing', historyLength: seq + 1 });
    expect(await viaFirst.historyTypes(id)).toHaveLength(seq + 2);
  });

  it('creates a case once for a retried create', async () => {
    const input = {
      counterpartAgencyId: 'CD-ONLINE-GOV',
      document: { title: '成渝 5G 联合建设提案', summary: '共建 5G 网络', body: '正文', policyAreas: ['FIVE_G'] },
      idempotencyKey: 'create-5g-proposal-0001',
    };
    const create = (actors: Actors) =>
      actors.query<{ createProposal: { id: string } }>('cq.drafter', `mutation($i: CreateProposalInput!) { createProposal(input: $i) { ${CASE_FIELDS} } }`, {
        i: input,
      });
    const responses = await Promise.all([create(viaFirst), create(viaSecond), create(viaFirst), create(viaSecond)]);
    const ids = new Set(responses.map((response) => response.data?.createProposal.id));
    expect(ids.size).toBe(1);
    const inbox = await viaFirst.query<{ inbox: { edges: { node: { id: string } }[] } }>('cq.drafter', '{ inbox(first: 100) { edges { node { id } } } }');
    expect(inbox.data!.inbox.edges.filter((edge) => ids.has(edge.node.id))).toHaveLength(1);
  });

  it('keeps one of 10 simultaneous edits of the same version and never shows the others', async () => {
    const { id } = await viaFirst.createProposal('cq.drafter');
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? viaFirst : viaSecond).edit('cq.drafter', id, 1, `第 ${i} 份修改`)));
    expect(responses.filter((response) => response.errors === undefined)).toHaveLength(1);
    expect(responses.filter((response) => codes(response).join() === 'VERSION_CONFLICT')).toHaveLength(9);
    const versions = await viaSecond.query<{ case: { versions: { number: number }[] } }>(
      'cq.drafter',
      'query($id: ID!) { case(id: $id) { versions { number } } }',
      { id },
    );
    expect(versions.data!.case.versions.map((v) => v.number)).toEqual([1, 2]);
    const stale = await viaFirst.edit('cq.drafter', id, 1, '基于旧版本的修改');
    expect(codes(stale)).toEqual(['VERSION_CONFLICT']);
  });
});
