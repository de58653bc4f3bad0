import type { ProjectPlan } from '../../workflows/joint-project.js';
import type { Party, Region, Role } from '../../workflows/types.js';
import type { Json } from '../crypto/canonical-json.js';

/*
 * The records the store keeps, as it keeps them: the store owns these shapes, and the services above it read and
 * write them. The machines' own types (parties, regions, roles, a project's plan) come from `workflows/`.
 */

/** Who acted, as the history records it. */
export interface RecordedActor {
  kind: 'user' | 'system';
  userId?: string;
  username?: string;
  agencyId?: string;
  region?: Region;
  roles?: Role[];
}

/** One entry of a case's decision history. Appended once; never updated or deleted. */
export interface CaseEvent {
  caseId: string;
  seq: number;
  caseType: string;
  type: string;
  fromState: string | null;
  toState: string;
  actor: RecordedActor;
  at: Date;
  payload: Record<string, Json>;
  /**
   * The agencies that may read this entry (the joint office and auditors read all): only the initiating
   * agency while the case is internal to it, both sides once the counterpart has received the case.
   */
  audience: string[];
  /**
   * For each party agency not in `audience`: the seq of the newest entry before this one that it may read (0: none),
   * so that a reader of the case finds its newest readable entry in one lookup, however many the other side made
   * since. Absent on entries every party reads, and on entries recorded before it was kept (read by walking back).
   */
  readableBefore?: ReadablePointer[];
  /**
   * For each party agency that may read an entry up to this one: the seq of the first it may read (when the case
   * began for it). Absent on entries recorded before it was kept.
   */
  firstReadable?: ReadablePointer[];
  /**
   * The seq of the newest entry up to this one that named a version, named a signature, changed the current version
   * and changed the shared version (0: none yet), so that a read of those follows them back (src/cases/recent.ts).
   * Absent on entries recorded before it was kept.
   */
  recent?: RecentSteps;
  idempotencyKey: string;
  requestHash: string;
  workflow: string;
  definitionHash: string;
  /** The machine's state after this entry: value and context, exactly as the machine persisted it. */
  snapshot: { value: Json; context: Json };
  prevHash: string;
  hash: string;
}

/** See `CaseEvent.recent`. */
export interface RecentSteps {
  version: number;
  signature: number;
  current: number;
  shared: number;
}

/** Where `agencyId`'s newest readable entry before a hidden one stands (see `CaseEvent.readableBefore`). */
export interface ReadablePointer {
  agencyId: string;
  seq: number;
}

/** The list view of a case: a cache derived from its newest event, for queries across cases. */
export interface CaseSummary {
  id: string;
  type: string;
  workflow: string;
  title: string;
  state: string;
  seq: number;
  headHash: string;
  initiator: Party;
  counterpart: Party;
  /** `agencyId:ROLE` (or `JOINT:COORDINATOR`) of everyone the case waits for. */
  awaiting: string[];
  createdAt: Date;
  updatedAt: Date;
  /**
   * The newest entry when the projection was written (its `seq`), so that reading a case takes its projection and
   * a probe for the next entry, both by `_id`. Kept in `cases` only, which is read by `_id`; the running cases' list
   * (`activeCases`), which lists read whole, leaves it out. Absent while a case is being created.
   */
  head?: CaseEvent;
  /** The earliest deadline of the case, for the scheduler; null when none is running. */
  nextDueAt: Date | null;
  /**
   * Which rules derived this projection (`projectionRules`); absent on projections written before the rules were
   * numbered. The server derives older ones again when it starts.
   */
  rules?: number;
}

export interface DocumentContent {
  title: { zh: string; en?: string };
  summary: string;
  body: string;
  policyAreas: string[];
  /** A joint project's plan, signed with the document it belongs to. */
  project?: ProjectPlan;
}

export interface DocumentVersion {
  id: string;
  caseId: string;
  number: number;
  content: DocumentContent;
  contentHash: string;
  author: { userId: string; username: string; agencyId: string; region: Region };
  createdAt: Date;
  changeNote: string;
}

export interface StoredSignature {
  id: string;
  caseId: string;
  versionId: string;
  versionNumber: number;
  contentHash: string;
  action: string;
  keyId: string;
  algorithm: 'ED25519' | 'SM2';
  signerId: string;
  signerUsername: string;
  agencyId: string;
  region: Region;
  /** The exact bytes that were signed (canonical JSON, UTF-8), never a re-serialisation. */
  payload: string;
  signature: string;
  nonce: string;
  anchor: string;
  signedAt: Date;
}

export interface SigningKey {
  id: string;
  userId: string;
  algorithm: 'ED25519' | 'SM2';
  publicKey: string;
  label: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** One case's head as a checkpoint records it: a leaf of the checkpoint's Merkle tree. */
export interface CaseHead {
  caseId: string;
  seq: number;
  hash: string;
}

/** A signed Merkle root over every case head at one moment. */
export interface Checkpoint {
  number: number;
  id: string;
  createdAt: Date;
  treeSize: number;
  rootHash: string;
  /** The canonical JSON the server signed (and each city countersigns), byte for byte. */
  statement: string;
  serverKeyId: string;
  serverSignature: string;
  /**
   * The history feed position up to which this checkpoint read the changes to record (the feed's newest then); the
   * next one reads on from there. Absent on checkpoints made before positions were kept: the next one
   * then reads the whole feed, once. Not signed: it says where to read, not what was recorded.
   */
  feedPosition?: number;
  /** Positions up to `feedPosition` whose entries had not committed: the next checkpoint looks at them again. */
  openSlots?: number[];
}

export interface Countersignature {
  id: string;
  number: number;
  userId: string;
  username: string;
  agencyId: string;
  region: Region;
  keyId: string;
  algorithm: 'ED25519' | 'SM2';
  signature: string;
  signedAt: Date;
}

export interface Agency {
  id: string;
  name: string;
  nameEn?: string;
  region: Region;
  createdAt: Date;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  agencyId: string;
  roles: Role[];
  passwordHash: string;
  disabled: boolean;
  /**
   * Counts the times the account was disabled (absent: never); a token carries the count it was issued under, and
   * one issued under an earlier count is refused, so that enabling the account again revives no token.
   */
  disablings?: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * One load of a year's working-day schedule for a region (the national one or a city's), kept for ever: a later
 * load of the same year and region is its next revision (see `CalendarService`).
 */
export interface ScheduleRecord {
  year: number;
  region: 'NATIONAL' | Exclude<Region, 'JOINT'>;
  /** ISO dates (YYYY-MM-DD) that are rest days, and weekend days that are worked. */
  nonWorkingDays: string[];
  workingDays: string[];
  notes: { date: string; text: string }[];
  source: string;
  revision: number;
  loadedBy: { userId: string; username: string };
  loadedAt: Date;
}

/** One page of a list read in order: its records, and whether more follow them. */
export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
}
