import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Actors, type DemoUser } from '../support/cases.js';
import { codes } from '../support/graphql.js';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';
import { ed25519Signer, sm2Signer } from '../support/signers.js';

interface AsOf {
  state: string;
  historyLength: number;
  version: { number: number };
  signatures: { signerName: string; current: boolean }[];
  availableActions: string[];
}

describe('caseAsOf', () => {
  let server: RunningServer;
  let actors: Actors;
  let id: string;
  const moments: Record<string, string> = {};
  const mark = async (name: string) => {
    await new Promise((resolve) => setTimeout(resolve, 15));
    moments[name] = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 15));
  };
  const asOf = (user: DemoUser, at: string) =>
    actors.query<{ caseAsOf: AsOf }>(user, 'query($id: ID!, $at: DateTime!) { caseAsOf(id: $id, at: $at) { state historyLength version { number } signatures { signerName current } availableActions } }', { id, at });

  beforeAll(async () => {
    server = await startServer(productionEnv(uniqueDatabaseName('asof')));
    actors = await Actors.signIn(server.graphqlUrl);
    const cq = ed25519Signer();
    const cqKey = await actors.registerKey('cq.signatory', cq);
    const cd = sm2Signer();
    const cdKey = await actors.registerKey('cd.signatory', cd);
    await mark('before');
    id = (await actors.createProposal('cq.drafter')).id;
    await actors.act('cq.drafter', 'submitForInternalReview', { caseId: id });
    await mark('internal');
    await actors.act('cq.reviewer', 'approveInternally', { caseId: id });
    await mark('shared');
    await actors.act('cd.reviewer', 'acceptProposal', { caseId: id });
    await actors.sign('cq.signatory', id, cqKey, cq);
    await mark('halfSigned');
    await actors.act('cd.signatory', 'declineToSign', { caseId: id, reason: '附件缺失' });
    await actors.edit('cq.drafter', id, 1, '补充附件清单。');
    await actors.act('cq.drafter', 'resubmitProposal', { caseId: id });
    await actors.act('cq.reviewer', 'approveInternally', { caseId: id });
    await actors.act('cd.reviewer', 'acceptProposal', { caseId: id });
    await actors.sign('cq.signatory', id, cqKey, cq);
    await actors.sign('cd.signatory', id, cdKey, cd);
    await mark('adopted');
  });
  afterAll(async () => {
    await server.stop();
  });

  it('knows nothing of the case before it existed', async () => {
    expect(codes(await asOf('auditor', moments.before!))).toEqual(['NOT_FOUND']);
  });

  it('shows the state, version and what could be done at each instant', async () => {
    expect((await asOf('cd.reviewer', moments.shared!)).data?.caseAsOf).toEqual({
      state: 'counterpartReview',
      historyLength: 3,
      version: { number: 1 },
      signatures: [],
      availableActions: ['REQUEST_CHANGES', 'ACCEPT', 'REJECT'],
    });
    expect((await asOf('cd.signatory', moments.halfSigned!)).data?.caseAsOf).toEqual({
      state: 'signing',
      historyLength: 5,
      version: { number: 1 },
      signatures: [{ signerName: 'cq.signatory', current: true }],
      availableActions: ['SIGN', 'DECLINE_TO_SIGN'],
    });
    const now = (await asOf('auditor', moments.adopted!)).data?.caseAsOf;
    expect(now?.state).toBe('adopted');
    expect(now?.version.number).toBe(2);
    expect(now?.signatures).toEqual([
      { signerName: 'cq.signatory', current: false },
      { signerName: 'cq.signatory', current: true },
      { signerName: 'cd.signatory', current: true },
    ]);
    expect(now?.availableActions).toEqual([]);
  });

  it('keeps the case invisible to the counterpart before it was handed over', async () => {
    expect(codes(await asOf('cd.reviewer', moments.internal!))).toEqual(['NOT_FOUND']);
    expect((await asOf('cq.reviewer', moments.internal!)).data?.caseAsOf.availableActions).toEqual(['APPROVE_INTERNALLY', 'RETURN_TO_DRAFTER', 'WITHDRAW']);
  });
});
