import { and, assign, setup } from 'xstate';
import { mayDecline, signingGuards, signingSides, signingSidesFor, withSigner } from './signing.js';
import { isCoordinator } from './types.js';
import type { Actor, EventBase, EventSpec, Party, Quorum, Role, Side, SignatureRef, VersionRef } from './types.js';

/**
 * 联合项目: one city proposes a project with goals, a budget split, a lead agency per city and milestones;
 * both cities' reviewers endorse its feasibility and their signatories approve it; each city then reports its
 * milestones with evidence for the other to verify, under inspection (专项督查) by either reviewer or the joint
 * office; the project ends in acceptance signed by both, or in termination signed by both.
 */

export interface PlannedMilestone {
  id: string;
  title: string;
  /** The side that delivers the milestone; the other side verifies it. */
  side: Side;
  ownerAgencyId: string;
  /** The date it is due, YYYY-MM-DD (China time). */
  dueDate: string;
  /** The end of that day in China, when the milestone becomes overdue. */
  dueAt: string;
  deliverable: string;
}

export interface ProjectPlan {
  goals: string[];
  /**
   * Each city's share of the budget in 万元, exact: a decimal string with two decimals ("1200.00"). Projects
   * created before amounts were exact hold a JSON number, kept as it was hashed.
   */
  budget: Record<Side, string | number>;
  leadAgencies: Record<Side, string>;
  milestones: PlannedMilestone[];
}

export interface Entry {
  text: string;
  at: string;
  by: string;
  /**
   * From @3: the seq of the history entry that recorded it. @3 keeps only the newest entry of each list in the
   * context, so that a project's context stays the same size however many rounds it runs; the ones before it are in
   * the list as the entry before that one (seq − 1) left it (`earlierItems`).
   */
  seq?: number;
}

export interface Milestone extends PlannedMilestone {
  /** The planned due time moved on by the time the project was suspended. */
  dueAt: string;
  status: 'pending' | 'reported' | 'verified';
  reports: Entry[];
  /** The other side's rejections of reports, with why. */
  rejections: Entry[];
  verifiedAt: string | null;
  verificationDueAt: string | null;
  /** When the scheduler recorded the milestone overdue, or its verification. */
  overdueSince: string | null;
  verificationOverdueSince: string | null;
  /** Years the verification period was counted through that the calendar did not cover then (weekends only). */
  verificationUnloadedYears?: number[];
}

export interface Inspection {
  id: string;
  findings: string;
  /** The side that must rectify. */
  side: Side;
  openedBy: { userId: string; agencyId: string; region: string };
  openedAt: string;
  rectificationDueAt: string;
  status: 'open' | 'rectified' | 'closed';
  rectifications: Entry[];
  /** The opener's requests for further rectification. */
  returns: Entry[];
  closedAt: string | null;
  overdueSince: string | null;
  /** Years the rectification period was counted through that the calendar did not cover then (weekends only). */
  rectificationUnloadedYears?: number[];
  /** From @3, on the newest closed inspection (`ProjectContext.lastClosed`): the seq of the entry that closed it. */
  seq?: number;
}

export interface ProjectInput {
  caseId: string;
  initiator: Party;
  counterpart: Party;
  quorum: Record<Side, Quorum>;
  version: VersionRef;
  plan: ProjectPlan;
  /** Working days the other side has to verify a reported milestone, in its own city's calendar. */
  verificationWorkingDays: number;
}

type Resumable = 'inProgress' | 'rectification' | 'suspended';

export interface ProjectContext extends ProjectInput {
  /** The plan's milestones as they run: reported, verified, overdue. */
  milestones: Milestone[];
  /** Every inspection; from @3 only those not closed. */
  inspections: Inspection[];
  /**
   * From @3: the newest closed inspection. The ones closed before it are the `lastClosed` of the entry before the one
   * that closed it (`Inspection.seq` − 1).
   */
  lastClosed?: Inspection;
  /** From @3, once it opened or closed one: how many inspections the project has opened (`nextInspectionId`). */
  inspectionsOpened?: number;
  sharedVersion: VersionRef | null;
  /** Feasibility endorsements of the current submission. */
  endorsed: Record<Side, boolean>;
  startedAt: string | null;
  suspendedSince: string | null;
  closedAt: string | null;
  suspendRequested: Record<Side, boolean>;
  resumeRequested: Record<Side, boolean>;
  /** Where a declined termination goes back to. */
  terminationFrom: Resumable | null;
  signingRound: number;
  signingAnchor: string | null;
  signed: Record<Side, string[]>;
  lastSignedAt: string | null;
}

/** Its milestones run from approval to the end, and stand still while it is suspended. */
export const isRunning = ({ startedAt, suspendedSince, closedAt }: ProjectContext): boolean =>
  startedAt !== null && suspendedSince === null && closedAt === null;

/** Past due and not delivered, while the project runs: its owner is late. A reported one waits on its verifier. */
export const isOverdue = (context: ProjectContext, milestone: Milestone, now: Date): boolean =>
  isRunning(context) && milestone.status === 'pending' && Date.parse(milestone.dueAt) <= now.getTime();

/** Reported, and its verification past due, while the project runs: the verifying side is late. */
export const isVerificationOverdue = (context: ProjectContext, milestone: Milestone, now: Date): boolean =>
  isRunning(context) && milestone.status === 'reported' && milestone.verificationDueAt !== null && Date.parse(milestone.verificationDueAt) <= now.getTime();

/**
 * The side whose action an overdue record says is late, read off the record and the project as it stood then: a
 * milestone's owner for its delivery, the other side for a verification, the inspected side for a rectification.
 * Records from before the late side was recorded with them are read the same way; one that held a milestone
 * overdue after its owner had reported it (as @1 did) names the verifier, whose action was in fact late.
 */
export function latePartyOf(context: ProjectContext, record: { duty?: unknown; subjectId?: unknown; lateSide?: unknown }): Side | null {
  if (record.lateSide === 'initiator' || record.lateSide === 'counterpart') return record.lateSide;
  const milestone = context.milestones.find((candidate) => candidate.id === record.subjectId);
  switch (record.duty) {
    case 'MILESTONE':
      return milestone === undefined ? null : milestone.status === 'pending' ? milestone.side : other(milestone.side);
    case 'VERIFICATION':
      return milestone === undefined ? null : other(milestone.side);
    case 'RECTIFICATION':
      return context.inspections.find((inspection) => inspection.id === record.subjectId)?.side ?? null;
    default:
      return null;
  }
}

export const overdueDuties = ['MILESTONE', 'VERIFICATION', 'RECTIFICATION'] as const;
export type OverdueDuty = (typeof overdueDuties)[number];

export type ProjectEvent = EventBase &
  (
    | { type: 'EDIT'; version: VersionRef; plan: ProjectPlan }
    | { type: 'SUBMIT'; comment?: string }
    | { type: 'ENDORSE'; comment?: string }
    | { type: 'RAISE_CONCERN'; comment: string }
    | { type: 'WITHDRAW'; reason?: string }
    | { type: 'SIGN'; signature: SignatureRef }
    | { type: 'DECLINE_TO_SIGN'; reason: string }
    | { type: 'REPORT_MILESTONE'; milestoneId: string; evidence: string; verificationDueAt: string; unloadedYears?: number[] }
    | { type: 'VERIFY_MILESTONE'; milestoneId: string; comment?: string }
    | { type: 'REJECT_MILESTONE'; milestoneId: string; comment: string }
    | { type: 'OPEN_INSPECTION'; inspectionId: string; findings: string; side: Side; rectificationDueAt: string; unloadedYears?: number[] }
    | { type: 'RECTIFY'; inspectionId: string; report: string }
    | { type: 'REQUEST_FURTHER_RECTIFICATION'; inspectionId: string; comment: string }
    | { type: 'CLOSE_INSPECTION'; inspectionId: string; comment?: string }
    | { type: 'SUSPEND'; reason: string }
    | { type: 'RESUME'; reason: string }
    | { type: 'REQUEST_TERMINATION'; reason: string }
    | { type: 'SIGN_TERMINATION'; signature: SignatureRef }
    | { type: 'DECLINE_TERMINATION'; reason: string }
    | { type: 'SIGN_ACCEPTANCE'; signature: SignatureRef }
    | { type: 'RECORD_OVERDUE'; duty: OverdueDuty; subjectId: string; reason: string; lateSide?: Side }
  );

/**
 * Which events are due when possible. A running project waits on the owner of a milestone only when that milestone
 * is due — the earliest still to be delivered, or one recorded overdue — on the other side once it is reported, on
 * the inspected side and then the inspector, on the signatories of each round, and on the other city once one city
 * asked to suspend or to resume. Withdrawing, declining, inspecting and asking to terminate are never due.
 */
export const projectEvents: Record<ProjectEvent['type'], EventSpec> = {
  EDIT: { version: true, awaited: true },
  SUBMIT: { comment: 'optional', awaited: true },
  ENDORSE: { comment: 'optional', awaited: true },
  RAISE_CONCERN: { comment: 'required', awaited: true },
  WITHDRAW: { reason: 'optional', awaited: false },
  SIGN: { signature: true, awaited: true },
  DECLINE_TO_SIGN: { reason: 'required', awaited: false },
  REPORT_MILESTONE: { awaited: (context, { milestoneId }) => isDue(context as ProjectContext, String(milestoneId)) },
  VERIFY_MILESTONE: { comment: 'optional', awaited: true },
  REJECT_MILESTONE: { comment: 'required', awaited: true },
  OPEN_INSPECTION: { awaited: false },
  RECTIFY: { awaited: true },
  REQUEST_FURTHER_RECTIFICATION: { comment: 'required', awaited: true },
  CLOSE_INSPECTION: { comment: 'optional', awaited: true },
  SUSPEND: { reason: 'required', awaited: (context, { actor }) => answersOtherSide(context as ProjectContext, actor, 'suspendRequested') },
  RESUME: { reason: 'required', awaited: (context, { actor }) => !askedAlready(context as ProjectContext, actor, 'resumeRequested') },
  REQUEST_TERMINATION: { reason: 'required', awaited: false },
  SIGN_TERMINATION: { signature: true, awaited: true },
  DECLINE_TERMINATION: { reason: 'required', awaited: false },
  SIGN_ACCEPTANCE: { signature: true, awaited: true },
  RECORD_OVERDUE: { reason: 'required', awaited: false },
};

/** A pending milestone is due when it is overdue, or none still to be delivered is due earlier. */
function isDue(context: ProjectContext, milestoneId: string): boolean {
  const pending = context.milestones.filter((milestone) => milestone.status === 'pending');
  const milestone = pending.find((candidate) => candidate.id === milestoneId);
  if (milestone === undefined) return false;
  return milestone.overdueSince !== null || pending.every((other) => other.dueAt >= milestone.dueAt);
}

function askedAlready(context: ProjectContext, actor: Actor, field: 'suspendRequested' | 'resumeRequested'): boolean {
  const side = sideOf(context, actor, ['REVIEWER']);
  return side !== undefined && context[field][side];
}

/** The other city asked (to suspend), and the actor's city has not answered yet. */
function answersOtherSide(context: ProjectContext, actor: Actor, field: 'suspendRequested' | 'resumeRequested'): boolean {
  const side = sideOf(context, actor, ['REVIEWER']);
  return side !== undefined && context[field][other(side)] && !context[field][side];
}

const sides: Side[] = ['initiator', 'counterpart'];
const other = (side: Side): Side => (side === 'initiator' ? 'counterpart' : 'initiator');
const staff: Role[] = ['DRAFTER', 'REVIEWER'];

/** The side the actor acts for with one of `roles`, if any. */
function sideOf(context: ProjectContext, actor: Actor, roles: readonly Role[]): Side | undefined {
  if (actor.kind !== 'user' || !actor.roles.some((role) => roles.includes(role))) return undefined;
  return sides.find((side) => context[side].agencyId === actor.agencyId);
}

const userId = (actor: Actor): string => (actor.kind === 'user' ? actor.userId : 'system');

const milestoneOf = (context: ProjectContext, event: ProjectEvent): Milestone | undefined =>
  'milestoneId' in event ? context.milestones.find((milestone) => milestone.id === event.milestoneId) : undefined;
/** The inspections not yet closed (in @1 there is at most one; from @2 several run at once). */
export const openInspections = (context: ProjectContext): Inspection[] => context.inspections.filter((inspection) => inspection.status !== 'closed');
const inspectionOf = (context: ProjectContext, event: ProjectEvent): Inspection | undefined =>
  'inspectionId' in event ? openInspections(context).find((inspection) => inspection.id === event.inspectionId) : undefined;
/** The opener closes the inspection and asks for more: the same agency's reviewer, or the joint office. */
const isOpener = (inspection: Inspection, actor: Actor): boolean =>
  actor.kind === 'user' &&
  (inspection.openedBy.region === 'JOINT' ? isCoordinator(actor) : actor.agencyId === inspection.openedBy.agencyId && actor.roles.includes('REVIEWER'));

const updateMilestone = (context: ProjectContext, event: ProjectEvent, change: (milestone: Milestone) => Milestone): Milestone[] =>
  context.milestones.map((milestone) => ('milestoneId' in event && milestone.id === event.milestoneId ? change(milestone) : milestone));
const updateInspection = (context: ProjectContext, event: ProjectEvent, change: (inspection: Inspection) => Inspection): Inspection[] =>
  context.inspections.map((inspection) => ('inspectionId' in event && inspection.id === event.inspectionId ? change(inspection) : inspection));

const entry = (text: string, event: ProjectEvent): Entry => ({ text, at: event.at, by: userId(event.actor) });

/**
 * How a version keeps a list of entries (reports, rejections, rectifications, the opener's returns): @1 and @2 keep
 * every one in the context, which every history entry repeats, so that a long project's history grew with the square
 * of its rounds; from @3 only the newest, with the seq of its entry (`Entry.seq`).
 */
type Keep = (list: readonly Entry[], text: string, event: ProjectEvent) => Entry[];
const keepAll: Keep = (list, text, event) => [...list, entry(text, event)];
const keepNewest: Keep = (_list, text, event) => [{ ...entry(text, event), seq: event.seq ?? 0 }];

/** The most inspections one opener (a city's agency, or the joint office) has open at once, from @3. */
export const maxOpenInspectionsPerOpener = 3;
const openerOf = (who: { agencyId: string; region: string }): string => (who.region === 'JOINT' ? 'JOINT' : who.agencyId);
/** The inspections not yet closed that `who` (an agency's user, or the joint office's) opened for its opener. */
export const openedByOpenerOf = (context: ProjectContext, who: { agencyId: string; region: string }): Inspection[] =>
  openInspections(context).filter((inspection) => openerOf(inspection.openedBy) === openerOf(who));

/** What each version records of entries and closed inspections (see `Keep`), under names of its own. */
function recording(keep: Keep, retire: (context: ProjectContext, event: ProjectEvent) => Partial<ProjectContext>) {
  type Change = (args: { context: ProjectContext; event: ProjectEvent }) => Partial<ProjectContext>;
  const report: Change = ({ context, event }) => ({
    milestones:
      event.type === 'REPORT_MILESTONE'
        ? updateMilestone(context, event, (m) => ({
            ...m,
            status: 'reported',
            reports: keep(m.reports, event.evidence, event),
            verificationDueAt: event.verificationDueAt,
            verificationOverdueSince: null,
            verificationUnloadedYears: event.unloadedYears,
          }))
        : context.milestones,
  });
  const reject: Change = ({ context, event }) => ({
    milestones:
      event.type === 'REJECT_MILESTONE'
        ? updateMilestone(context, event, (m) => ({
            ...m,
            status: 'pending',
            rejections: keep(m.rejections, event.comment, event),
            verificationDueAt: null,
            verificationOverdueSince: null,
          }))
        : context.milestones,
  });
  const rectify: Change = ({ context, event }) => ({
    inspections:
      event.type === 'RECTIFY'
        ? updateInspection(context, event, (i) => ({ ...i, status: 'rectified', rectifications: keep(i.rectifications, event.report, event) }))
        : context.inspections,
  });
  const returnRectification: Change = ({ context, event }) => ({
    inspections:
      event.type === 'REQUEST_FURTHER_RECTIFICATION'
        ? updateInspection(context, event, (i) => ({ ...i, status: 'open', returns: keep(i.returns, event.comment, event) }))
        : context.inspections,
  });
  const close: Change = ({ context, event }) => retire(context, event);
  return { report, reject, rectify, returnRectification, close };
}

/** The inspections with the one `event` opens. */
function withOpened(context: ProjectContext, event: ProjectEvent): Inspection[] {
  if (event.type !== 'OPEN_INSPECTION' || event.actor.kind !== 'user') return context.inspections;
  const { userId: opener, agencyId, region } = event.actor;
  const opened: Inspection = {
    id: event.inspectionId,
    findings: event.findings,
    side: event.side,
    openedBy: { userId: opener, agencyId, region },
    openedAt: event.at,
    rectificationDueAt: event.rectificationDueAt,
    status: 'open',
    rectifications: [],
    returns: [],
    closedAt: null,
    overdueSince: null,
    rectificationUnloadedYears: event.unloadedYears,
  };
  return [...context.inspections, opened];
}

/** How many inspections the project has opened: up to @2 (and on a case moved to @3 before any) all are in the list. */
const openedSoFar = (context: ProjectContext): number => context.inspectionsOpened ?? context.inspections.length;
/** The id the next inspection takes: I1, I2, … */
export const nextInspectionId = (context: ProjectContext): string => `I${String(openedSoFar(context) + 1)}`;

const v2Recording = recording(keepAll, (context, event) => ({
  inspections: updateInspection(context, event, (i) => ({ ...i, status: 'closed', closedAt: event.at })),
}));
/** From @3 a closed inspection leaves `inspections` for `lastClosed`. */
const v3Recording = recording(keepNewest, (context, event) => {
  const closing = inspectionOf(context, event);
  if (closing === undefined) return {};
  return {
    inspections: context.inspections.filter((inspection) => inspection.id !== closing.id),
    inspectionsOpened: openedSoFar(context),
    lastClosed: { ...closing, status: 'closed', closedAt: event.at, seq: event.seq ?? 0 },
  };
});

function milestonesOf(plan: ProjectPlan): Milestone[] {
  return plan.milestones.map((planned) => ({
    ...planned,
    status: 'pending',
    reports: [],
    rejections: [],
    verifiedAt: null,
    verificationDueAt: null,
    overdueSince: null,
    verificationOverdueSince: null,
  }));
}

/**
 * Whether the duty the system names has come due and was not yet recorded overdue. A milestone's own duty is its
 * delivery: from @2 (`deliveredLate`) only a milestone not reported by its due time is overdue against its owner —
 * one reported on time and not yet verified is the verifier's duty, VERIFICATION (in @1 it was held against both).
 */
function overdue(context: ProjectContext, event: ProjectEvent, deliveredLate = false): boolean {
  if (event.type !== 'RECORD_OVERDUE' || event.actor.kind !== 'system') return false;
  const milestone = context.milestones.find((candidate) => candidate.id === event.subjectId);
  switch (event.duty) {
    case 'MILESTONE':
      return (
        milestone !== undefined &&
        (deliveredLate ? milestone.status === 'pending' : milestone.status !== 'verified') &&
        milestone.overdueSince === null &&
        event.at >= milestone.dueAt
      );
    case 'VERIFICATION':
      return (
        milestone?.status === 'reported' &&
        milestone.verificationDueAt !== null &&
        milestone.verificationOverdueSince === null &&
        event.at >= milestone.verificationDueAt
      );
    case 'RECTIFICATION': {
      const inspection = openInspections(context).find((candidate) => candidate.id === event.subjectId);
      return inspection?.status === 'open' && inspection.overdueSince === null && event.at >= inspection.rectificationDueAt;
    }
  }
}

const later = (instant: string | null, byMs: number): string | null => (instant === null ? null : new Date(Date.parse(instant) + byMs).toISOString());

/** Either side's reviewer asks; the other side's asking too is what makes it happen. */
const bothSides = (field: 'suspendRequested' | 'resumeRequested') => ({
  requested: ({ context, event }: { context: ProjectContext; event: ProjectEvent }) => sideOf(context, event.actor, ['REVIEWER']) !== undefined,
  confirmed: ({ context, event }: { context: ProjectContext; event: ProjectEvent }) => {
    const side = sideOf(context, event.actor, ['REVIEWER']);
    return side !== undefined && context[field][other(side)];
  },
});
const suspension = bothSides('suspendRequested');
/** From @3 a side asks once: asking again would record an entry that changes nothing. */
const asksFirst =
  (field: 'suspendRequested' | 'resumeRequested') =>
  ({ context, event }: { context: ProjectContext; event: ProjectEvent }) => {
    const side = sideOf(context, event.actor, ['REVIEWER']);
    return side !== undefined && !context[field][side];
  };
const resumption = bothSides('resumeRequested');

const withRequest = (context: ProjectContext, event: ProjectEvent, field: 'suspendRequested' | 'resumeRequested'): Record<Side, boolean> => {
  const side = sideOf(context, event.actor, ['REVIEWER']);
  return side === undefined ? context[field] : { ...context[field], [side]: true };
};

/**
 * The names under which a version records entries and closed inspections (`recording`), and its rule for opening an
 * inspection: from @3 one opener has at most `maxOpenInspectionsPerOpener` open at once, so that one city cannot
 * grow a project alone.
 */
const recorded = {
  old: {
    report: 'recordReport',
    reject: 'rejectMilestone',
    rectify: 'recordRectification',
    returnRectification: 'returnRectification',
    close: 'closeInspection',
    open: 'openInspection',
    inspect: 'mayInspect',
    askSuspension: 'requestsSuspension',
    askResumption: 'requestsResumption',
  },
  v3: {
    report: 'keepReport',
    reject: 'keepRejection',
    rectify: 'keepRectification',
    returnRectification: 'keepReturn',
    close: 'retireInspection',
    open: 'openCountedInspection',
    inspect: and(['mayInspect', 'inspectsOtherSide', 'opensWithinLimit']),
    askSuspension: 'asksToSuspend',
    askResumption: 'asksToResume',
  },
} as const;
const recordedBy = (version: Version) => (version < 3 ? recorded.old : recorded.v3);

/** Milestone work goes on during an inspection: reports, and the other side's verification or rejection. */
const milestoneWork = (version: Version) =>
  ({
    REPORT_MILESTONE: { guard: 'mayReport', actions: recordedBy(version).report },
    VERIFY_MILESTONE: { guard: 'mayReview', actions: 'verifyMilestone' },
    REJECT_MILESTONE: { guard: 'mayReview', actions: recordedBy(version).reject },
  }) as const;

const running = (from: Resumable, version: Version) =>
  ({
    SUSPEND: [
      { guard: 'confirmsSuspension', target: '#jointProject.suspended', actions: 'suspend' },
      { guard: recordedBy(version).askSuspension, actions: 'requestSuspension' },
    ],
    REQUEST_TERMINATION: {
      guard: 'isReviewerOfEitherSide',
      target: '#jointProject.terminating',
      actions: [{ type: 'rememberTerminationFrom', params: { from } }, 'openSigningRound'],
    },
  }) as const;

/** The versions of the project's rules; a case keeps the one it started on. */
type Version = 1 | 2 | 3;

const projectSetup = setup({
  types: {
    context: {} as ProjectContext,
    events: {} as ProjectEvent,
    input: {} as ProjectInput,
  },
  guards: {
    isInitiatorDrafter: ({ context, event }) => sideOf(context, event.actor, ['DRAFTER']) === 'initiator',
    isInitiatorStaff: ({ context, event }) => sideOf(context, event.actor, staff) === 'initiator',
    carriesPlan: ({ event }) => event.type === 'EDIT' && event.plan.milestones.length > 0,
    mayEndorse: ({ context, event }) => {
      const side = sideOf(context, event.actor, ['REVIEWER']);
      return side !== undefined && !context.endorsed[side];
    },
    completesEndorsement: ({ context, event }) => {
      const side = sideOf(context, event.actor, ['REVIEWER']);
      return side !== undefined && !context.endorsed[side] && context.endorsed[other(side)];
    },
    isReviewerOfEitherSide: ({ context, event }) => sideOf(context, event.actor, ['REVIEWER']) !== undefined,
    isSignatoryOfEitherSide: ({ context, event }) => sideOf(context, event.actor, ['SIGNATORY']) !== undefined,
    isReviewerOrSignatory: ({ context, event }) => sideOf(context, event.actor, ['REVIEWER', 'SIGNATORY']) !== undefined,
    mayRefuseTermination: ({ context, event }) => sideOf(context, event.actor, ['REVIEWER']) !== undefined || mayDecline(context, event.actor),
    mayReport: ({ context, event }) => {
      const milestone = milestoneOf(context, event);
      return milestone?.status === 'pending' && sideOf(context, event.actor, staff) === milestone.side;
    },
    mayReview: ({ context, event }) => {
      const milestone = milestoneOf(context, event);
      return milestone?.status === 'reported' && sideOf(context, event.actor, ['REVIEWER']) === other(milestone.side);
    },
    allVerified: ({ context }) => context.milestones.every((milestone) => milestone.status === 'verified'),
    mayInspect: ({ context, event }) => isCoordinator(event.actor) || sideOf(context, event.actor, ['REVIEWER']) !== undefined,
    opensWithinLimit: ({ context, event }) => event.actor.kind === 'user' && openedByOpenerOf(context, event.actor).length < maxOpenInspectionsPerOpener,
    mayRectify: ({ context, event }) => {
      const inspection = inspectionOf(context, event);
      return inspection?.status === 'open' && sideOf(context, event.actor, staff) === inspection.side;
    },
    mayAnswerRectification: ({ context, event }) => {
      const inspection = inspectionOf(context, event);
      return inspection?.status === 'rectified' && isOpener(inspection, event.actor);
    },
    requestsSuspension: suspension.requested,
    confirmsSuspension: suspension.confirmed,
    requestsResumption: resumption.requested,
    asksToSuspend: asksFirst('suspendRequested'),
    asksToResume: asksFirst('resumeRequested'),
    // A city's reviewer inspects the other city's work; the joint office either city's.
    inspectsOtherSide: ({ context, event }) =>
      event.type === 'OPEN_INSPECTION' && (isCoordinator(event.actor) || sideOf(context, event.actor, ['REVIEWER']) === other(event.side)),
    confirmsResumption: resumption.confirmed,
    inspectionOpen: ({ context }) => openInspections(context).length > 0,
    closesLastInspection: ({ context, event }) =>
      openInspections(context).every((inspection) => 'inspectionId' in event && inspection.id === event.inspectionId),
    cameFrom: ({ context }, { from }: { from: string }) => context.terminationFrom === from,
    isOverdue: ({ context, event }) => overdue(context, event),
    isDutyOverdue: ({ context, event }) => overdue(context, event, true),
    ...signingGuards,
  },
  actions: {
    setPlan: assign(({ context, event }) =>
      event.type === 'EDIT' ? { version: event.version, plan: event.plan, milestones: milestonesOf(event.plan) } : context,
    ),
    share: assign({ sharedVersion: ({ context }) => context.version, endorsed: { initiator: false, counterpart: false } }),
    endorse: assign({
      endorsed: ({ context, event }) => {
        const side = sideOf(context, event.actor, ['REVIEWER']);
        return side === undefined ? context.endorsed : { ...context.endorsed, [side]: true };
      },
    }),
    openSigningRound: assign({
      signingRound: ({ context }) => context.signingRound + 1,
      signingAnchor: ({ event }) => event.head,
      signed: { initiator: [], counterpart: [] },
    }),
    closeSigningRound: assign({ signingAnchor: null, signed: { initiator: [], counterpart: [] } }),
    // The round's done event carries no time: the last signature's is when the round completed.
    recordSignatureOf: assign(({ context, event }, { side }: { side: Side }) => ({ signed: withSigner(context, event, side), lastSignedAt: event.at })),
    start: assign({ startedAt: ({ context }) => context.lastSignedAt }),
    recordReport: assign(v2Recording.report),
    keepReport: assign(v3Recording.report),
    verifyMilestone: assign({
      milestones: ({ context, event }) => updateMilestone(context, event, (m) => ({ ...m, status: 'verified', verifiedAt: event.at, verificationDueAt: null })),
    }),
    rejectMilestone: assign(v2Recording.reject),
    keepRejection: assign(v3Recording.reject),
    openInspection: assign(({ context, event }) => ({ inspections: withOpened(context, event) })),
    openCountedInspection: assign(({ context, event }) => ({ inspections: withOpened(context, event), inspectionsOpened: openedSoFar(context) + 1 })),
    recordRectification: assign(v2Recording.rectify),
    keepRectification: assign(v3Recording.rectify),
    returnRectification: assign(v2Recording.returnRectification),
    keepReturn: assign(v3Recording.returnRectification),
    closeInspection: assign(v2Recording.close),
    retireInspection: assign(v3Recording.close),
    requestSuspension: assign({ suspendRequested: ({ context, event }) => withRequest(context, event, 'suspendRequested') }),
    suspend: assign({ suspendedSince: ({ event }) => event.at, suspendRequested: { initiator: false, counterpart: false } }),
    requestResumption: assign({ resumeRequested: ({ context, event }) => withRequest(context, event, 'resumeRequested') }),
    // Time suspended does not count: every due time still running moves on by the length of the suspension.
    resume: assign(({ context, event }) => {
      const paused = Date.parse(event.at) - Date.parse(context.suspendedSince ?? event.at);
      return {
        suspendedSince: null,
        resumeRequested: { initiator: false, counterpart: false },
        milestones: context.milestones.map((m) =>
          m.status === 'verified' ? m : { ...m, dueAt: later(m.dueAt, paused) ?? m.dueAt, verificationDueAt: later(m.verificationDueAt, paused) },
        ),
        inspections: context.inspections.map((i) =>
          i.status === 'closed' ? i : { ...i, rectificationDueAt: later(i.rectificationDueAt, paused) ?? i.rectificationDueAt },
        ),
      };
    }),
    rememberTerminationFrom: assign({ terminationFrom: (_, { from }: { from: Resumable }) => from }),
    forgetTermination: assign({ terminationFrom: null, signingAnchor: null, signed: { initiator: [], counterpart: [] } }),
    close: assign({ closedAt: ({ context }) => context.lastSignedAt }),
    recordOverdue: assign(({ context, event }) => {
      if (event.type !== 'RECORD_OVERDUE') return context;
      const since = event.at;
      const milestones = context.milestones.map((m) =>
        m.id !== event.subjectId
          ? m
          : event.duty === 'MILESTONE'
            ? { ...m, overdueSince: since }
            : event.duty === 'VERIFICATION'
              ? { ...m, verificationOverdueSince: since }
              : m,
      );
      const inspections = context.inspections.map((i) => (i.id === event.subjectId && event.duty === 'RECTIFICATION' ? { ...i, overdueSince: since } : i));
      return { milestones, inspections };
    }),
  },
});

/**
 * From @2 several inspections run at once: another can be opened while one is being rectified, and closing one
 * returns to the work in progress only when it was the last one open.
 */
const severalInspections = (version: Version) =>
  ({
    OPEN_INSPECTION: { guard: recordedBy(version).inspect, actions: recordedBy(version).open },
    CLOSE_INSPECTION: [
      { guard: and(['mayAnswerRectification', 'closesLastInspection']), target: 'inProgress', actions: recordedBy(version).close },
      { guard: 'mayAnswerRectification', actions: recordedBy(version).close },
    ],
  }) as const;

/** Who may decline a termination: reviewers, and signatories — from @2 only those the quorum lets sign, not yet signed. */
const declinesTermination = { 1: 'isReviewerOrSignatory', 2: 'mayRefuseTermination', 3: 'mayRefuseTermination' } as const;

const projectDefinition = (version: Version) =>
  projectSetup.createMachine({
    id: 'jointProject',
    // The verifier replays the first entry from its recorded context: what is derived here is derived from fields kept.
    context: ({ input }) => ({
      ...input,
      milestones: milestonesOf(input.plan),
      inspections: [],
      sharedVersion: null,
      endorsed: { initiator: false, counterpart: false },
      startedAt: null,
      suspendedSince: null,
      closedAt: null,
      suspendRequested: { initiator: false, counterpart: false },
      resumeRequested: { initiator: false, counterpart: false },
      terminationFrom: null,
      signingRound: 0,
      signingAnchor: null,
      signed: { initiator: [], counterpart: [] },
      lastSignedAt: null,
    }),
    initial: 'proposed',
    // The scheduler records a duty overdue whatever the project is doing; it lists none while nothing runs.
    on: { RECORD_OVERDUE: { guard: version === 1 ? 'isOverdue' : 'isDutyOverdue', actions: 'recordOverdue' } },
    states: {
      proposed: {
        // Until it is first submitted, the proposal is the initiating agency's own draft.
        meta: { internalTo: 'initiator' },
        on: {
          EDIT: { guard: and(['isInitiatorDrafter', 'carriesPlan']), actions: 'setPlan' },
          SUBMIT: { guard: 'isInitiatorDrafter', target: 'feasibility', actions: 'share' },
          WITHDRAW: { guard: 'isInitiatorStaff', target: 'withdrawn' },
        },
      },
      feasibility: {
        // Each city's reviewer endorses on its own, in either order; a concern from either sends it back.
        on: {
          ENDORSE: [
            { guard: 'completesEndorsement', target: 'approval', actions: ['endorse', 'openSigningRound'] },
            { guard: 'mayEndorse', actions: 'endorse' },
          ],
          RAISE_CONCERN: { guard: 'mayEndorse', target: 'proposed' },
          WITHDRAW: { guard: 'isInitiatorStaff', target: 'withdrawn' },
        },
      },
      approval: {
        type: 'parallel',
        states: signingSides,
        onDone: { target: 'inProgress', actions: ['closeSigningRound', 'start'] },
        on: { DECLINE_TO_SIGN: { guard: version === 1 ? 'isSignatoryOfEitherSide' : 'isAwaitedSignatory', target: 'proposed', actions: 'closeSigningRound' } },
      },
      inProgress: {
        // When the last milestone is verified, acceptance opens.
        always: { guard: 'allVerified', target: 'acceptance', actions: 'openSigningRound' },
        on: {
          ...milestoneWork(version),
          OPEN_INSPECTION: { guard: recordedBy(version).inspect, target: 'rectification', actions: recordedBy(version).open },
          ...running('inProgress', version),
        },
      },
      rectification: {
        on: {
          ...milestoneWork(version),
          RECTIFY: { guard: 'mayRectify', actions: recordedBy(version).rectify },
          REQUEST_FURTHER_RECTIFICATION: { guard: 'mayAnswerRectification', actions: recordedBy(version).returnRectification },
          ...(version === 1
            ? { CLOSE_INSPECTION: { guard: 'mayAnswerRectification', target: 'inProgress', actions: 'closeInspection' } }
            : severalInspections(version)),
          ...running('rectification', version),
        },
      },
      suspended: {
        on: {
          RESUME: [
            { guard: and(['confirmsResumption', 'inspectionOpen']), target: 'rectification', actions: 'resume' },
            { guard: 'confirmsResumption', target: 'inProgress', actions: 'resume' },
            { guard: recordedBy(version).askResumption, actions: 'requestResumption' },
          ],
          REQUEST_TERMINATION: {
            guard: 'isReviewerOfEitherSide',
            target: 'terminating',
            actions: [{ type: 'rememberTerminationFrom', params: { from: 'suspended' } }, 'openSigningRound'],
          },
        },
      },
      terminating: {
        type: 'parallel',
        states: signingSidesFor('SIGN_TERMINATION'),
        onDone: { target: 'terminated', actions: 'close' },
        on: {
          DECLINE_TERMINATION: [
            {
              guard: and([declinesTermination[version], { type: 'cameFrom', params: { from: 'suspended' } }]),
              target: 'suspended',
              actions: 'forgetTermination',
            },
            {
              guard: and([declinesTermination[version], { type: 'cameFrom', params: { from: 'rectification' } }]),
              target: 'rectification',
              actions: 'forgetTermination',
            },
            { guard: declinesTermination[version], target: 'inProgress', actions: 'forgetTermination' },
          ],
        },
      },
      acceptance: {
        type: 'parallel',
        states: signingSidesFor('SIGN_ACCEPTANCE'),
        onDone: { target: 'completed', actions: 'close' },
        // A side not satisfied at acceptance inspects; once the inspection closes, acceptance opens anew.
        on: { OPEN_INSPECTION: { guard: recordedBy(version).inspect, target: 'rectification', actions: ['closeSigningRound', recordedBy(version).open] } },
      },
      completed: { type: 'final' },
      terminated: { type: 'final' },
      withdrawn: { type: 'final' },
    },
  });

/**
 * jointProject@1, @2 and @3: @2 records a milestone overdue against its owner only when it was not delivered in time,
 * runs several inspections at once, and lets only the signatories a quorum names decline; @3 keeps only the newest of
 * each list of entries and the newest closed inspection in the context (`Keep`), and lets one opener have at most
 * `maxOpenInspectionsPerOpener` inspections open at once.
 */
export const jointProjectMachine = projectDefinition(1);
export const jointProjectMachineV2 = projectDefinition(2);
export const jointProjectMachineV3 = projectDefinition(3);
