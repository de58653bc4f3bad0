import { workflows, type Workflow } from '../../workflows/registry.js';
import type { Viewer } from '../directory/model.js';
import type { CaseState } from './case-state.js';
import type { CaseEvent } from '../store/records.js';

/**
 * Who may read what of a case (DESIGN §9). The joint office and auditors read everything; the initiating agency
 * reads its own case; the counterpart agency reads a case once it has been handed to it, and then only what was
 * handed over: the versions shared at each handover, the entries from the handovers on, never the initiator's
 * internal drafts, their change notes or hashes, nor the comments made inside the initiator's internal review.
 * These are read-time rules, so that entries recorded by earlier versions of the server are served by them too.
 */

/** Sees every case and every history entry: the joint office and auditors. */
export const seesEverything = (viewer: Viewer): boolean => viewer.region === 'JOINT' || viewer.roles.includes('AUDITOR');

export function canSee(viewer: Viewer, state: CaseState): boolean {
  if (seesEverything(viewer)) return true;
  const { initiator, counterpart } = state.workflow.parties(state.context);
  if (viewer.agencyId === initiator.agencyId) return true;
  return viewer.agencyId === counterpart.agencyId && state.workflow.sharedVersion(state.context) !== null;
}

/**
 * Whether the viewer reads the case as its counterpart: only what was handed over. (In a plan alignment, where
 * both cities take part from the start, either city is the other's counterpart for its section drafts.)
 */
export function readsAsCounterpart(viewer: Viewer, state: CaseState): boolean {
  return !seesEverything(viewer) && viewer.agencyId !== state.workflow.parties(state.context).initiator.agencyId;
}

/** `internalTo` of a state of the machine (`'initiator'`, `'actor'`), from its meta; undefined when shared. */
export function internalTo(workflow: Workflow, stateName: string | null): string | undefined {
  if (stateName === null) return undefined;
  const node = workflow.machine.getStateNodeById(`${workflow.machine.id}.${stateName}`);
  return (node.meta as { internalTo?: string } | undefined)?.internalTo;
}

/** Whether the viewer may read one history entry; the counterpart never reads the initiator's internal ones. */
export function canReadEntry(viewer: Viewer, event: CaseEvent): boolean {
  return seesEverything(viewer) || event.audience.includes(viewer.agencyId);
}

/**
 * Whether the entry's comment and reason are withheld from the viewer: an entry that leaves a state internal to
 * the initiator (the internal approval that hands a proposal over, say) shows the counterpart that it happened,
 * when and by whom, but the words were written inside the initiator's own review.
 */
export function withholdsWords(viewer: Viewer, event: CaseEvent): boolean {
  if (seesEverything(viewer)) return false;
  const workflow = workflows.get(event.workflow);
  if (workflow === undefined) return true;
  const initiator = workflow.parties(event.snapshot.context).initiator;
  return viewer.agencyId !== initiator.agencyId && internalTo(workflow, event.fromState) === 'initiator';
}
