import type { AnyMachineSnapshot } from 'xstate';
import { jointProjectMachine, type ProjectContext, type ProjectEvent, type ProjectInput } from '../../workflows/joint-project.js';
import { actorFor, modelParties, people } from './model-actors.js';
import { edgePaths, type EdgePath, type ModelStep } from './model-paths.js';

/**
 * jointProject@1 for path generation: two milestones (M1 Chongqing's, M2 Chengdu's), worked in order;
 * inspections name Chengdu to rectify. The scheduler's RECORD_OVERDUE is the deadline tests' business.
 */
const milestone = (id: string, side: 'initiator' | 'counterpart') => ({ id, title: id, side, ownerAgencyId: 'x', dueDate: '2099-01-01', dueAt: '2099-01-01T16:00:00.000Z', deliverable: 'd' });
const plan = { goals: ['g'], budget: { initiator: 1, counterpart: 1 }, leadAgencies: { initiator: 'CQ-BDB', counterpart: 'CD-ONLINE-GOV' }, milestones: [milestone('M1', 'initiator'), milestone('M2', 'counterpart')] };
const input: ProjectInput = { ...modelParties, plan, verificationWorkingDays: 5 };

function candidateEvents(snapshot: AnyMachineSnapshot): ProjectEvent[] {
  const context = snapshot.context as ProjectContext;
  const base = { at: '2026-01-01T00:00:00.000Z', head: 'head' };
  const next = context.version.number + 1;
  const current = context.milestones.find((m) => m.status !== 'verified')?.id ?? 'M1';
  const active = context.inspections.find((i) => i.status !== 'closed')?.id ?? 'I0';
  const events: ProjectEvent[] = [];
  for (const user of Object.keys(people)) {
    const actor = actorFor(user);
    const signature = { id: `s-${user}`, versionId: context.version.id };
    const variants: ProjectEvent[] = [
      { ...base, actor, type: 'EDIT', version: { id: `v${next}`, number: next, contentHash: `h${next}`, title: 't' }, plan },
      { ...base, actor, type: 'SUBMIT' },
      { ...base, actor, type: 'ENDORSE' },
      { ...base, actor, type: 'RAISE_CONCERN', comment: 'x' },
      { ...base, actor, type: 'WITHDRAW' },
      { ...base, actor, type: 'SIGN', signature },
      { ...base, actor, type: 'DECLINE_TO_SIGN', reason: 'x' },
      { ...base, actor, type: 'REPORT_MILESTONE', milestoneId: current, evidence: 'e', verificationDueAt: '2099-01-01T00:00:00.000Z' },
      { ...base, actor, type: 'VERIFY_MILESTONE', milestoneId: current },
      { ...base, actor, type: 'REJECT_MILESTONE', milestoneId: current, comment: 'x' },
      { ...base, actor, type: 'OPEN_INSPECTION', inspectionId: `I${context.inspections.length + 1}`, findings: 'f', side: 'counterpart', rectificationDueAt: '2099-01-01T00:00:00.000Z' },
      { ...base, actor, type: 'RECTIFY', inspectionId: active, report: 'r' },
      { ...base, actor, type: 'REQUEST_FURTHER_RECTIFICATION', inspectionId: active, comment: 'x' },
      { ...base, actor, type: 'CLOSE_INSPECTION', inspectionId: active },
      { ...base, actor, type: 'SUSPEND', reason: 'x' },
      { ...base, actor, type: 'RESUME', reason: 'x' },
      { ...base, actor, type: 'REQUEST_TERMINATION', reason: 'x' },
      { ...base, actor, type: 'SIGN_TERMINATION', signature },
      { ...base, actor, type: 'DECLINE_TERMINATION', reason: 'x' },
      { ...base, actor, type: 'SIGN_ACCEPTANCE', signature },
    ];
    events.push(...variants.filter((event) => snapshot.can(event)));
  }
  return events;
}

const options = {
  input,
  events: candidateEvents,
  serializeState: (snapshot: AnyMachineSnapshot) => {
    const context = snapshot.context as ProjectContext;
    const active = context.inspections.find((i) => i.status !== 'closed');
    return JSON.stringify({
      value: snapshot.value as unknown,
      edited: context.version.number > 1,
      endorsed: context.endorsed,
      milestones: context.milestones.map((m) => m.status),
      inspection: active === undefined ? null : [active.status, active.openedBy.region],
      suspend: context.suspendRequested,
      resume: context.resumeRequested,
      from: context.terminationFrom,
      signed: context.signed,
    });
  },
  serializeEvent: (event: ProjectEvent) => JSON.stringify({ ...event, at: undefined, head: undefined }),
};

const describe = ({ user, event }: ModelStep<ProjectEvent>): string => `${user}:${event.type}${'milestoneId' in event ? `(${event.milestoneId})` : ''}`;

/** Paths that take every kind of transition: grouped by state before, event, who (city and role), state after. */
export function projectPaths(): EdgePath<ProjectEvent>[] {
  return edgePaths(jointProjectMachine, options, (state, event, next) => JSON.stringify([state.value, event.type, event.actor.kind === 'user' ? [event.actor.agencyId, event.actor.roles] : 'system', next.value]), describe);
}
