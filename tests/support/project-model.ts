import type { AnyMachineSnapshot } from 'xstate';
import { nextInspectionId, type ProjectContext, type ProjectEvent, type ProjectInput } from '../../workflows/joint-project.js';
import { newestWorkflow } from '../../workflows/registry.js';
import { actorFor, modelParties, people } from './model-actors.js';
import { edgePaths, type EdgePath, type ModelStep, type WalkModel } from './model-paths.js';

/**
 * the newest jointProject (@2) for path generation: two milestones (M1 Chongqing's, M2 Chengdu's), worked in order;
 * inspections name Chengdu to rectify. The scheduler's RECORD_OVERDUE is the deadline tests' business.
 */
const milestone = (id: string, side: 'initiator' | 'counterpart') => ({
  id,
  title: id,
  side,
  ownerAgencyId: 'x',
  dueDate: '2099-01-01',
  dueAt: '2099-01-01T16:00:00.000Z',
  deliverable: 'd',
});
const plan = {
  goals: ['g'],
  budget: { initiator: 1, counterpart: 1 },
  leadAgencies: { initiator: 'CQ-BDB', counterpart: 'CD-ONLINE-GOV' },
  milestones: [milestone('M1', 'initiator'), milestone('M2', 'counterpart')],
};
const input: ProjectInput = { ...modelParties, plan, verificationWorkingDays: 5 };

function candidateEvents(snapshot: AnyMachineSnapshot): ProjectEvent[] {
  const context = snapshot.context as ProjectContext;
  const base = { at: '2026-01-01T00:00:00.000Z', head: 'head' };
  const next = context.version.number + 1;
  const current = context.milestones.find((m) => m.status !== 'verified')?.id ?? 'M1';
  // Several inspections may be open at once (from @2): each is acted on; at most two are opened, to keep the walk finite.
  const open = context.inspections.filter((i) => i.status !== 'closed').map((i) => i.id);
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
      ...(open.length < 2
        ? [
            {
              ...base,
              actor,
              type: 'OPEN_INSPECTION' as const,
              inspectionId: nextInspectionId(context),
              findings: 'f',
              side: 'counterpart' as const,
              rectificationDueAt: '2099-01-01T00:00:00.000Z',
            },
          ]
        : []),
      ...open.flatMap((inspectionId): ProjectEvent[] => [
        { ...base, actor, type: 'RECTIFY', inspectionId, report: 'r' },
        { ...base, actor, type: 'REQUEST_FURTHER_RECTIFICATION', inspectionId, comment: 'x' },
        { ...base, actor, type: 'CLOSE_INSPECTION', inspectionId },
      ]),
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

export const projectModel: WalkModel<ProjectEvent> = {
  machine: newestWorkflow('jointProject').machine,
  input,
  events: candidateEvents,
  serializeState: (snapshot: AnyMachineSnapshot) => {
    const context = snapshot.context as ProjectContext;
    return JSON.stringify({
      value: snapshot.value as unknown,
      edited: context.version.number > 1,
      endorsed: context.endorsed,
      milestones: context.milestones.map((m) => m.status),
      inspections: context.inspections.filter((i) => i.status !== 'closed').map((i) => [i.status, i.openedBy.region]),
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
  return edgePaths(
    projectModel.machine,
    projectModel,
    (state, event, next) =>
      JSON.stringify([state.value, event.type, event.actor.kind === 'user' ? [event.actor.agencyId, event.actor.roles] : 'system', next.value]),
    describe,
  );
}
