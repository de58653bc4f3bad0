import type { AnyStateMachine } from 'xstate';
import {
  isRunning,
  jointProjectMachine,
  jointProjectMachineV2,
  jointProjectMachineV3,
  openInspections,
  projectEvents,
  type ProjectContext,
} from './joint-project.js';
import { alignmentEvents, planAlignmentMachine, planAlignmentMachineV2, planAlignmentMachineV3, type AlignmentContext } from './plan-alignment.js';
import { policyProposalMachine, policyProposalMachineV2, proposalEvents, type ProposalContext } from './policy-proposal.js';
import type { SigningContext } from './signing.js';
import type { Actor, EventSpec, Party, Role, Side, VersionRef } from './types.js';

/**
 * What each workflow type is called outside its machines, one entry per type: every per-workflow list (the
 * GraphQL `CaseType` enum and object types, the history filter, the command-line client's columns, the export) is
 * derived from here, so a workflow without its entry does not compile.
 */
export const workflowKinds = {
  policyProposal: { caseType: 'POLICY_PROPOSAL', graphqlType: 'PolicyProposal', label: { zh: '联合政策提案', en: 'Joint policy proposal' } },
  planAlignment: { caseType: 'PLAN_ALIGNMENT', graphqlType: 'PlanAlignment', label: { zh: '规划对接', en: 'Plan alignment' } },
  jointProject: { caseType: 'JOINT_PROJECT', graphqlType: 'JointProject', label: { zh: '联合项目', en: 'Joint project' } },
} as const;
export type WorkflowType = keyof typeof workflowKinds;
export type CaseTypeName = (typeof workflowKinds)[WorkflowType]['caseType'];

/** The workflow type a `CaseType` value names. */
export const workflowTypeOf = Object.fromEntries(Object.entries(workflowKinds).map(([type, kind]) => [kind.caseType, type])) as Record<
  CaseTypeName,
  WorkflowType
>;

/** The label of a `CaseType` value in `language`; a value this version does not know is shown as it is. */
export function caseTypeLabel(caseType: string, language: 'zh' | 'en'): string {
  const type = (workflowTypeOf as Record<string, WorkflowType | undefined>)[caseType];
  return type === undefined ? caseType : workflowKinds[type].label[language];
}

export interface Deadline {
  kind: string;
  dueAt: string;
  /** What the system sends when the time has come (with what it concerns); the machine's guard checks the time itself. */
  fires: { type: string; reason: string; fields?: Record<string, string> };
}

/**
 * How a version's definition hash is made; the scheme is part of the version, so each entry verifies against the
 * hash it recorded. `xstate-definition` (@1): XState's own definition object, which names atomic guards but drops
 * composite ones and eventless transitions. `structure` (from @2): the machine's structure (workflows/structure.ts),
 * which holds every rule — guards with their parameters and `and`/`or`/`not`, eventless and done transitions,
 * targets, actions — and nothing of how the source is written.
 */
export type HashScheme = 'xstate-definition' | 'structure';

export interface Workflow {
  /** `type@version`; a case stays on the workflow it was created with. */
  key: string;
  type: WorkflowType;
  version: number;
  machine: AnyStateMachine;
  hashScheme: HashScheme;
  events: Readonly<Record<string, EventSpec>>;
  /**
   * Representatives of everyone who might act on a case: one per side and role, plus any users the
   * case names. Asking the machine what each may do gives the inbox the same answer as enforcement.
   */
  probeActors(context: unknown): Actor[];
  parties(context: unknown): { initiator: Party; counterpart: Party };
  /** The current document version. */
  currentVersion(context: unknown): VersionRef;
  /** The newest version the counterpart has received; null while the case has not reached it. */
  sharedVersion(context: unknown): VersionRef | null;
  /** The history head the current signing round opened on, which every signature of the round must name. */
  signingAnchor(context: unknown): string | null;
  /** The users who have signed in the current round, both sides. */
  signedBy(context: unknown): string[];
  /** Texts the document signed must hold (a memorandum: every plan item and resolution); none for authored documents. */
  mustCover(context: unknown): string[];
  /** Due times stored on the case (durable data, never machine timers), each with the event it fires. */
  deadlines(context: unknown): Deadline[];
  /** Stand-in fields for asking the machine whether someone could send `type` (one per pair topic, say). */
  probeFields?(type: string, context: unknown): Record<string, unknown>[];
}

const cityRoles: Role[] = ['DRAFTER', 'REVIEWER', 'SIGNATORY'];
export const anyUser = '*';
const coordinator: Actor = { kind: 'user', userId: anyUser, agencyId: anyUser, region: 'JOINT', roles: ['COORDINATOR'] };

function sideActors(parties: readonly Party[], namedSignatories: Record<string, readonly string[]>): Actor[] {
  return parties.flatMap((party) => [
    ...cityRoles.map((role): Actor => ({ kind: 'user', userId: anyUser, agencyId: party.agencyId, region: party.region, roles: [role] })),
    ...(namedSignatories[party.agencyId] ?? []).map((userId): Actor => ({
      kind: 'user',
      userId,
      agencyId: party.agencyId,
      region: party.region,
      roles: ['SIGNATORY'],
    })),
  ]);
}

/** What every workflow's context holds the same way: the two sides, their quorums, the document, the signing round. */
type Bilateral = SigningContext & { signingAnchor: string | null };

/** The readers of a bilateral case that are the same for every workflow. */
const bilateral: Pick<Workflow, 'probeActors' | 'parties' | 'currentVersion' | 'signingAnchor' | 'signedBy' | 'mustCover'> = {
  probeActors: (context) => {
    const { initiator, counterpart, quorum } = context as Bilateral;
    const named = { [initiator.agencyId]: quorum.initiator.signatories, [counterpart.agencyId]: quorum.counterpart.signatories };
    return [...sideActors([initiator, counterpart], named), coordinator];
  },
  parties: (context) => ({ initiator: (context as Bilateral).initiator, counterpart: (context as Bilateral).counterpart }),
  currentVersion: (context) => (context as Bilateral).version,
  signingAnchor: (context) => (context as Bilateral).signingAnchor,
  signedBy: (context) => [...(context as Bilateral).signed.initiator, ...(context as Bilateral).signed.counterpart],
  mustCover: () => [],
};

const policyProposal: Workflow = {
  key: 'policyProposal@1',
  type: 'policyProposal',
  version: 1,
  machine: policyProposalMachine,
  hashScheme: 'xstate-definition',
  events: proposalEvents,
  ...bilateral,
  sharedVersion: (context) => (context as ProposalContext).sharedVersion,
  deadlines: (context) => {
    const { reviewDueAt } = context as ProposalContext;
    return reviewDueAt === null
      ? []
      : [{ kind: 'COUNTERPART_REVIEW', dueAt: reviewDueAt, fires: { type: 'ESCALATE', reason: '对方审核期限已过 / the counterpart review deadline passed' } }];
  },
};

/** Plan alignment: both cities take part from the start, so the charter is shared from the first entry. */
const planAlignment: Workflow = {
  key: 'planAlignment@1',
  type: 'planAlignment',
  version: 1,
  machine: planAlignmentMachine,
  hashScheme: 'xstate-definition',
  events: alignmentEvents,
  ...bilateral,
  sharedVersion: (context) => (context as AlignmentContext).version,
  mustCover: (context) => {
    const { items, pairs } = context as AlignmentContext;
    return [...items.map((item) => item.target), ...pairs.flatMap((pair) => (pair.resolution === null ? [] : [pair.resolution]))];
  },
  deadlines: (context) => {
    const { negotiationDueAt } = context as AlignmentContext;
    return negotiationDueAt === null
      ? []
      : [{ kind: 'NEGOTIATION', dueAt: negotiationDueAt, fires: { type: 'ESCALATE', reason: '协商期限已过 / the negotiation deadline passed' } }];
  },
  probeFields: (type, context) => {
    const { pairs, items } = context as AlignmentContext;
    if (['PROPOSE_RESOLUTION', 'ACCEPT_RESOLUTION', 'COUNTER_PROPOSE', 'ARBITRATE'].includes(type)) {
      return pairs.map(({ topic }) => ({ topic, text: 'probe' }));
    }
    if (type === 'ADD_ITEM')
      return [{ item: { id: 'probe', topic: 'probe', target: 'probe', indicator: 'probe', deadline: '2000-01-01', ownerAgencyId: 'probe' } }];
    if (type === 'REMOVE_ITEM') return items.map(({ id }) => ({ itemId: id }));
    return [{}];
  },
};

const otherSide = (side: Side): Side => (side === 'initiator' ? 'counterpart' : 'initiator');
const overdue = (duty: string, subjectId: string, lateSide: Side, zh: string, en: string): Deadline['fires'] => ({
  type: 'RECORD_OVERDUE',
  reason: `${zh}已逾期 / the ${en} is overdue`,
  fields: { duty, subjectId, lateSide },
});

/** Joint project: its deadlines run from approval to the end, and stand still while it is suspended. */
const jointProject: Workflow = {
  key: 'jointProject@1',
  type: 'jointProject',
  version: 1,
  machine: jointProjectMachine,
  hashScheme: 'xstate-definition',
  events: projectEvents,
  ...bilateral,
  sharedVersion: (context) => (context as ProjectContext).sharedVersion,
  deadlines: (context) => {
    const { milestones, inspections } = context as ProjectContext;
    if (!isRunning(context as ProjectContext)) return [];
    return [
      // A milestone's delivery is due from its owner until it is reported; once reported, the other side's
      // verification is what can be late. Each firing names the side whose action is late.
      ...milestones
        .filter((m) => m.status === 'pending' && m.overdueSince === null)
        .map((m) => ({ kind: `MILESTONE:${m.id}`, dueAt: m.dueAt, fires: overdue('MILESTONE', m.id, m.side, `里程碑“${m.title}”`, `milestone “${m.id}”`) })),
      ...milestones
        .filter((m) => m.status === 'reported' && m.verificationDueAt !== null && m.verificationOverdueSince === null)
        .map((m) => ({
          kind: `VERIFICATION:${m.id}`,
          dueAt: m.verificationDueAt!,
          fires: overdue('VERIFICATION', m.id, otherSide(m.side), `里程碑“${m.title}”的核验`, `verification of milestone “${m.id}”`),
        })),
      ...inspections
        .filter((i) => i.status === 'open' && i.overdueSince === null)
        .map((i) => ({
          kind: `RECTIFICATION:${i.id}`,
          dueAt: i.rectificationDueAt,
          fires: overdue('RECTIFICATION', i.id, i.side, '督查整改', `rectification of inspection “${i.id}”`),
        })),
    ];
  },
  probeFields: (type, context) => {
    const { milestones, version } = context as ProjectContext;
    const due = '2000-01-01T00:00:00.000Z';
    switch (type) {
      case 'EDIT': {
        const milestone = { id: 'probe', title: 'probe', side: 'initiator', ownerAgencyId: 'probe', dueDate: '2000-01-01', dueAt: due, deliverable: 'probe' };
        return [
          {
            version: { ...version, id: 'probe', number: version.number + 1 },
            plan: { goals: [], budget: { initiator: 0, counterpart: 0 }, leadAgencies: { initiator: 'probe', counterpart: 'probe' }, milestones: [milestone] },
          },
        ];
      }
      case 'REPORT_MILESTONE':
      case 'VERIFY_MILESTONE':
      case 'REJECT_MILESTONE':
        return milestones.map(({ id }) => ({ milestoneId: id, evidence: 'probe', verificationDueAt: due }));
      case 'OPEN_INSPECTION':
        return (['initiator', 'counterpart'] as const).map((side) => ({ inspectionId: 'probe', findings: 'probe', side, rectificationDueAt: due }));
      case 'RECTIFY':
      case 'REQUEST_FURTHER_RECTIFICATION':
      case 'CLOSE_INSPECTION':
        return openInspections(context as ProjectContext).map(({ id }) => ({ inspectionId: id, report: 'probe' }));
      default:
        return [{}];
    }
  },
};

/** A later version of a workflow: the same readers of its context, another machine, hashed by its structure. */
const laterVersion = (first: Workflow, version: number, machine: AnyStateMachine): Workflow => ({
  ...first,
  key: `${first.type}@${String(version)}`,
  version,
  machine,
  hashScheme: 'structure',
});

/** Every machine version, by `type@version`: a case keeps the one it was created with; new cases start on the newest. */
export const workflows: ReadonlyMap<string, Workflow> = new Map(
  [
    policyProposal,
    laterVersion(policyProposal, 2, policyProposalMachineV2),
    planAlignment,
    laterVersion(planAlignment, 2, planAlignmentMachineV2),
    laterVersion(planAlignment, 3, planAlignmentMachineV3),
    jointProject,
    laterVersion(jointProject, 2, jointProjectMachineV2),
    laterVersion(jointProject, 3, jointProjectMachineV3),
  ].map((workflow) => [workflow.key, workflow]),
);

/** The version a new case of `type` starts on: the newest registered. */
export function newestWorkflow(type: WorkflowType): Workflow {
  const versions = [...workflows.values()].filter((workflow) => workflow.type === type);
  return versions.reduce((newest, workflow) => (workflow.version > newest.version ? workflow : newest));
}
