import { and, assign, or, setup } from 'xstate';
import { signingGuards, signingSides, withSigner } from './signing.js';
import { isCoordinator } from './types.js';
import type { Actor, EventBase, EventSpec, Party, Quorum, Side, SignatureRef, VersionRef } from './types.js';

/**
 * 规划对接: each city drafts its section of a joint plan on its own; once both are in, the items are paired
 * by topic and every divergent pair is negotiated (a side proposes, only the other side accepts or counters)
 * until all are aligned; the memorandum of all items and resolutions is then signed by both cities.
 */

export interface PlanItem {
  id: string;
  side: Side;
  /** A policy area: the key items are paired by across the two sections. */
  topic: string;
  target: string;
  indicator: string;
  /** The date the target is due, YYYY-MM-DD. */
  deadline: string;
  ownerAgencyId: string;
}

export interface ResolutionProposal {
  by: Side;
  text: string;
  at: string;
}

export type PairStatus = 'aligned' | 'divergent' | 'escalated';

export interface ItemPair {
  topic: string;
  initiatorItem: string | null;
  counterpartItem: string | null;
  status: PairStatus;
  proposals: ResolutionProposal[];
  resolution: string | null;
  resolvedBy: 'identical' | 'agreement' | 'arbitration' | null;
}

export interface AlignmentInput {
  caseId: string;
  initiator: Party;
  counterpart: Party;
  quorum: Record<Side, Quorum>;
  /** The charter: what the two cities align, and why. The memorandum becomes its next version. */
  version: VersionRef;
  /** Proposals on one pair (both sides counted) after which it goes to the joint office. */
  maxRounds: number;
  negotiationDays: number;
}

export interface AlignmentContext extends AlignmentInput {
  items: PlanItem[];
  pairs: ItemPair[];
  lastSubmittedAt: string | null;
  /**
   * The memorandum the server made for the event that may align the last pair (it runs the machine ahead to
   * know). Every event that can align a pair overwrites it, so it is never stale.
   */
  offeredMemorandum: VersionRef | null;
  negotiationDueAt: string | null;
  signingRound: number;
  signingAnchor: string | null;
  signed: Record<Side, string[]>;
  abandonRequested: Record<Side, boolean>;
}

type NewItem = Omit<PlanItem, 'side'>;

export type AlignmentEvent = EventBase &
  (
    | { type: 'ADD_ITEM'; item: NewItem }
    | { type: 'REMOVE_ITEM'; itemId: string }
    | { type: 'SUBMIT_SECTION'; version?: VersionRef }
    | { type: 'PROPOSE_RESOLUTION'; topic: string; text: string }
    | { type: 'ACCEPT_RESOLUTION'; topic: string; version?: VersionRef }
    | { type: 'COUNTER_PROPOSE'; topic: string; text: string }
    | { type: 'ESCALATE'; reason: string }
    | { type: 'ARBITRATE'; topic: string; text: string; version?: VersionRef }
    | { type: 'SIGN'; signature: SignatureRef }
    | { type: 'ABANDON'; reason: string }
  );

/**
 * Which events are due when possible: drafting a section until it is in, each side's answer to the other's
 * proposal, the arbitration, the signatures, and the second city's abandonment once the first asked for it.
 */
export const alignmentEvents: Record<AlignmentEvent['type'], EventSpec> = {
  ADD_ITEM: { awaited: true },
  REMOVE_ITEM: { awaited: false },
  SUBMIT_SECTION: { awaited: true },
  PROPOSE_RESOLUTION: { awaited: true },
  ACCEPT_RESOLUTION: { awaited: true },
  COUNTER_PROPOSE: { awaited: true },
  ESCALATE: { reason: 'required', awaited: false },
  ARBITRATE: { awaited: true },
  SIGN: { signature: true, awaited: true },
  ABANDON: { reason: 'required', awaited: (context, { actor }) => otherSideAsked(context as AlignmentContext, actor) },
};

const dayMs = 86_400_000;
const sides: Side[] = ['initiator', 'counterpart'];
const other = (side: Side): Side => (side === 'initiator' ? 'counterpart' : 'initiator');

const user = (actor: Actor) => (actor.kind === 'user' ? actor : undefined);

/** The side the actor acts for with one of `roles`, if any. */
function sideOf(context: AlignmentContext, actor: Actor, roles: readonly string[]): Side | undefined {
  const u = user(actor);
  if (u === undefined || !u.roles.some((role) => roles.includes(role))) return undefined;
  return sides.find((side) => context[side].agencyId === u.agencyId);
}
const staff = ['DRAFTER', 'REVIEWER'];

/** Whether the other city's reviewer asked to abandon, and the actor's city has not yet. */
function otherSideAsked(context: AlignmentContext, actor: Actor): boolean {
  const side = sideOf(context, actor, ['REVIEWER']);
  return side !== undefined && context.abandonRequested[other(side)] && !context.abandonRequested[side];
}

const pairOf = (context: AlignmentContext, event: AlignmentEvent): ItemPair | undefined =>
  'topic' in event ? context.pairs.find((pair) => pair.topic === event.topic) : undefined;

/** A proposal waits for an answer from the side that did not make it. */
const lastProposal = (pair: ItemPair): ResolutionProposal | undefined => pair.proposals.at(-1);

function mayPropose(context: AlignmentContext, event: AlignmentEvent): boolean {
  const side = sideOf(context, event.actor, staff);
  const pair = pairOf(context, event);
  return event.type === 'PROPOSE_RESOLUTION' && side !== undefined && pair?.status === 'divergent' && lastProposal(pair) === undefined;
}

function mayAnswer(context: AlignmentContext, event: AlignmentEvent): boolean {
  const side = sideOf(context, event.actor, staff);
  const pair = pairOf(context, event);
  const last = pair === undefined ? undefined : lastProposal(pair);
  return (
    (event.type === 'ACCEPT_RESOLUTION' || event.type === 'COUNTER_PROPOSE') &&
    side !== undefined &&
    pair?.status === 'divergent' &&
    last !== undefined &&
    last.by !== side
  );
}

const sameItem = (a: PlanItem, b: PlanItem): boolean =>
  a.target.trim() === b.target.trim() && a.indicator.trim() === b.indicator.trim() && a.deadline === b.deadline;

/** Pairs the two sections by topic; identical items are aligned at once, everything else is divergent. */
function pairItems(items: readonly PlanItem[]): ItemPair[] {
  const topics = [...new Set(items.map((item) => item.topic))].sort();
  return topics.map((topic) => {
    const mine = items.find((item) => item.topic === topic && item.side === 'initiator');
    const theirs = items.find((item) => item.topic === topic && item.side === 'counterpart');
    const identical = mine !== undefined && theirs !== undefined && sameItem(mine, theirs);
    return {
      topic,
      initiatorItem: mine?.id ?? null,
      counterpartItem: theirs?.id ?? null,
      status: identical ? 'aligned' : 'divergent',
      proposals: [],
      resolution: null,
      resolvedBy: identical ? 'identical' : null,
    };
  });
}

const updatePair = (context: AlignmentContext, topic: string, change: (pair: ItemPair) => ItemPair): ItemPair[] =>
  context.pairs.map((pair) => (pair.topic === topic ? change(pair) : pair));

/**
 * Either side's reviewer asks to abandon; the other side's request ends the alignment. Not once it is final. From @3 a
 * side asks once: asking again recorded an entry that changed nothing, which one side could do without end.
 */
const abandon = (version: Version) =>
  ({
    ABANDON: [
      { guard: 'otherSideAbandoned', target: '#planAlignment.abandoned', actions: 'requestAbandon' },
      { guard: version < 3 ? 'isReviewerOfEitherSide' : 'asksToAbandon', actions: 'requestAbandon' },
    ],
  }) as const;

/** The versions of the alignment's rules; a case keeps the one it started on. */
type Version = 1 | 2 | 3;

/**
 * A side's drafter adds an item; from @2 only on a topic the side has no item on yet, so that every item is paired
 * and reaches the memorandum both cities sign (in @1 a second item on a topic was left out of both).
 */
const addItemGuard = (side: Side, version: Version) =>
  version === 1
    ? ({ type: 'isDrafterOf', params: { side } } as const)
    : and([
        { type: 'isDrafterOf', params: { side } },
        { type: 'topicFreeFor', params: { side } },
      ]);

/** One city's section: its drafters add and remove items, its staff submit it. Guards and actions take the side. */
const section = (side: Side, version: Version) =>
  ({
    initial: 'drafting',
    states: {
      drafting: {
        on: {
          ADD_ITEM: { guard: addItemGuard(side, version), actions: { type: 'addItem', params: { side } } },
          REMOVE_ITEM: { guard: { type: 'removesItemOf', params: { side } }, actions: 'removeItem' },
          SUBMIT_SECTION: { guard: { type: 'submitsSectionOf', params: { side } }, target: 'submitted', actions: ['stampSubmission', 'offerMemorandum'] },
        },
      },
      submitted: { type: 'final' },
    },
  }) as const;

const alignmentSetup = setup({
  types: {
    context: {} as AlignmentContext,
    events: {} as AlignmentEvent,
    input: {} as AlignmentInput,
  },
  guards: {
    isDrafterOf: ({ context, event }, { side }: { side: Side }) => sideOf(context, event.actor, ['DRAFTER']) === side,
    topicFreeFor: ({ context, event }, { side }: { side: Side }) =>
      event.type === 'ADD_ITEM' && !context.items.some((item) => item.side === side && item.topic === event.item.topic),
    removesItemOf: ({ context, event }, { side }: { side: Side }) =>
      event.type === 'REMOVE_ITEM' &&
      sideOf(context, event.actor, ['DRAFTER']) === side &&
      context.items.some((item) => item.id === event.itemId && item.side === side),
    submitsSectionOf: ({ context, event }, { side }: { side: Side }) =>
      sideOf(context, event.actor, staff) === side && context.items.some((item) => item.side === side),
    mayPropose: ({ context, event }) => mayPropose(context, event),
    mayAnswer: ({ context, event }) => mayAnswer(context, event),
    isAccept: ({ event }) => event.type === 'ACCEPT_RESOLUTION',
    allAligned: ({ context }) => context.pairs.length > 0 && context.pairs.every((pair) => pair.status === 'aligned'),
    memorandumOffered: ({ context }) => context.offeredMemorandum !== null && context.offeredMemorandum.number === context.version.number + 1,
    reachesRoundLimit: ({ context, event }) => {
      const pair = pairOf(context, event);
      return pair !== undefined && pair.proposals.length + 1 >= context.maxRounds;
    },
    isCoordinator: ({ event }) => isCoordinator(event.actor),
    negotiationDeadlinePassed: ({ context, event }) =>
      event.actor.kind === 'system' && context.negotiationDueAt !== null && event.at >= context.negotiationDueAt,
    pairEscalated: ({ context, event }) => pairOf(context, event)?.status === 'escalated',
    lastEscalated: ({ context, event }) => context.pairs.every((pair) => pair.topic === (event as { topic?: string }).topic || pair.status !== 'escalated'),
    isReviewerOfEitherSide: ({ context, event }) => sideOf(context, event.actor, ['REVIEWER']) !== undefined,
    asksToAbandon: ({ context, event }) => {
      const side = sideOf(context, event.actor, ['REVIEWER']);
      return side !== undefined && !context.abandonRequested[side];
    },
    otherSideAbandoned: ({ context, event }) => {
      const side = sideOf(context, event.actor, ['REVIEWER']);
      return side !== undefined && context.abandonRequested[other(side)];
    },
    ...signingGuards,
  },
  actions: {
    addItem: assign({
      items: ({ context, event }, { side }: { side: Side }) => (event.type === 'ADD_ITEM' ? [...context.items, { ...event.item, side }] : context.items),
    }),
    stampSubmission: assign({ lastSubmittedAt: ({ event }) => event.at }),
    offerMemorandum: assign({ offeredMemorandum: ({ event }) => ('version' in event && event.version !== undefined ? event.version : null) }),
    removeItem: assign({
      items: ({ context, event }) => (event.type === 'REMOVE_ITEM' ? context.items.filter((item) => item.id !== event.itemId) : context.items),
    }),
    pairItems: assign({
      pairs: ({ context }) => pairItems(context.items),
      // onDone's event is the machine's own done event, which carries no time: use the last submission's.
      negotiationDueAt: ({ context }) => new Date(Date.parse(context.lastSubmittedAt ?? '') + context.negotiationDays * dayMs).toISOString(),
    }),
    recordProposal: assign({
      pairs: ({ context, event }) => {
        const side = sideOf(context, event.actor, staff);
        if (side === undefined || !('text' in event) || !('topic' in event)) return context.pairs;
        return updatePair(context, event.topic, (pair) => ({ ...pair, proposals: [...pair.proposals, { by: side, text: event.text, at: event.at }] }));
      },
    }),
    acceptProposal: assign({
      pairs: ({ context, event }) =>
        'topic' in event
          ? updatePair(context, event.topic, (pair) => ({ ...pair, status: 'aligned', resolution: lastProposal(pair)?.text ?? null, resolvedBy: 'agreement' }))
          : context.pairs,
    }),
    escalatePair: assign({
      pairs: ({ context, event }) => ('topic' in event ? updatePair(context, event.topic, (pair) => ({ ...pair, status: 'escalated' })) : context.pairs),
    }),
    escalateDivergent: assign({
      pairs: ({ context }) => context.pairs.map((pair) => (pair.status === 'divergent' ? { ...pair, status: 'escalated' as const } : pair)),
      negotiationDueAt: null,
    }),
    arbitratePair: assign({
      pairs: ({ context, event }) =>
        event.type === 'ARBITRATE'
          ? updatePair(context, event.topic, (pair) => ({ ...pair, status: 'aligned', resolution: event.text, resolvedBy: 'arbitration' }))
          : context.pairs,
    }),
    setMemorandum: assign({ version: ({ context }) => context.offeredMemorandum ?? context.version, offeredMemorandum: null }),
    openSigningRound: assign({
      signingRound: ({ context }) => context.signingRound + 1,
      signingAnchor: ({ event }) => event.head,
      signed: { initiator: [], counterpart: [] },
      negotiationDueAt: null,
    }),
    recordSignatureOf: assign({ signed: ({ context, event }, { side }: { side: Side }) => withSigner(context, event, side) }),
    requestAbandon: assign({
      abandonRequested: ({ context, event }) => {
        const side = sideOf(context, event.actor, ['REVIEWER']);
        return side === undefined ? context.abandonRequested : { ...context.abandonRequested, [side]: true };
      },
    }),
  },
});

/**
 * From @2, while the joint office holds one pair, the other divergent pairs go on being negotiated (in @1 the whole
 * case waited): a proposal, an answer, a counter-proposal that reaches the round limit sends that pair too.
 */
const negotiationGoesOn = {
  PROPOSE_RESOLUTION: { guard: 'mayPropose', actions: 'recordProposal' },
  ACCEPT_RESOLUTION: { guard: and(['mayAnswer', 'isAccept']), actions: ['acceptProposal', 'offerMemorandum'] },
  COUNTER_PROPOSE: [
    { guard: and(['mayAnswer', 'reachesRoundLimit']), actions: ['recordProposal', 'escalatePair'] },
    { guard: 'mayAnswer', actions: 'recordProposal' },
  ],
} as const;

const alignmentDefinition = (version: Version) =>
  alignmentSetup.createMachine({
    id: 'planAlignment',
    context: ({ input }) => ({
      ...input,
      items: [],
      pairs: [],
      lastSubmittedAt: null,
      offeredMemorandum: null,
      negotiationDueAt: null,
      signingRound: 0,
      signingAnchor: null,
      signed: { initiator: [], counterpart: [] },
      abandonRequested: { initiator: false, counterpart: false },
    }),
    initial: 'collecting',
    states: {
      collecting: {
        type: 'parallel',
        // Until both sections are in, each side's entries are its own: neither city sees the other's draft.
        meta: { internalTo: 'actor' },
        states: { initiatorSection: section('initiator', version), counterpartSection: section('counterpart', version) },
        onDone: { target: 'reconciling', actions: 'pairItems' },
        on: abandon(version),
      },
      reconciling: {
        // Once every pair is aligned, the memorandum offered with the event that aligned the last one (made by
        // the server from the items and resolutions) becomes the document, and the case goes on to signing.
        always: { guard: and(['allAligned', 'memorandumOffered']), target: 'signing', actions: ['setMemorandum', 'openSigningRound'] },
        on: {
          PROPOSE_RESOLUTION: { guard: 'mayPropose', actions: 'recordProposal' },
          ACCEPT_RESOLUTION: { guard: and(['mayAnswer', 'isAccept']), actions: ['acceptProposal', 'offerMemorandum'] },
          COUNTER_PROPOSE: [
            { guard: and(['mayAnswer', 'reachesRoundLimit']), target: 'escalated', actions: ['recordProposal', 'escalatePair'] },
            { guard: 'mayAnswer', actions: 'recordProposal' },
          ],
          ESCALATE: { guard: or(['isCoordinator', 'negotiationDeadlinePassed']), target: 'escalated', actions: 'escalateDivergent' },
          ...abandon(version),
        },
      },
      escalated: {
        on: {
          ARBITRATE: [
            { guard: and(['isCoordinator', 'pairEscalated', 'lastEscalated']), target: 'reconciling', actions: ['arbitratePair', 'offerMemorandum'] },
            { guard: and(['isCoordinator', 'pairEscalated']), actions: 'arbitratePair' },
          ],
          ...(version === 1 ? {} : negotiationGoesOn),
          ...abandon(version),
        },
      },
      signing: {
        type: 'parallel',
        states: signingSides,
        onDone: { target: 'aligned' },
        on: abandon(version),
      },
      aligned: { type: 'final' },
      abandoned: { type: 'final' },
    },
  });

/**
 * planAlignment@1, @2 and @3: @2 refuses a second item on a topic, and lets negotiation go on beside an escalation;
 * @3 takes a side's request to abandon once.
 */
export const planAlignmentMachine = alignmentDefinition(1);
export const planAlignmentMachineV2 = alignmentDefinition(2);
export const planAlignmentMachineV3 = alignmentDefinition(3);
