import { canonicalHash, genesisHash, sha256Hex } from './hash.js';
import { verifySignature, type SignatureAlgorithm } from './signatures.js';

/**
 * Checking a case's evidence with nothing but its data and the crypto primitives: the hash chain, every
 * content hash and every signature. The server's verifyCase and the offline bundle verifier share it; it
 * touches no database and no server state, so a bundle can be checked anywhere.
 */

export interface EvidenceEntry {
  caseId: string;
  seq: number;
  type: string;
  at: string | Date;
  actor: { userId?: string; username?: string; agencyId?: string; region?: string };
  payload: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface EvidenceVersion {
  id: string;
  caseId: string;
  number: number;
  content: unknown;
  contentHash: string;
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

function checkVersions(entries: readonly EvidenceEntry[], versions: readonly EvidenceVersion[], problems: Problem[]): Map<string, EvidenceVersion> {
  const byId = new Map(versions.map((version) => [version.id, version]));
  for (const entry of entries) {
    const ref = referenceOf(entry, 'version', problems);
    if (ref === undefined) continue;
    const version = byId.get(ref.id);
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
    if (sha256Hex(signature.payload) !== entry.payload.payloadHash) {
      problems.push({ kind: 'SIGNED_BYTES_ALTERED', ...at, message: `the signed bytes of entry ${entry.seq} are not the ones recorded` });
    }
    const signed = jsonObject(signature.payload);
    if (signed === undefined) problems.push({ kind: 'SIGNED_BYTES_ALTERED', ...at, message: `the signed bytes of entry ${entry.seq} are not a JSON object` });
    const fields = signed ?? {};
    const version = versions.get(signature.versionId);
    if (
      fields.caseId !== evidence.caseId ||
      fields.versionId !== signature.versionId ||
      fields.contentHash !== signature.contentHash ||
      ref.versionId !== signature.versionId ||
      (version !== undefined && version.contentHash !== signature.contentHash) ||
      fields.keyId !== signature.keyId ||
      fields.signerId !== entry.actor.userId
    ) {
      problems.push({ kind: 'SIGNATURE_BINDING', ...at, message: `the signature of entry ${entry.seq} is not bound to this case, version and signer` });
    }
    const key = keys.get(signature.keyId);
    if (key === undefined) {
      problems.push({ kind: 'KEY_MISSING', ...at, message: `the key of the signature of entry ${entry.seq} is missing` });
      continue;
    }
    if (key.userId !== signature.signerId) {
      problems.push({ kind: 'SIGNATURE_BINDING', ...at, message: `the key of entry ${entry.seq} belongs to someone else` });
    }
    // The record's own fields are nobody's signature: they must say what the hashed entry says of the signer and time.
    const entryAt = Date.parse(iso(entry.at));
    const signedAt = Date.parse(iso(signature.signedAt));
    const named = [
      ['signerUsername', signature.signerUsername, entry.actor.username],
      ['agencyId', signature.agencyId, entry.actor.agencyId],
      ['region', signature.region, entry.actor.region],
    ].filter(([, recorded, hashed]) => recorded !== undefined && hashed !== undefined && recorded !== hashed);
    if (named.length > 0 || signedAt > entryAt || signedAt < entryAt - signatureLifetimeMs) {
      const fields = [...named.map(([field]) => field), ...(signedAt > entryAt || signedAt < entryAt - signatureLifetimeMs ? ['signedAt'] : [])];
      problems.push({
        kind: 'SIGNATURE_BINDING',
        ...at,
        message: `the signature record of entry ${entry.seq} says other than the entry of ${fields.join(', ')}`,
      });
    }
    // Revocation is judged at the hashed entry's time, which no one can move.
    if (key.revokedAt !== null && Date.parse(iso(key.revokedAt)) <= entryAt) {
      problems.push({ kind: 'KEY_REVOKED', ...at, message: `the signature of entry ${entry.seq} was made after its key was revoked` });
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
  return problems;
}
