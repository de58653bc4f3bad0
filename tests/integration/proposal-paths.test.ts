import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposalEvents } from '../../workflows/policy-proposal.js';
import { actionMutations, Actors, type CaseView } from '../support/cases.js';
import { proposalPaths, type ModelPath } from '../support/proposal-model.js';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';
import { ed25519Signer, sm2Signer } from '../support/signers.js';

interface HistoryEntry {
  seq: number;
  type: string;
  toState: string;
  actor: { username: string };
  workflow: string;
  definitionHash: string;
  prevHash: string;
  hash: string;
}

describe('every transition of policyProposal@2, walked through GraphQL as the demo users', () => {
  let server: RunningServer;
  let actors: Actors;
  const signers = { 'cq.signatory': ed25519Signer(), 'cd.signatory': sm2Signer() };
  const keys: Record<string, string> = {};
  let definitionHash: string;

  beforeAll(async () => {
    server = await startServer(productionEnv(uniqueDatabaseName('paths')));
    actors = await Actors.signIn(server.graphqlUrl);
    for (const [user, signer] of Object.entries(signers)) keys[user] = await actors.registerKey(user as 'cq.signatory', signer);
    const definitions = await actors.query<{ workflowDefinitions: { key: string; definitionHash: string }[] }>('auditor', '{ workflowDefinitions { key definitionHash } }');
    definitionHash = definitions.data!.workflowDefinitions.find((d) => d.key === 'policyProposal@2')!.definitionHash;
  });
  afterAll(async () => {
    await server.stop();
  });

  async function walk(path: ModelPath): Promise<string> {
    let current: CaseView = await actors.createProposal('cq.drafter');
    for (const [index, { user, event }] of path.steps.entries()) {
      let response;
      if (event.type === 'EDIT') {
        response = await actors.edit(user, current.id, current.currentVersion.number, `修订 ${index}：补充第 ${index} 条`);
      } else if (event.type === 'SIGN') {
        response = await actors.sign(user, current.id, keys[user]!, signers[user as keyof typeof signers]);
      } else {
        const spec = proposalEvents[event.type];
        const input: Record<string, unknown> = { caseId: current.id };
        if (spec.comment !== undefined) input.comment = `意见 ${index}`;
        if (spec.reason !== undefined) input.reason = `理由 ${index}`;
        if (event.type === 'ARBITRATE') input.resolution = event.resolution;
        response = await actors.act(user, actionMutations[event.type], input);
      }
      expect(response.errors, `${path.name}: step ${index + 1}`).toBeUndefined();
      current = Object.values(response.data!)[0]!;
    }
    return current.id;
  }

  const paths = proposalPaths();

  it('covers every event of the machine', () => {
    const walked = new Set(paths.flatMap((path) => path.steps.map((step) => step.event.type)));
    expect([...walked].sort()).toEqual(Object.keys(proposalEvents).sort());
  });

  // Each path runs on a case of its own: several at once keep the server and the database busy.
  it.concurrent.each(paths.map((path) => [path.name, path] as const))('%s', async (_, path) => {
    const id = await walk(path);
    const response = await actors.query<{ case: { state: string; history: { edges: { node: HistoryEntry }[] } } }>(
      'auditor',
      'query($id: ID!) { case(id: $id) { state history(first: 100) { edges { node { seq type toState actor { username } workflow definitionHash prevHash hash } } } } }',
      { id },
    );
    const { state, history } = response.data!.case;
    const entries = history.edges.map((edge) => edge.node);
    expect(state).toBe(path.finalState);
    expect(entries.map((entry) => entry.type)).toEqual(['CREATE', ...path.steps.map((step) => step.event.type)]);
    expect(entries.map((entry) => entry.actor.username)).toEqual(['cq.drafter', ...path.steps.map((step) => step.user)]);
    expect(entries.slice(1).map((entry) => entry.toState)).toEqual(path.steps.map((step) => step.toState));
    entries.forEach((entry, index) => {
      expect(entry.seq).toBe(index + 1);
      expect(entry.workflow).toBe('policyProposal@2');
      expect(entry.definitionHash).toBe(definitionHash);
      expect(entry.prevHash).toBe(index === 0 ? '0'.repeat(64) : entries[index - 1]!.hash);
    });
  });
});
