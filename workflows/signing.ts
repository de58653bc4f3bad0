import type { Actor, Party, Quorum, Side, SignatureRef, VersionRef } from './types.js';

/** What every workflow that ends in both cities signing keeps in its context. */
export interface SigningContext {
  initiator: Party;
  counterpart: Party;
  quorum: Record<Side, Quorum>;
  version: VersionRef;
  signed: Record<Side, string[]>;
}

interface SigningEvent {
  type: string;
  actor: Actor;
  signature?: SignatureRef;
}

/**
 * A signatory of the side, signing `action` over the current version, not yet counted, and named if the quorum
 * names signatories.
 */
export function mayAddSignature(context: SigningContext, event: SigningEvent, side: Side, action = 'SIGN'): boolean {
  const actor = event.actor;
  if (actor.kind !== 'user' || event.type !== action || event.signature === undefined) return false;
  if (actor.agencyId !== context[side].agencyId || !actor.roles.includes('SIGNATORY')) return false;
  const { signatories } = context.quorum[side];
  return (
    event.signature.versionId === context.version.id &&
    !context.signed[side].includes(actor.userId) &&
    (signatories.length === 0 || signatories.includes(actor.userId))
  );
}

/**
 * A signatory the current round still waits for — of a side whose quorum is not met yet and names nobody or names
 * them, who has not signed: only such a signatory may decline (from @2), so that a named quorum binds declining as
 * it binds signing, and no one undoes a side that has signed in full.
 */
export function mayDecline(context: SigningContext, actor: Actor): boolean {
  if (actor.kind !== 'user' || !actor.roles.includes('SIGNATORY')) return false;
  return (['initiator', 'counterpart'] as const).some((side) => {
    const { signatories, required } = context.quorum[side];
    const awaited = context.signed[side].length < required;
    return (
      awaited &&
      actor.agencyId === context[side].agencyId &&
      (signatories.length === 0 || signatories.includes(actor.userId)) &&
      !context.signed[side].includes(actor.userId)
    );
  });
}

export function withSigner(context: SigningContext, event: SigningEvent, side: Side): Record<Side, string[]> {
  return event.actor.kind === 'user' ? { ...context.signed, [side]: [...context.signed[side], event.actor.userId] } : context.signed;
}

/** Which side signs, and what: the plain SIGN unless a workflow signs several things (approval, termination). */
interface SigningParams {
  side: Side;
  action?: string;
}

/** The guards the signing states below name; each machine lists them in its setup. */
export const signingGuards = {
  mayAddSignatureOf: ({ context, event }: { context: SigningContext; event: SigningEvent }, { side, action }: SigningParams) =>
    mayAddSignature(context, event, side, action),
  completesQuorumOf: ({ context, event }: { context: SigningContext; event: SigningEvent }, { side, action }: SigningParams) =>
    mayAddSignature(context, event, side, action) && context.signed[side].length + 1 >= context.quorum[side].required,
  isAwaitedSignatory: ({ context, event }: { context: SigningContext; event: SigningEvent }) => mayDecline(context, event.actor),
};

// The plain SIGN keeps the parameters the v1 machines were defined with: their definition hashes must not change.
const signingSide = <A extends string>(side: Side, action: A) => {
  const params: SigningParams = action === 'SIGN' ? { side } : { side, action };
  const transitions = [
    { guard: { type: 'completesQuorumOf', params }, target: 'signed', actions: { type: 'recordSignatureOf', params: { side } } },
    { guard: { type: 'mayAddSignatureOf', params }, actions: { type: 'recordSignatureOf', params: { side } } },
  ] as const;
  return {
    initial: 'collecting',
    states: {
      collecting: { on: { [action]: transitions } as { [K in A]: typeof transitions } },
      signed: { type: 'final' },
    },
  } as const;
};

/** Both cities sign `action` in parallel, each until its quorum is met; the parent state's onDone follows both. */
export const signingSidesFor = <A extends string>(action: A) =>
  ({ initiatorSide: signingSide('initiator', action), counterpartSide: signingSide('counterpart', action) }) as const;

export const signingSides = signingSidesFor('SIGN');
