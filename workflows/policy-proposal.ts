import { and, assign, or, setup } from 'xstate';
import { signingGuards, signingSides, withSigner } from './signing.js';
import { isCoordinator } from './types.js';
import type { Actor, EventBase, EventSpec, Party, Quorum, Role, Side, SignatureRef, VersionRef } from './types.js';

export type { Quorum };

/** 联合政策提案: a proposal drafted by one city, reviewed by the other, signed by both. */

export interface ProposalInput {
  caseId: string;
  initiator: Party;
  counterpart: Party;
  quorum: Record<Side, Quorum>;
  version: VersionRef;
  reviewPeriodDays: number;
}

export interface ProposalContext extends ProposalInput {
  /** The version the counterpart last received; later versions are the initiator's internal drafts. */
  sharedVersion: VersionRef | null;
  reviewDueAt: string | null;
  signingRound: number;
  /** The history head on which the current signing round opened: every signature of the round is bound to it. */
  signingAnchor: string | null;
  signed: Record<Side, string[]>;
}

export const arbitrationResolutions = ['RETURN_TO_REVIEW', 'PROCEED_TO_SIGNING', 'REJECT'] as const;
export type ArbitrationResolution = (typeof arbitrationResolutions)[number];

export type ProposalEvent = EventBase &
  (
    | { type: 'EDIT'; version: VersionRef }
    | { type: 'SUBMIT_FOR_INTERNAL_REVIEW'; comment?: string }
    | { type: 'APPROVE_INTERNALLY'; comment?: string }
    | { type: 'RETURN_TO_DRAFTER'; comment: string }
    | { type: 'REQUEST_CHANGES'; comment: string }
    | { type: 'ACCEPT'; comment?: string }
    | { type: 'REJECT'; reason: string }
    | { type: 'RESUBMIT'; comment?: string }
    | { type: 'SIGN'; signature: SignatureRef }
    | { type: 'DECLINE_TO_SIGN'; reason: string }
    | { type: 'ESCALATE'; reason: string }
    | { type: 'ARBITRATE'; resolution: ArbitrationResolution; comment: string }
    | { type: 'WITHDRAW'; reason?: string }
  );

/**
 * What each event needs, and which are due when possible: the drafters' revising (an EDIT, before any RESUBMIT
 * can be taken), each review, each signature, the arbitration. Declining, escalating and withdrawing are
 * possible but never what the case waits for.
 */
export const proposalEvents: Record<ProposalEvent['type'], EventSpec> = {
  EDIT: { version: true, awaited: true },
  SUBMIT_FOR_INTERNAL_REVIEW: { comment: 'optional', awaited: true },
  APPROVE_INTERNALLY: { comment: 'optional', awaited: true },
  RETURN_TO_DRAFTER: { comment: 'required', awaited: true },
  REQUEST_CHANGES: { comment: 'required', awaited: true },
  ACCEPT: { comment: 'optional', awaited: true },
  REJECT: { reason: 'required', awaited: true },
  RESUBMIT: { comment: 'optional', awaited: true },
  SIGN: { signature: true, awaited: true },
  DECLINE_TO_SIGN: { reason: 'required', awaited: false },
  ESCALATE: { reason: 'required', awaited: false },
  ARBITRATE: { resolution: arbitrationResolutions, comment: 'required', awaited: true },
  WITHDRAW: { reason: 'optional', awaited: false },
};

const dayMs = 86_400_000;

const user = (actor: Actor) => (actor.kind === 'user' ? actor : undefined);
const acts = (actor: Actor, party: Party, role: Role): boolean => {
  const u = user(actor);
  return u !== undefined && u.agencyId === party.agencyId && u.roles.includes(role);
};
const proposalSetup = setup({
  types: {
    context: {} as ProposalContext,
    events: {} as ProposalEvent,
    input: {} as ProposalInput,
  },
  guards: {
    isInitiatorDrafter: ({ context, event }) => acts(event.actor, context.initiator, 'DRAFTER'),
    isInitiatorReviewer: ({ context, event }) => acts(event.actor, context.initiator, 'REVIEWER'),
    isInitiatorStaff: ({ context, event }) => acts(event.actor, context.initiator, 'DRAFTER') || acts(event.actor, context.initiator, 'REVIEWER'),
    isCounterpartReviewer: ({ context, event }) => acts(event.actor, context.counterpart, 'REVIEWER'),
    isCoordinator: ({ event }) => isCoordinator(event.actor),
    reviewDeadlinePassed: ({ context, event }) => event.actor.kind === 'system' && context.reviewDueAt !== null && event.at >= context.reviewDueAt,
    ...signingGuards,
    isSignatoryOfEitherSide: ({ context, event }) => acts(event.actor, context.initiator, 'SIGNATORY') || acts(event.actor, context.counterpart, 'SIGNATORY'),
    revisedSinceShared: ({ context }) => context.sharedVersion === null || context.version.number > context.sharedVersion.number,
    resolvedAsReturnToReview: ({ event }) => event.type === 'ARBITRATE' && event.resolution === 'RETURN_TO_REVIEW',
    resolvedAsProceedToSigning: ({ event }) => event.type === 'ARBITRATE' && event.resolution === 'PROCEED_TO_SIGNING',
    resolvedAsReject: ({ event }) => event.type === 'ARBITRATE' && event.resolution === 'REJECT',
  },
  actions: {
    setVersion: assign({ version: ({ context, event }) => (event.type === 'EDIT' ? event.version : context.version) }),
    shareWithCounterpart: assign({
      sharedVersion: ({ context }) => context.version,
      reviewDueAt: ({ context, event }) => new Date(Date.parse(event.at) + context.reviewPeriodDays * dayMs).toISOString(),
    }),
    clearReviewDeadline: assign({ reviewDueAt: null }),
    openSigningRound: assign({
      signingRound: ({ context }) => context.signingRound + 1,
      signingAnchor: ({ event }) => event.head,
      signed: { initiator: [], counterpart: [] },
      reviewDueAt: null,
    }),
    closeSigningRound: assign({ signingAnchor: null, signed: { initiator: [], counterpart: [] } }),
    recordSignatureOf: assign({ signed: ({ context, event }, { side }: { side: Side }) => withSigner(context, event, side) }),
  },
});

/** The versions of the proposal's rules; a case keeps the one it started on (DESIGN §4). */
type Version = 1 | 2;

/**
 * After changes were asked for, the revised text goes back: in @1 straight to the counterpart; from @2 through the
 * initiator's internal review again, as the first submission does, so no text reaches the other city without its
 * own side's approval.
 */
const resubmit = {
  1: { guard: and(['isInitiatorDrafter', 'revisedSinceShared']), target: 'counterpartReview', actions: 'shareWithCounterpart' },
  2: { guard: and(['isInitiatorDrafter', 'revisedSinceShared']), target: 'internalReview' },
} as const;

/** Who may decline to sign: in @1 any signatory of either side; from @2 only one the quorum lets sign, not yet signed. */
const declineGuard = { 1: 'isSignatoryOfEitherSide', 2: 'isAwaitedSignatory' } as const;

const proposalDefinition = (version: Version) =>
  proposalSetup.createMachine({
    id: 'policyProposal',
    context: ({ input }) => ({
      ...input,
      sharedVersion: null,
      reviewDueAt: null,
      signingRound: 0,
      signingAnchor: null,
      signed: { initiator: [], counterpart: [] },
    }),
    initial: 'drafting',
    states: {
      drafting: {
        meta: { internalTo: 'initiator' },
        on: {
          EDIT: { guard: 'isInitiatorDrafter', actions: 'setVersion' },
          SUBMIT_FOR_INTERNAL_REVIEW: { guard: 'isInitiatorDrafter', target: 'internalReview' },
          WITHDRAW: { guard: 'isInitiatorStaff', target: 'withdrawn' },
        },
      },
      internalReview: {
        meta: { internalTo: 'initiator' },
        on: {
          APPROVE_INTERNALLY: { guard: 'isInitiatorReviewer', target: 'counterpartReview', actions: 'shareWithCounterpart' },
          RETURN_TO_DRAFTER: { guard: 'isInitiatorReviewer', target: 'drafting' },
          WITHDRAW: { guard: 'isInitiatorStaff', target: 'withdrawn' },
        },
      },
      counterpartReview: {
        on: {
          REQUEST_CHANGES: { guard: 'isCounterpartReviewer', target: 'revising', actions: 'clearReviewDeadline' },
          ACCEPT: { guard: 'isCounterpartReviewer', target: 'signing', actions: 'openSigningRound' },
          REJECT: { guard: 'isCounterpartReviewer', target: 'rejected', actions: 'clearReviewDeadline' },
          ESCALATE: { guard: or(['isCoordinator', 'reviewDeadlinePassed']), target: 'escalated', actions: 'clearReviewDeadline' },
          WITHDRAW: { guard: 'isInitiatorStaff', target: 'withdrawn' },
        },
      },
      revising: {
        meta: { internalTo: 'initiator' },
        on: {
          EDIT: { guard: 'isInitiatorDrafter', actions: 'setVersion' },
          RESUBMIT: resubmit[version],
          WITHDRAW: { guard: 'isInitiatorStaff', target: 'withdrawn' },
        },
      },
      signing: {
        type: 'parallel',
        // Each side collects its own quorum; a SIGN is taken by the side the signatory belongs to.
        states: signingSides,
        on: { DECLINE_TO_SIGN: { guard: declineGuard[version], target: 'revising', actions: 'closeSigningRound' } },
        onDone: { target: 'adopted' },
      },
      escalated: {
        on: {
          ARBITRATE: [
            { guard: and(['isCoordinator', 'resolvedAsReturnToReview']), target: 'counterpartReview', actions: 'shareWithCounterpart' },
            { guard: and(['isCoordinator', 'resolvedAsProceedToSigning']), target: 'signing', actions: 'openSigningRound' },
            { guard: and(['isCoordinator', 'resolvedAsReject']), target: 'rejected' },
          ],
          WITHDRAW: { guard: 'isInitiatorStaff', target: 'withdrawn' },
        },
      },
      adopted: { type: 'final' },
      rejected: { type: 'final' },
      withdrawn: { type: 'final' },
    },
  });

/** policyProposal@1 and @2: the same states; @2 changes who may resubmit to whom, and who may decline. */
export const policyProposalMachine = proposalDefinition(1);
export const policyProposalMachineV2 = proposalDefinition(2);
