import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Actors, type DemoUser } from '../support/cases.js';
import { codes, succeeded } from '../support/graphql.js';
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
    actors.query<{ caseAsOf: AsOf }>(
      user,
      'query($id: ID!, $at: DateTime!) { caseAsOf(id: $id, at: $at) { state historyLength version { number } signatures { signerName current } availableActions } }',
      { id, at },
    );

  beforeAll(async () => {
    server = await startServer(productionEnv(uniqueDatabaseName('asof')));
    actors = Actors.at(server.graphqlUrl);
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
    await mark('declined');
    await actors.edit('cq.drafter', id, 1, '补充附件清单。');
    await mark('edited');
    await actors.act('cq.drafter', 'resubmitProposal', { caseId: id });
    await mark('resubmitted');
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

  it('answers the counterpart as of the newest entry it may read, so that it cannot time the other side’s internal entries', async () => {
    const declined = succeeded(await asOf('cd.reviewer', moments.declined!)).caseAsOf;
    for (const moment of ['edited', 'resubmitted']) expect(succeeded(await asOf('cd.reviewer', moments[moment]!)).caseAsOf, moment).toEqual(declined);
    // Chongqing's own staff see each of them.
    expect(succeeded(await asOf('cq.reviewer', moments.edited!)).caseAsOf.historyLength).toBe(declined.historyLength + 1);
    expect(succeeded(await asOf('cq.reviewer', moments.resubmitted!)).caseAsOf).toMatchObject({
      state: 'internalReview',
      historyLength: declined.historyLength + 2,
    });
  });
});

describe('caseAsOf on a case written by servers whose clocks disagree', () => {
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.stop();
  });

  it('records the entries of a case in time order along its chain, and finds the entry of each moment', async () => {
    const database = uniqueDatabaseName('asof-clocks');
    const dir = mkdtempSync(path.join(tmpdir(), 'twincity-clock-'));
    // One server keeps time; the other runs an hour behind it.
    const started = async (offsetMs: number) => {
      const clockFile = path.join(dir, `offset${String(offsetMs)}`);
      writeFileSync(clockFile, String(offsetMs));
      const server = await startServer(productionEnv(database), clockFile);
      servers.push(server);
      return Actors.at(server.graphqlUrl);
    };
    const onTime = await started(0);
    const behind = await started(-3_600_000);
    const id = (await onTime.createProposal('cq.drafter')).id;
    await onTime.act('cq.drafter', 'submitForInternalReview', { caseId: id });
    await behind.act('cq.reviewer', 'approveInternally', { caseId: id });
    await onTime.act('cd.reviewer', 'acceptProposal', { caseId: id });

    const { case: read } = succeeded(
      await onTime.query<{ case: { history: { edges: { node: { seq: number; at: string } }[] } } }>(
        'auditor',
        'query($id: ID!) { case(id: $id) { history(first: 50) { edges { node { seq at } } } } }',
        { id },
      ),
    );
    const entries = read.history.edges.map(({ node }) => ({ seq: node.seq, at: Date.parse(node.at) }));
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4]);
    // The late clock's entry is recorded at its predecessor's time, not an hour before it.
    expect(entries.every((entry, i) => i === 0 || entry.at >= entries[i - 1]!.at)).toBe(true);
    for (const entry of entries) {
      const asOf = await onTime.query<{ caseAsOf: { historyLength: number } }>(
        'auditor',
        'query($id: ID!, $at: DateTime!) { caseAsOf(id: $id, at: $at) { historyLength } }',
        { id, at: new Date(entry.at).toISOString() },
      );
      const latest = Math.max(...entries.filter((other) => other.at <= entry.at).map((other) => other.seq));
      expect(succeeded(asOf).caseAsOf.historyLength, `as of entry ${String(entry.seq)}`).toBe(latest);
    }
  });
});
