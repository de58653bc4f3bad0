import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../src/crypto/canonical-json.js';
import { checkEvidence, entryHash, type Evidence, type EvidenceEntry } from '../../src/crypto/evidence.js';
import { canonicalHash, genesisHash, sha256Hex } from '../../src/crypto/hash.js';
import {
  inRound,
  misrecordedFields,
  recordedBinding,
  repeatedInRecord,
  signingPayload,
  unboundFields,
  type SigningPayload,
  type SigningSubject,
} from '../../src/crypto/signature-binding.js';
import { ed25519Signer, sm2Signer, type Signer } from '../support/signers.js';

const caseId = '6f1c2a9e-0c1d-4e55-9a0b-3a2b1c0d9e8f';
const content = { title: { zh: '成渝数据共享协议' }, summary: '', body: '正文', policyAreas: ['DATA'] };
const version = { id: 'v-1', caseId, number: 1, content, contentHash: canonicalHash(content) };
const round = 'a'.repeat(64);
const signerActor = { kind: 'user', userId: 'u-cd-sig', username: 'cd.signatory', agencyId: 'CD-DRC', region: 'CHENGDU' } as const;

function subjectFor(signer: Signer): SigningSubject {
  return {
    case: { id: caseId, type: 'POLICY_PROPOSAL', workflow: 'proposal@1' },
    action: 'SIGN',
    version: { id: version.id, number: version.number, contentHash: version.contentHash, title: content.title.zh },
    round,
    signer: { userId: signerActor.userId, username: signerActor.username, agencyId: signerActor.agencyId, region: signerActor.region },
    key: { id: sha256Hex(Buffer.from(signer.publicKey, 'base64')), algorithm: signer.algorithm },
  };
}

function chained(entries: Omit<EvidenceEntry, 'prevHash' | 'hash'>[]): EvidenceEntry[] {
  const chain: EvidenceEntry[] = [];
  for (const body of entries) {
    const linked = { ...body, prevHash: chain.at(-1)?.hash ?? genesisHash };
    chain.push({ ...linked, hash: entryHash(linked) });
  }
  return chain;
}

/** A case whose version was made and then signed by `signer`, over `text` (the payload's bytes unless given). */
function signedCase(signer: Signer, payload: SigningPayload, text = canonicalize(payload)): Evidence {
  const keyId = sha256Hex(Buffer.from(signer.publicKey, 'base64'));
  const signature = { id: 's-1', ...recordedBinding(payload), payload: text, signature: signer.sign(text), signedAt: '2026-12-01T08:00:00.000Z' };
  const common = { caseId, caseType: 'POLICY_PROPOSAL', workflow: 'proposal@1' };
  return {
    caseId,
    entries: chained([
      {
        ...common,
        seq: 1,
        type: 'CREATE',
        at: '2026-12-01T07:00:00.000Z',
        actor: signerActor,
        payload: { version: { id: version.id, number: 1, contentHash: version.contentHash } },
      },
      {
        ...common,
        seq: 2,
        type: 'SIGN',
        at: '2026-12-01T08:00:01.000Z',
        actor: signerActor,
        payload: { signature: { id: signature.id, versionId: version.id }, keyId, algorithm: signer.algorithm, payloadHash: sha256Hex(text) },
      },
    ]),
    versions: [version],
    signatures: [signature],
    keys: [{ id: keyId, userId: signerActor.userId, algorithm: signer.algorithm, publicKey: signer.publicKey, revokedAt: null }],
  };
}

const kinds = (evidence: Evidence) => checkEvidence(evidence).map((problem) => `${problem.kind}: ${problem.message}`);

describe('what a signature is bound to (one definition for signing, verification, bundles and reads)', () => {
  const signer = ed25519Signer();
  const payload = signingPayload(subjectFor(signer), '2026-12-01T07:59:00.000Z', '0123456789abcdef0123456789abcdef');

  it('a payload binds every part of its subject, and its record repeats the payload', () => {
    expect(unboundFields(payload, subjectFor(signer))).toEqual([]);
    const record = recordedBinding(payload);
    expect(misrecordedFields(record, payload)).toEqual([]);
    for (const [recorded, signed] of Object.entries(repeatedInRecord)) expect(record[recorded as keyof typeof record]).toBe(payload[signed]);
  });

  it('names each field of the bytes that binds something else, and never the payload’s own time and nonce', () => {
    const fields = Object.keys(payload) as (keyof SigningPayload)[];
    for (const field of fields) {
      const altered = { ...payload, [field]: typeof payload[field] === 'number' ? 99 : 'other' };
      expect(unboundFields(altered, subjectFor(signer)), field).toEqual(field === 'issuedAt' || field === 'nonce' ? [] : [field]);
    }
  });

  it('names each record field that says other than the bytes, and leaves out a field the record lacks', () => {
    for (const recorded of Object.keys(repeatedInRecord) as (keyof typeof repeatedInRecord)[]) {
      expect(misrecordedFields({ ...recordedBinding(payload), [recorded]: 'other' }, payload), recorded).toEqual([recorded]);
      const { [recorded]: _lacking, ...partial } = recordedBinding(payload);
      expect(misrecordedFields(partial, payload), recorded).toEqual([]);
    }
  });

  it('counts a signature in the round a case signs now only for its current version and the round it was made in', () => {
    const made = { versionId: 'v-2', anchor: round };
    expect(inRound(made, { id: 'v-2' }, round)).toBe(true);
    expect(inRound(made, { id: 'v-3' }, round)).toBe(false);
    expect(inRound(made, { id: 'v-2' }, 'b'.repeat(64))).toBe(false);
    expect(inRound({ versionId: 'v-2', anchor: '' }, { id: 'v-2' }, null)).toBe(false);
  });
});

describe('the evidence check of a signature against the hashed history', () => {
  for (const signer of [ed25519Signer(), sm2Signer()]) {
    const payload = signingPayload(subjectFor(signer), '2026-12-01T07:59:00.000Z', 'fedcba9876543210fedcba9876543210');

    it(`finds nothing wrong with a case signed as the server signs (${signer.algorithm})`, () => {
      expect(kinds(signedCase(signer, payload))).toEqual([]);
    });

    it(`names bytes signed over another title, case type, machine or action, though the key vouches for them (${signer.algorithm})`, () => {
      for (const [field, value] of [
        ['title', '另一份协议'],
        ['caseType', 'PLAN_ALIGNMENT'],
        ['workflow', 'proposal@0'],
        ['action', 'APPROVE'],
        ['signer', 'cq.signatory'],
        ['purpose', 'twincity-policy/other/v1'],
      ] as const) {
        const altered = { ...payload, [field]: value } as SigningPayload;
        // The record repeats the altered bytes, as a forger with the key would write it; the hashed history does not.
        expect(kinds(signedCase(signer, altered)), field).toEqual([`SIGNATURE_BINDING: the signed bytes of entry 2 are bound to another ${field}`]);
      }
    });

    it(`names a record that says other than its bytes (${signer.algorithm})`, () => {
      const evidence = signedCase(signer, payload);
      const record = evidence.signatures[0]!;
      const altered = { ...evidence, signatures: [{ ...record, versionNumber: 2, signerUsername: 'cq.signatory' }] };
      expect(kinds(altered)).toEqual(['SIGNATURE_BINDING: the signature record of entry 2 says other than its signed bytes of versionNumber, signerUsername']);
    });
  }
});
