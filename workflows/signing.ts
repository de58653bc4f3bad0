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

/** A signatory of the side, over the current version, not yet counted, and named if the quorum names signatories. */
export function mayAddSignature(context: SigningContext, event: SigningEvent, side: Side): boolean {
  const actor = event.actor;
  if (actor.kind !== 'user' || event.type !== 'SIGN' || event.signature === undefined) return false;
  if (actor.agencyId !== context[side].agencyId || !actor.roles.includes('SIGNATORY')) return false;
  const { signatories } = context.quorum[side];
  return event.signature.versionId === context.version.id && !context.signed[side].includes(actor.userId) && (signatories.length === 0 || signatories.includes(actor.userId));
}

export function withSigner(context: SigningContext, event: SigningEvent, side: Side): Record<Side, string[]> {
  return event.actor.kind === 'user' ? { ...context.signed, [side]: [...context.signed[side], event.actor.userId] } : context.signed;
}

/** The guards the signing states below name; each machine lists them in its setup. */
export const signingGuards = {
  mayAddSignatureOf: ({ context, event }: { context: SigningContext; event: SigningEvent }, { side }: { side: Side }) => mayAddSignature(context, event, side),
  completesQuorumOf: ({ context, event }: { context: SigningContext; event: SigningEvent }, { side }: { side: Side }) =>
    mayAddSignature(context, event, side) && context.signed[side].length + 1 >= context.quorum[side].required,
};

const signingSide = (side: Side) =>
  ({
    initial: 'collecting',
    states: {
      collecting: {
        on: {
          SIGN: [
            { guard: { type: 'completesQuorumOf', params: { side } }, target: 'signed', actions: { type: 'recordSignatureOf', params: { side } } },
            { guard: { type: 'mayAddSignatureOf', params: { side } }, actions: { type: 'recordSignatureOf', params: { side } } },
          ],
        },
      },
      signed: { type: 'final' },
    },
  }) as const;

/** Both cities sign in parallel, each until its quorum is met; the parent state's onDone follows both. */
export const signingSides = { initiatorSide: signingSide('initiator'), counterpartSide: signingSide('counterpart') } as const;
