import type { Viewer } from '../directory/model.js';
import type { CaseState } from './engine.js';
import type { CaseEvent } from './model.js';

/**
 * DESIGN §9: the joint office and auditors see every case; the initiating agency sees its own; the
 * counterpart agency sees a case once it has been handed to it, and then only the versions handed over.
 */
export function canSee(viewer: Viewer, state: CaseState): boolean {
  if (seesEverything(viewer)) return true;
  const { initiator, counterpart } = state.workflow.parties(state.context);
  if (viewer.agencyId === initiator.agencyId) return true;
  return viewer.agencyId === counterpart.agencyId && state.workflow.sharedVersion(state.context) !== null;
}

/** The newest version number the viewer may read: the counterpart never sees the initiator's later drafts. */
export function visibleVersionLimit(viewer: Viewer, state: CaseState): number {
  const { initiator } = state.workflow.parties(state.context);
  if (seesEverything(viewer) || viewer.agencyId === initiator.agencyId) {
    return state.workflow.currentVersion(state.context).number;
  }
  return state.workflow.sharedVersion(state.context)?.number ?? 0;
}

/** Sees every case and every history entry: the joint office and auditors. */
export const seesEverything = (viewer: Viewer): boolean => viewer.region === 'JOINT' || viewer.roles.includes('AUDITOR');

/** Whether the viewer may read one history entry; the counterpart never reads the initiator's internal ones. */
export function canReadEntry(viewer: Viewer, event: CaseEvent): boolean {
  return seesEverything(viewer) || event.audience.includes(viewer.agencyId);
}
