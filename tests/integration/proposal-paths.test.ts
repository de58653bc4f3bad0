import { describe, expect, it } from 'vitest';
import { proposalEvents } from '../../workflows/policy-proposal.js';
import { useTestBed } from '../support/bed.js';
import { proposalPaths, type ModelPath } from '../support/proposal-model.js';
import { proposalWalk } from '../support/walkers.js';

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
  const bed = useTestBed('paths');

  async function walk(path: ModelPath): Promise<string> {
    const walked = await proposalWalk(bed);
    for (const [index, { user, event }] of path.steps.entries()) {
      expect((await walked.step(user, event, index)).errors, `${path.name}: step ${index + 1}`).toBeUndefined();
    }
    return walked.id;
  }

  const paths = proposalPaths();

  it('covers every event of the machine', () => {
    const walked = new Set(paths.flatMap((path) => path.steps.map((step) => step.event.type)));
    expect([...walked].sort()).toEqual(Object.keys(proposalEvents).sort());
  });

  // Each path runs on a case of its own: several at once keep the server and the database busy.
  it.concurrent.each(paths.map((path) => [path.name, path] as const))('%s', async (_, path) => {
    const id = await walk(path);
    const definitions = await bed.actors.query<{ workflowDefinitions: { key: string; definitionHash: string }[] }>(
      'auditor',
      '{ workflowDefinitions { key definitionHash } }',
    );
    const definitionHash = definitions.data!.workflowDefinitions.find((d) => d.key === 'policyProposal@2')!.definitionHash;
    const response = await bed.actors.query<{ case: { state: string; history: { edges: { node: HistoryEntry }[] } } }>(
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
