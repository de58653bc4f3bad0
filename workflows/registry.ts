import type { AnyStateMachine } from 'xstate';
import { alignmentEvents, planAlignmentMachine, type AlignmentContext } from './plan-alignment.js';
import { policyProposalMachine, proposalEvents, type ProposalContext } from './policy-proposal.js';
import type { Actor, EventSpec, Party, Role, VersionRef } from './types.js';

export interface Deadline {
  kind: string;
  dueAt: string;
  /** What the system sends when the time has come; the machine's guard checks the time itself. */
  fires: { type: string; reason: string };
}

export interface Workflow {
  /** `type@version`; a case stays on the workflow it was created with. */
  key: string;
  type: string;
  version: number;
  machine: AnyStateMachine;
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
    ...(namedSignatories[party.agencyId] ?? []).map(
      (userId): Actor => ({ kind: 'user', userId, agencyId: party.agencyId, region: party.region, roles: ['SIGNATORY'] }),
    ),
  ]);
}

const policyProposal: Workflow = {
  key: 'policyProposal@1',
  type: 'policyProposal',
  version: 1,
  machine: policyProposalMachine,
  events: proposalEvents,
  probeActors: (context) => {
    const { initiator, counterpart, quorum } = context as ProposalContext;
    const named = { [initiator.agencyId]: quorum.initiator.signatories, [counterpart.agencyId]: quorum.counterpart.signatories };
    return [...sideActors([initiator, counterpart], named), coordinator];
  },
  parties: (context) => ({ initiator: (context as ProposalContext).initiator, counterpart: (context as ProposalContext).counterpart }),
  currentVersion: (context) => (context as ProposalContext).version,
  sharedVersion: (context) => (context as ProposalContext).sharedVersion,
  signingAnchor: (context) => (context as ProposalContext).signingAnchor,
  deadlines: (context) => {
    const { reviewDueAt } = context as ProposalContext;
    return reviewDueAt === null ? [] : [{ kind: 'COUNTERPART_REVIEW', dueAt: reviewDueAt, fires: { type: 'ESCALATE', reason: '对方审核期限已过 / the counterpart review deadline passed' } }];
  },
};

/** Plan alignment: both cities take part from the start, so the charter is shared from the first entry. */
const planAlignment: Workflow = {
  key: 'planAlignment@1',
  type: 'planAlignment',
  version: 1,
  machine: planAlignmentMachine,
  events: alignmentEvents,
  probeActors: (context) => {
    const { initiator, counterpart, quorum } = context as AlignmentContext;
    const named = { [initiator.agencyId]: quorum.initiator.signatories, [counterpart.agencyId]: quorum.counterpart.signatories };
    return [...sideActors([initiator, counterpart], named), coordinator];
  },
  parties: (context) => ({ initiator: (context as AlignmentContext).initiator, counterpart: (context as AlignmentContext).counterpart }),
  currentVersion: (context) => (context as AlignmentContext).version,
  sharedVersion: (context) => (context as AlignmentContext).version,
  signingAnchor: (context) => (context as AlignmentContext).signingAnchor,
  deadlines: (context) => {
    const { negotiationDueAt } = context as AlignmentContext;
    return negotiationDueAt === null ? [] : [{ kind: 'NEGOTIATION', dueAt: negotiationDueAt, fires: { type: 'ESCALATE', reason: '协商期限已过 / the negotiation deadline passed' } }];
  },
  probeFields: (type, context) => {
    const { pairs, items } = context as AlignmentContext;
    if (['PROPOSE_RESOLUTION', 'ACCEPT_RESOLUTION', 'COUNTER_PROPOSE', 'ARBITRATE'].includes(type)) {
      return pairs.map(({ topic }) => ({ topic, text: 'probe' }));
    }
    if (type === 'ADD_ITEM') return [{ item: { id: 'probe', topic: 'probe', target: 'probe', indicator: 'probe', deadline: '2000-01-01', ownerAgencyId: 'probe' } }];
    if (type === 'REMOVE_ITEM') return items.map(({ id }) => ({ itemId: id }));
    return [{}];
  },
};

export const workflows: ReadonlyMap<string, Workflow> = new Map([
  [policyProposal.key, policyProposal],
  [planAlignment.key, planAlignment],
]);
