/** The vocabulary the machines share with the rest of the system. Pure data: no I/O, no clock. */

export const regions = ['CHENGDU', 'CHONGQING', 'JOINT'] as const;
export type Region = (typeof regions)[number];

export const roles = ['DRAFTER', 'REVIEWER', 'SIGNATORY', 'COORDINATOR', 'AUDITOR', 'ADMIN'] as const;
export type Role = (typeof roles)[number];

/** One side of a case: a city and the agency that acts for it. */
export interface Party {
  region: Region;
  agencyId: string;
}

export type Side = 'initiator' | 'counterpart';

export interface Quorum {
  /** How many signatories of the side must sign. */
  required: number;
  /** When not empty, only these users may sign for the side. */
  signatories: string[];
}

/**
 * Whether `who` (an actor, a signed-in user or one the history records) acts as a coordinator of the joint office
 * (联合办公室协调人): of region JOINT, with the role COORDINATOR. The system never does.
 */
export const isCoordinator = (who: { kind?: string; region?: string; roles?: readonly string[] }): boolean =>
  who.kind !== 'system' && who.region === 'JOINT' && (who.roles ?? []).includes('COORDINATOR');

/** Who sends an event. The system sends only what time decides (a deadline that passed). */
export type Actor = { kind: 'user'; userId: string; agencyId: string; region: Region; roles: readonly Role[] } | { kind: 'system' };

export interface VersionRef {
  id: string;
  number: number;
  contentHash: string;
  /** The Chinese title of that version, for lists and for what a signatory is shown. */
  title: string;
}

export interface SignatureRef {
  id: string;
  versionId: string;
}

/** Every event a machine receives: who, when (time arrives as data), and the history head it was decided on. */
export interface EventBase {
  actor: Actor;
  /** Server time, RFC 3339. */
  at: string;
  /** Hash of the newest history entry when the event was decided. */
  head: string;
  /**
   * The seq the entry recording this event takes (the head's plus one). A machine that keeps only the newest of a
   * list (jointProject@3) records it with the item, so that the earlier ones are found in the entry before.
   */
  seq?: number;
}

/** What an event must carry besides who and when; enforced before the event reaches the machine. */
export interface EventSpec {
  comment?: 'required' | 'optional';
  reason?: 'required' | 'optional';
  resolution?: readonly string[];
  /** Carries a new document version. */
  version?: true;
  /** Carries a signature over the current version. */
  signature?: true;
  /**
   * Whether sending it is what the case waits for — an action due now, not one merely possible: it puts the case
   * in the sender's inbox and names the sender in `waitingFor`. A predicate decides for the event about to be sent
   * (the milestone it names is the one due, the other side asked first); it is asked only of events the machine
   * would take, so what is due is always something the sender may do.
   */
  awaited: boolean | ((context: unknown, event: AwaitedProbe) => boolean);
}

/** What an awaited-predicate is asked about: who would send the event, and its fields. */
export type AwaitedProbe = { actor: Actor } & Record<string, unknown>;
