import type { AnyMachineSnapshot } from 'xstate';
import { workflows, type Workflow } from '../../workflows/registry.js';
import { machineStructure } from '../../workflows/structure.js';
import type { Json } from '../crypto/canonical-json.js';
import { canonicalHash } from '../crypto/hash.js';
import type { CaseEvent } from '../store/records.js';

/*
 * A case between its history and its machine: the state restored from an entry, and what an entry keeps of a state.
 * Pure: no database, no clock.
 */

/** A case as it stands: its newest history entry and the machine state restored from it (`restore`). */
export interface CaseState {
  id: string;
  workflow: Workflow;
  head: CaseEvent;
  snapshot: AnyMachineSnapshot;
  context: Record<string, unknown>;
  state: string;
}

const definitionHashes = new Map<string, string>();

/** The hash of a workflow version's rules by the scheme of that version (see `HashScheme`), recorded in every entry. */
export function definitionHash(workflow: Workflow): string {
  let hash = definitionHashes.get(workflow.key);
  if (hash === undefined) {
    const rules =
      workflow.hashScheme === 'structure' ? machineStructure(workflow.machine) : (JSON.parse(JSON.stringify(workflow.machine.definition)) as unknown);
    hash = canonicalHash(rules);
    definitionHashes.set(workflow.key, hash);
  }
  return hash;
}

/** What the history keeps of a machine state: its value and context, enough to restore it exactly. */
export const persist = (snapshot: AnyMachineSnapshot): CaseEvent['snapshot'] => ({
  value: snapshot.value as Json,
  context: snapshot.context as Json,
});

export const topState = (snapshot: AnyMachineSnapshot): string => {
  const value = snapshot.value as string | Record<string, unknown>;
  return typeof value === 'string' ? value : (Object.keys(value)[0] ?? '');
};

/** The case as its entry `head` left it: the machine version it names, in the state it recorded. */
export function restore(head: CaseEvent): CaseState {
  const workflow = workflows.get(head.workflow);
  if (workflow === undefined) throw new Error(`case ${head.caseId} uses unknown workflow ${head.workflow}`);
  const snapshot = workflow.machine.resolveState(head.snapshot as Parameters<typeof workflow.machine.resolveState>[0]);
  return { id: head.caseId, workflow, head, snapshot, context: snapshot.context as Record<string, unknown>, state: topState(snapshot) };
}
