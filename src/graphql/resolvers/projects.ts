import { isOverdue, type Inspection, type Milestone, type ProjectContext } from '../../../workflows/joint-project.js';
import type { Side } from '../../../workflows/types.js';
import type { CaseState } from '../../cases/case-state.js';
import { amountText } from '../../cases/amount.js';
import { rectificationUnloadedYears, verificationUnloadedYears } from '../../cases/calendar-gaps.js';
import type { BudgetShare } from '../../cases/projects.js';
import { requireViewer } from '../../auth/permissions.js';
import { readOnce, type GraphQLContext } from '../context.js';
import type { JointProjectResolvers, Resolvers } from '../generated.js';
import { caseFields, signingFields } from './cases.js';
import { asShown } from './shown.js';

const sides: Side[] = ['initiator', 'counterpart'];
/** Whose action a milestone waits on: its owner's delivery, or once reported the other side's verification. */
const dueFrom = (milestone: Milestone): Side =>
  milestone.status === 'reported' ? (milestone.side === 'initiator' ? 'counterpart' : 'initiator') : milestone.side;
const caseSide = (side: Side): 'INITIATOR' | 'COUNTERPART' => (side === 'initiator' ? 'INITIATOR' : 'COUNTERPART');
const contextOf = (state: CaseState) => state.context as unknown as ProjectContext;
const shownContext = async (state: CaseState, { services, viewer }: GraphQLContext) =>
  (await services.reader.contextFor(requireViewer(viewer), state)) as unknown as ProjectContext;
const instant = (value: string | null) => (value === null ? null : new Date(value));

/**
 * A list the project keeps newest-only from jointProject@3 (reports, rejections, rectifications, returns, closed
 * inspections), whole and oldest first (`CaseReader.earlierItems`), read once per request.
 */
const whole = <T extends { seq?: number }>(
  state: CaseState,
  list: string,
  newest: readonly T[],
  listIn: (context: ProjectContext) => readonly T[] | undefined,
  { services, viewer, reads }: GraphQLContext,
): Promise<T[]> =>
  readOnce({ reads }, `project:${state.id}:${String(state.head.seq)}:${list}`, () =>
    services.reader.earlierItems(requireViewer(viewer), state, newest, (context) => listIn(context as unknown as ProjectContext) ?? []),
  );
const milestoneIn = (context: ProjectContext, id: string) => context.milestones.find((milestone) => milestone.id === id);
const inspectionIn = (context: ProjectContext, id: string) =>
  context.lastClosed?.id === id ? context.lastClosed : context.inspections.find((inspection) => inspection.id === id);
const lastClosedIn = (context: ProjectContext): Inspection[] => (context.lastClosed === undefined ? [] : [context.lastClosed]);

/** The sides for which `done` holds, as the API names them. */
const sidesWhere = (done: (side: Side) => boolean) => sides.filter(done).map(caseSide);

export const projectResolvers = {
  Query: {
    supervision: (_, { region, agencyId, withinDays }, { services, viewer }) => services.projects.supervision(viewer, { region, agencyId, withinDays }),
  },
  Mutation: {
    createJointProject: (_, { input }, { services, viewer }) => services.cases.createJointProject(viewer, input),
    reviseJointProject: (_, { input }, { services, viewer }) => services.projects.revise(viewer, input),
    reportMilestone: (_, { input }, { services, viewer }) => services.projects.reportMilestone(viewer, input),
    verifyMilestone: (_, { input }, { services, viewer }) => services.projects.verifyMilestone(viewer, input),
    rejectMilestone: (_, { input }, { services, viewer }) => services.projects.rejectMilestone(viewer, input),
    openInspection: (_, { input }, { services, viewer }) => services.projects.openInspection(viewer, input),
    reportRectification: (_, { input }, { services, viewer }) => services.projects.rectify(viewer, input),
    requestFurtherRectification: (_, { input }, { services, viewer }) => services.projects.requestFurtherRectification(viewer, input),
    closeInspection: (_, { input }, { services, viewer }) => services.projects.closeInspection(viewer, input),
  },
  JointProject: asShown({
    id: (state) => state.id,
    ...caseFields,
    ...signingFields,
    // The plan as the viewer may read it: the counterpart never reads a revision the initiator has not handed over.
    goals: async (state, _, context) => (await shownContext(state, context)).plan.goals,
    budget: async (state, _, context): Promise<BudgetShare[]> => {
      const shown = await shownContext(state, context);
      return sides.map((side) => ({ side, party: shown[side], leadAgencyId: shown.plan.leadAgencies[side], amount: amountText(shown.plan.budget[side]) }));
    },
    milestones: async (state, _, context) =>
      (await shownContext(state, context)).milestones.map((milestone) => ({ project: state, milestone, side: dueFrom(milestone) })),
    // From @3 a closed inspection leaves the context: the closed ones are followed back from the newest.
    inspections: async (state, _, context) => {
      const shown = await shownContext(state, context);
      const closed = await whole(state, 'closed', lastClosedIn(shown), lastClosedIn, context);
      return [...closed, ...shown.inspections].sort((a, b) => a.openedAt.localeCompare(b.openedAt)).map((inspection) => ({ project: state, inspection }));
    },
    endorsedBy: (state) => (state.state === 'feasibility' ? sidesWhere((side) => contextOf(state).endorsed[side]) : []),
    suspensionRequestedBy: (state) => sidesWhere((side) => contextOf(state).suspendRequested[side]),
    resumptionRequestedBy: (state) => sidesWhere((side) => contextOf(state).resumeRequested[side]),
    verificationWorkingDays: (state) => contextOf(state).verificationWorkingDays,
    startedAt: (state) => instant(contextOf(state).startedAt),
    suspendedSince: (state) => instant(contextOf(state).suspendedSince),
  } satisfies JointProjectResolvers),
  BudgetShare: {
    side: ({ side }) => caseSide(side),
    region: ({ party }) => party.region,
    leadAgency: ({ leadAgencyId }, _, { services }) => services.directory.agency(leadAgencyId),
    amount: ({ amount }) => amount,
  },
  Milestone: {
    id: ({ milestone }) => milestone.id,
    title: ({ milestone }) => milestone.title,
    side: ({ milestone }) => caseSide(milestone.side),
    region: ({ project, milestone }) => contextOf(project)[milestone.side].region,
    ownerAgency: ({ milestone }, _, { services }) => services.directory.agency(milestone.ownerAgencyId),
    deliverable: ({ milestone }) => milestone.deliverable,
    dueDate: ({ milestone }) => milestone.dueDate,
    dueAt: ({ milestone }) => new Date(milestone.dueAt),
    status: ({ milestone }) => milestone.status.toUpperCase() as 'PENDING' | 'REPORTED' | 'VERIFIED',
    overdue: ({ project, milestone }) => isOverdue(contextOf(project), milestone, new Date()),
    overdueSince: ({ milestone }) => instant(milestone.overdueSince),
    reports: ({ project, milestone }, _, context) =>
      whole(project, `reports:${milestone.id}`, milestone.reports, (shown) => milestoneIn(shown, milestone.id)?.reports, context),
    rejections: ({ project, milestone }, _, context) =>
      whole(project, `rejections:${milestone.id}`, milestone.rejections, (shown) => milestoneIn(shown, milestone.id)?.rejections, context),
    verifiedAt: ({ milestone }) => instant(milestone.verifiedAt),
    verificationDueAt: ({ milestone }) => instant(milestone.verificationDueAt),
    verificationOverdueSince: ({ milestone }) => instant(milestone.verificationOverdueSince),
    verificationCalendarIncomplete: ({ milestone }) => verificationUnloadedYears(milestone).length > 0,
    verificationUnloadedYears: ({ milestone }) => verificationUnloadedYears(milestone),
  },
  ProjectEntry: {
    text: (entry) => entry.text,
    at: (entry) => new Date(entry.at),
    byUserId: (entry) => entry.by,
  },
  Inspection: {
    id: ({ inspection }) => inspection.id,
    findings: ({ inspection }) => inspection.findings,
    side: ({ inspection }) => caseSide(inspection.side),
    region: ({ project, inspection }) => contextOf(project)[inspection.side].region,
    openedByRegion: ({ inspection }) => inspection.openedBy.region as 'CHENGDU' | 'CHONGQING' | 'JOINT',
    openedByAgency: ({ inspection }, _, { services }) => services.directory.agency(inspection.openedBy.agencyId),
    openedAt: ({ inspection }) => new Date(inspection.openedAt),
    rectificationDueAt: ({ inspection }) => new Date(inspection.rectificationDueAt),
    status: ({ inspection }) => inspection.status.toUpperCase() as 'OPEN' | 'RECTIFIED' | 'CLOSED',
    rectifications: ({ project, inspection }, _, context) =>
      whole(project, `rectifications:${inspection.id}`, inspection.rectifications, (shown) => inspectionIn(shown, inspection.id)?.rectifications, context),
    returns: ({ project, inspection }, _, context) =>
      whole(project, `returns:${inspection.id}`, inspection.returns, (shown) => inspectionIn(shown, inspection.id)?.returns, context),
    closedAt: ({ inspection }) => instant(inspection.closedAt),
    overdueSince: ({ inspection }) => instant(inspection.overdueSince),
    rectificationCalendarIncomplete: ({ inspection }) => rectificationUnloadedYears(inspection).length > 0,
    rectificationUnloadedYears: ({ inspection }) => rectificationUnloadedYears(inspection),
  },
  Supervision: {
    asOf: (supervision) => supervision.asOf,
    overdue: (supervision) => supervision.overdue,
    overdueVerifications: (supervision) => supervision.overdueVerifications,
    dueSoon: (supervision) => supervision.dueSoon,
    openInspections: (supervision) => supervision.openInspections,
    calendarIncomplete: (supervision) => supervision.calendarIncomplete,
  },
  SupervisedDueTime: {
    project: ({ project }) => project,
    region: ({ project, side }) => contextOf(project)[side].region,
    dueAt: ({ dueAt }) => new Date(dueAt),
  },
  SupervisedMilestone: {
    project: ({ project }) => project,
    milestone: (view) => view,
    lateParty: ({ project, side }) => contextOf(project)[side],
  },
  SupervisedInspection: {
    project: ({ project }) => project,
    inspection: (view) => view,
  },
} satisfies Resolvers;
