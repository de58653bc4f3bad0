import type { Viewer } from '../directory/model.js';
import type { CaseState } from './engine.js';

/**
 * DESIGN §9: the joint office and auditors see every case; the initiating agency sees its own; the
 * counterpart agency sees a case once it has been handed to it, and then only the versions handed over.
 */
export function canSee(viewer: Viewer, state: CaseState): boolean {
  if (viewer.region === 'JOINT' || viewer.roles.includes('AUDITOR')) return true;
  const { initiator, counterpart } = state.workflow.parties(state.context);
  if (viewer.agencyId === initiator.agencyId) return true;
  return viewer.agencyId === counterpart.agencyId && state.workflow.sharedVersion(state.context) !== null;
}

/** The newest version number the viewer may read: the counterpart never sees the initiator's later drafts. */
export function visibleVersionLimit(viewer: Viewer, state: CaseState): number {
  const { initiator } = state.workflow.parties(state.context);
  if (viewer.region === 'JOINT' || viewer.roles.includes('AUDITOR') || viewer.agencyId === initiator.agencyId) {
    return state.workflow.currentVersion(state.context).number;
  }
  return state.workflow.sharedVersion(state.context)?.number ?? 0;
}

/** Whether the viewer may read the initiator's internal history entries. */
export function seesInternalHistory(viewer: Viewer, state: CaseState): boolean {
  return viewer.region === 'JOINT' || viewer.roles.includes('AUDITOR') || viewer.agencyId === state.workflow.parties(state.context).initiator.agencyId;
}
