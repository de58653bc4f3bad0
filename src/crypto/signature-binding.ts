/**
 * What a signature on a case is bound to: one definition, used where a signing payload is issued and checked and
 * its record written (src/signing/signing.ts), where verifyCase and the offline bundle verifier check a signature
 * against the hashed history (src/crypto/evidence.ts), and where a read says whether a signature belongs to the round
 * a case signs now (src/cases/reads.ts). Pure: no database, no clock.
 *
 * The signer signs the canonical JSON (src/crypto/canonical-json.ts) of a `SigningPayload`, byte for byte.
 */

import type { Region } from '../../workflows/types.js';
import type { SignatureAlgorithm } from './signatures.js';

export const signaturePurpose = 'twincity-policy/case-signature/v1';

/**
 * Everything a signature is bound to, as signed. `Place` and `Algorithm` narrow the signer's city and the key's
 * algorithm where they are known; a verifier reading bytes from elsewhere compares them as strings.
 */
export interface SigningPayload<Place extends string = Region, Algorithm extends string = SignatureAlgorithm> {
  purpose: typeof signaturePurpose;
  caseId: string;
  caseType: string;
  /** The machine version (`proposal@1`) the case runs. */
  workflow: string;
  action: string;
  versionId: string;
  versionNumber: number;
  /** SHA-256 (hex) of the version's canonical content. */
  contentHash: string;
  /** The version's Chinese title, as the signatory was shown it. */
  title: string;
  /** The history head (entry hash, hex) the signing round opened on; '' when no round was open. */
  historyHead: string;
  signerId: string;
  signer: string;
  agencyId: string;
  region: Place;
  /** The key's id: SHA-256 (hex) of its public key. */
  keyId: string;
  algorithm: Algorithm;
  /** ISO 8601, when the server issued the payload. */
  issuedAt: string;
  /** 64 hex digits the server chose for this payload alone and authenticated with what it was issued for (src/signing/signing.ts); 32 in payloads signed before 2026-12-07. */
  nonce: string;
}

/**
 * Who and what a signature is about, each from where the verifier reads it: the case and the signer from the hashed
 * entry that records the signature, the version from the entry's reference, the key from the keys held.
 */
export interface SigningSubject<Place extends string = Region, Algorithm extends string = SignatureAlgorithm> {
  case: { id: string; type: string; workflow: string };
  action: string;
  version: { id: string; number: number; contentHash: string; title: string };
  /** The history head the signing round opened on (null when no round is open). */
  round: string | null;
  signer: { userId: string; username: string; agencyId: string; region: Place };
  key: { id: string; algorithm: Algorithm };
}

/** The payload binding `subject`, issued at `issuedAt` (ISO 8601) with `nonce`. */
export function signingPayload<Place extends string, Algorithm extends string>(
  subject: SigningSubject<Place, Algorithm>,
  issuedAt: string,
  nonce: string,
): SigningPayload<Place, Algorithm> {
  return {
    purpose: signaturePurpose,
    caseId: subject.case.id,
    caseType: subject.case.type,
    workflow: subject.case.workflow,
    action: subject.action,
    versionId: subject.version.id,
    versionNumber: subject.version.number,
    contentHash: subject.version.contentHash,
    title: subject.version.title,
    historyHead: subject.round ?? '',
    signerId: subject.signer.userId,
    signer: subject.signer.username,
    agencyId: subject.signer.agencyId,
    region: subject.signer.region,
    keyId: subject.key.id,
    algorithm: subject.key.algorithm,
    issuedAt,
    nonce,
  };
}

/**
 * What a signature record repeats of its signed payload, record field → payload field: people and lists read the
 * record, the key vouches only for the bytes, so each must say what the bytes say.
 */
export const repeatedInRecord = {
  caseId: 'caseId',
  versionId: 'versionId',
  versionNumber: 'versionNumber',
  contentHash: 'contentHash',
  action: 'action',
  keyId: 'keyId',
  algorithm: 'algorithm',
  signerId: 'signerId',
  signerUsername: 'signer',
  agencyId: 'agencyId',
  region: 'region',
  nonce: 'nonce',
  anchor: 'historyHead',
} as const satisfies Record<string, keyof SigningPayload>;

type RecordField = keyof typeof repeatedInRecord;

/** Signed bytes, parsed: any JSON object, read for the payload's fields. */
type SignedFields = Readonly<Partial<Record<keyof SigningPayload, unknown>>>;

/** The fields a signature record repeats of `payload`, named as the record names them. */
export type RecordedBinding = { [Field in RecordField]: SigningPayload[(typeof repeatedInRecord)[Field]] };

/** What the record of a signature over `payload` repeats of it. */
export function recordedBinding(payload: SigningPayload): RecordedBinding {
  return Object.fromEntries(Object.entries(repeatedInRecord).map(([recorded, signed]) => [recorded, payload[signed]])) as RecordedBinding;
}

/**
 * The payload fields of `signed` (parsed signed bytes) that differ from what `subject` binds: empty when the bytes
 * are a payload for this subject. The time and nonce are the payload's own and are not compared; `purpose` is.
 */
export function unboundFields(signed: SignedFields, subject: SigningSubject<string, string>): (keyof SigningPayload)[] {
  const expected = signingPayload(subject, String(signed.issuedAt), String(signed.nonce));
  return (Object.keys(expected) as (keyof SigningPayload)[]).filter((field) => signed[field] !== expected[field]);
}

/** The record fields (as the record names them) that say other than the signed bytes; a field a record lacks is not compared. */
export function misrecordedFields(record: Readonly<Partial<Record<RecordField, unknown>>>, signed: SignedFields): RecordField[] {
  return (Object.entries(repeatedInRecord) as [RecordField, keyof SigningPayload][])
    .filter(([recorded, signedAs]) => record[recorded] !== undefined && record[recorded] !== signed[signedAs])
    .map(([recorded]) => recorded);
}

/** Whether a signature counts in the round a case signs now: of its current version, in the round opened on `round` (none when null). */
export const inRound = (signature: { versionId: string; anchor: string }, version: { id: string }, round: string | null): boolean =>
  round !== null && signature.versionId === version.id && signature.anchor === round;
