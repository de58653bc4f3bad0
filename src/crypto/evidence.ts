import { canonicalHash, genesisHash, sha256Hex } from './hash.js';
import { misrecordedFields, unboundFields, type SigningSubject } from './signature-binding.js';
import { verifySignature, type SignatureAlgorithm } from './signatures.js';

/**
 * Checking a case's evidence with nothing but its data and the crypto primitives: the hash chain, every
 * content hash and every signature. The server's verifyCase and the offline bundle verifier share it; it
 * touches no database and no server state, so a bundle can be checked anywhere.
 */

export interface EvidenceEntry {
  caseId: string;
  seq: number;
  caseType?: string;
  /** The machine version the case ran when this entry was recorded (`proposal@1`). */
  workflow?: string;
  type: string;
  at: string | Date;
  actor: { userId?: string; username?: string; agencyId?: string; region?: string };
  payload: Record<string, unknown>;
  /** The agencies that may read it, and where each party it hides from reads back to (`CaseEvent.readableBefore`). */
  audience?: readonly string[];
  readableBefore?: readonly { agencyId: string; seq: number }[];
  firstReadable?: readonly { agencyId: string; seq: number }[];
  recent?: { version?: unknown; signature?: unknown };
  prevHash: string;
  hash: string;
}

export interface EvidenceVersion {
  id: string;
  caseId: string;
  number: number;
  content: unknown;
  contentHash: string;
  /** Who wrote it, as the record names them: each must be who the hashed entry that first names it says acted. */
  author?: { userId?: string; username?: string; agencyId?: string; region?: string };
  /** When it was written: not after the hashed entry that first names it. */
  createdAt?: string | Date;
}

export interface EvidenceSignature {
  id: string;
  caseId: string;
  versionId: string;
  contentHash: string;
  keyId: string;
  signerId: string;
  payload: string;
  signature: string;
  signedAt: string | Date;
  /** Who signed, as the record names them (for people to read): each must be what the hashed entry says. */
  signerUsername?: string;
  agencyId?: string;
  region?: string;
  /** What the record repeats of its signed bytes, for people to read: each must be what the bytes say. */
  versionNumber?: number;
  action?: string;
  algorithm?: string;
  nonce?: string;
  anchor?: string;
}

export interface EvidenceKey {
  id: string;
  userId: string;
  algorithm: SignatureAlgorithm;
  publicKey: string;
  revokedAt: string | Date | null;
}

export interface Problem {
  kind: string;
  message: string;
  /** Where in an evidence bundle the problem is: `checkpoint.countersignatures[1].keyId`. */
  field?: string;
  seq?: number;
  versionId?: string;
  signatureId?: string;
}

export interface Evidence {
  caseId: string;
  entries: readonly EvidenceEntry[];
  versions: readonly EvidenceVersion[];
  signatures: readonly EvidenceSignature[];
  keys: readonly EvidenceKey[];
}

const iso = (value: string | Date): string => (typeof value === 'string' ? value : value.toISOString());

/** The hash of a history entry: SHA-256 of the canonical JSON of everything but the hash itself. */
export function entryHash<T extends { at: string | Date; hash?: string }>(entry: T): string {
  const { hash: _hash, ...body } = entry;
  return canonicalHash({ ...body, at: iso(entry.at) });
}

function checkChain(caseId: string, entries: readonly EvidenceEntry[], problems: Problem[]): void {
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  let previous: EvidenceEntry | undefined;
  for (const [index, entry] of sorted.entries()) {
    if (entry.caseId !== caseId) problems.push({ kind: 'FOREIGN_ENTRY', seq: entry.seq, message: `entry ${entry.seq} belongs to case ${entry.caseId}` });
    if (entry.seq !== index + 1) {
      problems.push({ kind: 'SEQUENCE_GAP', seq: entry.seq, message: `expected entry ${index + 1}, found entry ${entry.seq}` });
    }
    const expectedPrev = previous === undefined ? genesisHash : previous.hash;
    if (entry.prevHash !== expectedPrev) {
      problems.push({ kind: 'CHAIN_BROKEN', seq: entry.seq, message: `entry ${entry.seq} does not follow the entry before it` });
    }
    if (entryHash(entry) !== entry.hash) {
      problems.push({ kind: 'ENTRY_ALTERED', seq: entry.seq, message: `entry ${entry.seq} does not match its hash` });
    }
    previous = entry;
  }
  if (sorted.length === 0) problems.push({ kind: 'NO_HISTORY', message: 'the case has no history' });
  checkReadablePointers(sorted, problems);
}

/**
 * Each `readableBefore` of an entry names an agency it hides from and the newest entry before it in that agency's
 * audience (0: none): a wrong one would show that agency another head of the case than the one it may read. Its
 * `firstReadable` names each agency of an audience so far with the first entry in it (when the case began for it),
 * and its `recent` the newest entry up to it that named a version and a signature (the changes of the current and
 * shared versions it also names are read from the machine's context: verifyCase checks those).
 */
function checkReadablePointers(sorted: readonly EvidenceEntry[], problems: Problem[]): void {
  const newest = new Map<string, number>();
  const first = new Map<string, number>();
  const named = { version: 0, signature: 0 };
  for (const entry of sorted) {
    for (const field of ['version', 'signature'] as const) {
      if (typeof (entry.payload[field] as { id?: unknown } | undefined)?.id === 'string') named[field] = entry.seq;
      if (entry.recent !== undefined && entry.recent[field] !== named[field]) {
        problems.push({
          kind: 'RECENT_MISMATCH',
          seq: entry.seq,
          message: `entry ${entry.seq} names entry ${String(entry.recent[field])} as the newest to name a ${field}, not ${String(named[field])}`,
        });
      }
    }
    for (const agencyId of entry.audience ?? []) if (!first.has(agencyId)) first.set(agencyId, entry.seq);
    const told = entry.firstReadable?.map(({ agencyId, seq }) => `${agencyId}@${String(seq)}`).sort();
    const expected = [...first].map(([agencyId, seq]) => `${agencyId}@${String(seq)}`).sort();
    if (told !== undefined && told.join() !== expected.join()) {
      problems.push({
        kind: 'FIRST_READABLE_MISMATCH',
        seq: entry.seq,
        message: `entry ${entry.seq} names ${told.join(', ') || 'nothing'} as each agency's first entry, not ${expected.join(', ')}`,
      });
    }
    for (const { agencyId, seq } of entry.readableBefore ?? []) {
      if (entry.audience?.includes(agencyId) === true || seq !== (newest.get(agencyId) ?? 0)) {
        problems.push({
          kind: 'READABLE_BEFORE_MISMATCH',
          seq: entry.seq,
          message: `entry ${entry.seq} points ${agencyId} at entry ${seq}, not at the newest entry before it that ${agencyId} may read`,
        });
      }
    }
    for (const agencyId of entry.audience ?? []) newest.set(agencyId, entry.seq);
  }
}

/**
 * What an entry's payload names as its `version` or `signature`: a reference with an id, or undefined when it
 * names none. A reference without a string id is a problem (the server writes none), never an exception.
 */
function referenceOf(entry: EvidenceEntry, name: 'version' | 'signature', problems: Problem[]): ({ id: string } & Record<string, unknown>) | undefined {
  const ref = entry.payload[name];
  if (ref === undefined) return undefined;
  if (typeof ref === 'object' && ref !== null && typeof (ref as { id?: unknown }).id === 'string') return ref as { id: string };
  problems.push({
    kind: name === 'version' ? 'VERSION_MISSING' : 'SIGNATURE_MISSING',
    seq: entry.seq,
    message: `entry ${entry.seq} names its ${name} without an id`,
  });
  return undefined;
}

/**
 * Records the evidence holds beyond what its history names (a version or signature of another case, or one whose
 * entry never committed): each is FOREIGN_VERSION or FOREIGN_SIGNATURE, since nothing hashed vouches for it.
 */
function checkNamed(evidence: Evidence, problems: Problem[]): void {
  for (const [field, kind, records] of [
    ['version', 'FOREIGN_VERSION', evidence.versions],
    ['signature', 'FOREIGN_SIGNATURE', evidence.signatures],
  ] as const) {
    const named = new Set(evidence.entries.flatMap((entry) => [(entry.payload[field] as { id?: unknown } | undefined)?.id]));
    for (const record of records) {
      if (!named.has(record.id) || record.caseId !== evidence.caseId) {
        problems.push({ kind, [`${field}Id`]: record.id, message: `${field} ${record.id} is named by no entry of this case's history` });
      }
    }
  }
}

function checkVersions(entries: readonly EvidenceEntry[], versions: readonly EvidenceVersion[], problems: Problem[]): Map<string, EvidenceVersion> {
  const byId = new Map(versions.map((version) => [version.id, version]));
  const authored = new Set<string>();
  for (const entry of entries) {
    const ref = referenceOf(entry, 'version', problems);
    if (ref === undefined) continue;
    const version = byId.get(ref.id);
    // The entry that first names a version is the one that made it: its actor wrote it, at or before its time.
    if (version !== undefined && !authored.has(version.id)) {
      authored.add(version.id);
      const { author = {}, createdAt } = version;
      const differing: string[] = (['userId', 'username', 'agencyId', 'region'] as const)
        .filter((field) => author[field] !== undefined && entry.actor[field] !== undefined && author[field] !== entry.actor[field])
        .map((field) => `author.${field}`);
      if (createdAt !== undefined && Date.parse(iso(createdAt)) > Date.parse(iso(entry.at))) differing.push('createdAt');
      if (differing.length > 0) {
        problems.push({
          kind: 'VERSION_MISMATCH',
          seq: entry.seq,
          versionId: version.id,
          message: `the record of version ${version.number} says other than entry ${entry.seq} of ${differing.join(', ')}`,
        });
      }
    }
    if (version === undefined) {
      problems.push({
        kind: 'VERSION_MISSING',
        seq: entry.seq,
        versionId: ref.id,
        message: `version ${typeof ref.number === 'number' ? ref.number : '?'} named by entry ${entry.seq} is missing`,
      });
      continue;
    }
    if (canonicalHash(version.content) !== version.contentHash) {
      problems.push({
        kind: 'CONTENT_ALTERED',
        seq: entry.seq,
        versionId: version.id,
        message: `the content of version ${version.number} does not match its hash`,
      });
    }
    if (ref.contentHash !== version.contentHash || ref.number !== version.number || version.caseId !== entry.caseId) {
      problems.push({
        kind: 'VERSION_MISMATCH',
        seq: entry.seq,
        versionId: version.id,
        message: `version ${version.number} is not the one entry ${entry.seq} recorded`,
      });
    }
  }
  return byId;
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A signing payload lives 15 minutes (src/signing/signing.ts): a signature is recorded within that of its making. */
const signatureLifetimeMs = 15 * 60_000;

/**
 * What the hashed history says a signature recorded by `entry` is about (src/crypto/signature-binding.ts): the case,
 * action and signer from the entry, the version from the entry's reference, the key the entry names. What the
 * evidence lacks (a missing version, reported on its own) is taken from the signed bytes, so that it is not reported
 * twice.
 */
function subjectOf(
  entry: EvidenceEntry,
  ref: Record<string, unknown>,
  version: EvidenceVersion | undefined,
  key: EvidenceKey | undefined,
  signed: Record<string, unknown>,
): SigningSubject<string, string> {
  const or = (value: unknown, field: string): string => (typeof value === 'string' ? value : String(signed[field]));
  const title = (version?.content as { title?: { zh?: unknown } } | undefined)?.title?.zh;
  return {
    case: { id: entry.caseId, type: or(entry.caseType, 'caseType'), workflow: or(entry.workflow, 'workflow') },
    action: entry.type,
    version: {
      id: or(ref.versionId, 'versionId'),
      number: version?.number ?? Number(signed.versionNumber),
      contentHash: or(version?.contentHash, 'contentHash'),
      title: or(title, 'title'),
    },
    // Which round a signature belongs to is the machine's (its context when the round opened), not the history's:
    // the bytes say it, and the record must repeat them (misrecordedFields).
    round: String(signed.historyHead),
    signer: {
      userId: or(entry.actor.userId, 'signerId'),
      username: or(entry.actor.username, 'signer'),
      agencyId: or(entry.actor.agencyId, 'agencyId'),
      region: or(entry.actor.region, 'region'),
    },
    // The key the hashed entry names (the record names one too, and must agree: misrecordedFields).
    key: { id: or(entry.payload.keyId, 'keyId'), algorithm: or(entry.payload.algorithm ?? key?.algorithm, 'algorithm') },
  };
}

function checkSignatures(evidence: Evidence, versions: Map<string, EvidenceVersion>, problems: Problem[]): void {
  const signatures = new Map(evidence.signatures.map((signature) => [signature.id, signature]));
  const keys = new Map(evidence.keys.map((key) => [key.id, key]));
  for (const entry of evidence.entries) {
    const ref = referenceOf(entry, 'signature', problems);
    if (ref === undefined) continue;
    const at = { seq: entry.seq, signatureId: ref.id };
    const signature = signatures.get(ref.id);
    if (signature === undefined) {
      problems.push({ kind: 'SIGNATURE_MISSING', ...at, message: `the signature named by entry ${entry.seq} is missing` });
      continue;
    }
    const unaltered = sha256Hex(signature.payload) === entry.payload.payloadHash;
    if (!unaltered) {
      problems.push({ kind: 'SIGNED_BYTES_ALTERED', ...at, message: `the signed bytes of entry ${entry.seq} are not the ones recorded` });
    }
    const signed = jsonObject(signature.payload);
    if (signed === undefined) problems.push({ kind: 'SIGNED_BYTES_ALTERED', ...at, message: `the signed bytes of entry ${entry.seq} are not a JSON object` });
    const fields = signed ?? {};
    const key = keys.get(signature.keyId);
    // The bytes must bind what the hashed history says this signature is about; the record must say what the bytes do.
    const version = typeof ref.versionId === 'string' ? versions.get(ref.versionId) : undefined;
    const unbound = unboundFields(fields, subjectOf(entry, ref, version, key, fields));
    const misrecorded = misrecordedFields(signature, fields);
    if (unbound.length > 0) {
      problems.push({ kind: 'SIGNATURE_BINDING', ...at, message: `the signed bytes of entry ${entry.seq} are bound to another ${unbound.join(', ')}` });
    } else if (misrecorded.length > 0) {
      problems.push({
        kind: 'SIGNATURE_BINDING',
        ...at,
        message: `the signature record of entry ${entry.seq} says other than its signed bytes of ${misrecorded.join(', ')}`,
      });
    }
    if (key === undefined) {
      problems.push({ kind: 'KEY_MISSING', ...at, message: `the key of the signature of entry ${entry.seq} is missing` });
      continue;
    }
    if (key.userId !== entry.actor.userId) {
      problems.push({ kind: 'SIGNATURE_BINDING', ...at, message: `the key of entry ${entry.seq} belongs to someone else` });
    }
    // The record's time is nobody's signature: it must fall between the payload's issue (its `issuedAt`, which the
    // hashed entry binds, so only of unaltered bytes) and the hashed entry itself; else within the payload's lifetime before it.
    const entryAt = Date.parse(iso(entry.at));
    const signedAt = Date.parse(iso(signature.signedAt));
    const issuedAt = unaltered && typeof fields.issuedAt === 'string' ? Date.parse(fields.issuedAt) : Number.NaN;
    if (signedAt > entryAt || signedAt < (Number.isNaN(issuedAt) ? entryAt - signatureLifetimeMs : issuedAt)) {
      problems.push({ kind: 'SIGNATURE_BINDING', ...at, message: `the signature record of entry ${entry.seq} says other than the entry of signedAt` });
    }
    // Revocation is judged at the time the server issued the signed bytes, which the hashed entry binds (payloadHash)
    // and no one can move: the server takes a signature only with a key unrevoked when it checks it, after the issue,
    // so a signature committed while its key was being revoked (the check before the revocation, the entry after it)
    // is still one made before; the entry's own time would report it revoked for ever.
    if (key.revokedAt !== null && !(issuedAt < Date.parse(iso(key.revokedAt)))) {
      problems.push({ kind: 'KEY_REVOKED', ...at, message: `the signature of entry ${entry.seq} was issued after its key was revoked` });
    }
    if (!verifySignature(key.algorithm, key.publicKey, Buffer.from(signature.payload, 'utf8'), signature.signature)) {
      problems.push({ kind: 'SIGNATURE_INVALID', ...at, message: `the signature of entry ${entry.seq} does not verify` });
    }
  }
}

/** Every problem found in a case's evidence, each with where it is. */
export function checkEvidence(evidence: Evidence): Problem[] {
  const problems: Problem[] = [];
  checkChain(evidence.caseId, evidence.entries, problems);
  const versions = checkVersions(evidence.entries, evidence.versions, problems);
  checkSignatures(evidence, versions, problems);
  checkNamed(evidence, problems);
  return problems;
}
