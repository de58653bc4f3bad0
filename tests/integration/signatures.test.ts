import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import smCrypto from 'sm-crypto';
import { sm2 } from 'sm-crypto-v2';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../../src/crypto/canonical-json.js';
import { useTestBed } from '../support/bed.js';
import { expectCode, type Actors, type CaseView } from '../support/cases.js';
import { ed25519Signer, sm2Signer, type Signer } from '../support/signers.js';

interface SignatureDetail {
  payload: string;
  signature: string;
  algorithm: string;
  current: boolean;
  signerName: string;
}

describe('signatures', () => {
  const bed = useTestBed('signatures');
  let actors: Actors;
  let cqKey: string;
  let cdKey: string;
  const { cq: cqSigner, cd: cdSigner } = bed.signers;

  beforeAll(() => {
    ({ actors } = bed);
    ({ cq: cqKey, cd: cdKey } = bed.keys);
  });

  /** A proposal from Chongqing, accepted by Chengdu, waiting for both signatures. */
  async function inSigning(): Promise<CaseView> {
    const { id } = await actors.createProposal('cq.drafter');
    await actors.act('cq.drafter', 'submitForInternalReview', { caseId: id });
    await actors.act('cq.reviewer', 'approveInternally', { caseId: id });
    const accepted = await actors.act('cd.reviewer', 'acceptProposal', { caseId: id, comment: '同意' });
    expect(accepted.data?.acceptProposal?.state).toBe('signing');
    return accepted.data!.acceptProposal!;
  }

  const signatureDetails = async (caseId: string) => {
    const response = await actors.query<{ case: { signatures: SignatureDetail[] } }>(
      'auditor',
      'query($id: ID!) { case(id: $id) { signatures { payload signature algorithm current signerName } } }',
      { id: caseId },
    );
    return response.data!.case.signatures;
  };

  it('takes a proposal to adoption with an Ed25519 and an SM2 signature, keeping the exact signed bytes', async () => {
    const { id } = await inSigning();
    const first = await actors.sign('cq.signatory', id, cqKey, cqSigner);
    expect(first.data?.signCase.state).toBe('signing');
    const second = await actors.sign('cd.signatory', id, cdKey, cdSigner);
    expect(second.data?.signCase.state).toBe('adopted');
    expect((await actors.historyTypes(id)).slice(-2)).toEqual(['SIGN', 'SIGN']);

    const signatures = await signatureDetails(id);
    expect(signatures.map((s) => [s.signerName, s.algorithm, s.current])).toEqual([
      ['cq.signatory', 'ED25519', true],
      ['cd.signatory', 'SM2', true],
    ]);
    // Anyone holding the public keys can check the stored bytes without the server.
    const [ed, sm] = signatures;
    const edKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(cqSigner.publicKey, 'base64').toString('base64url') }, format: 'jwk' });
    expect(verify(null, Buffer.from(ed!.payload), edKey, Buffer.from(ed!.signature, 'base64'))).toBe(true);
    const smOk = smCrypto.sm2.doVerifySignature(
      [...Buffer.from(sm!.payload)],
      Buffer.from(sm!.signature, 'base64').toString('hex'),
      Buffer.from(cdSigner.publicKey, 'base64').toString('hex'),
      {
        hash: true,
        userId: '1234567812345678',
      },
    );
    expect(smOk).toBe(true);
    expect(JSON.parse(ed!.payload)).toMatchObject({ caseId: id, action: 'SIGN', versionNumber: 1, signer: 'cq.signatory', algorithm: 'ED25519' });
  });

  describe('refuses a bad signature with SIGNATURE_INVALID and records nothing', () => {
    let signing: CaseView;
    let other: CaseView;
    const spare = ed25519Signer();
    let spareKey: string;
    beforeAll(async () => {
      signing = await inSigning();
      other = await inSigning();
      spareKey = await actors.registerKey('cq.signatory', spare);
    });

    const attempts: [string, () => Promise<{ payload: string; signature: string; caseId?: string }>][] = [
      [
        'forged by a key that is not registered',
        async () => {
          const payload = await actors.payload('cq.signatory', signing.id, cqKey);
          return { payload, signature: ed25519Signer().sign(payload) };
        },
      ],
      [
        'made with another signatory’s key',
        async () => {
          const payload = (await actors.payload('cq.signatory', signing.id, cqKey)).replace(cqKey, cdKey).replace('"ED25519"', '"SM2"');
          return { payload, signature: cdSigner.sign(payload) };
        },
      ],
      [
        'made with another unrevoked key of the signer’s own, in a payload issued for the first',
        async () => {
          const payload = (await actors.payload('cq.signatory', signing.id, cqKey)).replace(cqKey, spareKey);
          return { payload, signature: spare.sign(payload) };
        },
      ],
      [
        'dated by the signer',
        async () => {
          const issued = await actors.payload('cq.signatory', signing.id, cqKey);
          const later = new Date(Date.parse((JSON.parse(issued) as { issuedAt: string }).issuedAt) + 30_000).toISOString();
          const payload = issued.replace(/"issuedAt":"[^"]+"/, `"issuedAt":"${later}"`);
          return { payload, signature: cqSigner.sign(payload) };
        },
      ],
      [
        'with a nonce of the signer’s choosing',
        async () => {
          const payload = (await actors.payload('cq.signatory', signing.id, cqKey)).replace(
            /"nonce":"[0-9a-f]+"/,
            `"nonce":"${randomBytes(32).toString('hex')}"`,
          );
          return { payload, signature: cqSigner.sign(payload) };
        },
      ],
      [
        'with a nonce the server issued to another case',
        async () => {
          const mine = JSON.parse(await actors.payload('cq.signatory', signing.id, cqKey)) as { nonce: string; issuedAt: string };
          const theirs = JSON.parse(await actors.payload('cq.signatory', other.id, cqKey)) as { nonce: string; issuedAt: string };
          const payload = canonicalize({ ...mine, nonce: theirs.nonce, issuedAt: theirs.issuedAt });
          return { payload, signature: cqSigner.sign(payload) };
        },
      ],
      [
        'over a tampered payload',
        async () => {
          const payload = await actors.payload('cq.signatory', signing.id, cqKey);
          return { payload: payload.replace('"versionNumber":1', '"versionNumber":2'), signature: cqSigner.sign(payload) };
        },
      ],
      [
        're-signed after tampering with the version',
        async () => {
          const payload = (await actors.payload('cq.signatory', signing.id, cqKey)).replace(/"contentHash":"[0-9a-f]+"/, `"contentHash":"${'a'.repeat(64)}"`);
          return { payload, signature: cqSigner.sign(payload) };
        },
      ],
      [
        'replayed from another case',
        async () => {
          const payload = await actors.payload('cq.signatory', other.id, cqKey);
          return { payload, signature: cqSigner.sign(payload), caseId: signing.id };
        },
      ],
      [
        'for another action',
        async () => {
          const payload = (await actors.payload('cq.signatory', signing.id, cqKey)).replace('"action":"SIGN"', '"action":"ACCEPT"');
          return { payload, signature: cqSigner.sign(payload) };
        },
      ],
      ['in malformed base64', async () => ({ payload: await actors.payload('cq.signatory', signing.id, cqKey), signature: '!!not base64!!' })],
      [
        'of the wrong length',
        async () => {
          const payload = await actors.payload('cq.signatory', signing.id, cqKey);
          return { payload, signature: Buffer.from(cqSigner.sign(payload), 'base64').subarray(0, 63).toString('base64') };
        },
      ],
      [
        'over a payload that is not canonical JSON',
        async () => {
          const payload = (await actors.payload('cq.signatory', signing.id, cqKey)).replace('{', '{ ');
          return { payload, signature: cqSigner.sign(payload) };
        },
      ],
      [
        'over a payload with a duplicated key',
        async () => {
          const payload = (await actors.payload('cq.signatory', signing.id, cqKey)).replace('{"action":"SIGN"', '{"action":"SIGN","action":"SIGN"');
          return { payload, signature: cqSigner.sign(payload) };
        },
      ],
    ];

    it.each(attempts)('%s', async (_, make) => {
      const { payload, signature, caseId = signing.id } = await make();
      const before = await actors.read('auditor', caseId);
      const response = await actors.submitSignature('cq.signatory', caseId, payload, signature);
      expectCode(response, 'SIGNATURE_INVALID');
      const after = await actors.read('auditor', caseId);
      expect(after.data).toEqual(before.data);
    });
  });

  it('refuses a signature sent again, in the same round or in a later round of the same case, recording nothing', async () => {
    const { id } = await inSigning();
    const payload = await actors.payload('cq.signatory', id, cqKey);
    const unused = JSON.parse(await actors.payload('cq.signatory', id, cqKey)) as { nonce: string; issuedAt: string };
    const signature = cqSigner.sign(payload);
    expect((await actors.submitSignature('cq.signatory', id, payload, signature)).errors).toBeUndefined();
    const signed = await actors.read('auditor', id);
    // Chongqing has signed this round: only Chengdu may sign now.
    expectCode(await actors.submitSignature('cq.signatory', id, payload, signature), 'FORBIDDEN');
    expect((await actors.read('auditor', id)).data).toEqual(signed.data);

    // Chengdu declines; the proposal is revised, resubmitted and accepted: a new signing round opens.
    await actors.act('cd.signatory', 'declineToSign', { caseId: id, reason: '附件缺失' });
    await actors.edit('cq.drafter', id, 1, '# 总则\n\n一、共建成渝地区数据交换中心。\n二、补充附件。');
    await actors.act('cq.drafter', 'resubmitProposal', { caseId: id });
    await actors.act('cq.reviewer', 'approveInternally', { caseId: id });
    expect((await actors.act('cd.reviewer', 'acceptProposal', { caseId: id })).data?.acceptProposal?.state).toBe('signing');
    const before = await actors.read('auditor', id);
    expectCode(await actors.submitSignature('cq.signatory', id, payload, signature), 'SIGNATURE_INVALID');
    // Nor does a nonce issued in the first round, never used, sign the second round's fields.
    const spliced = canonicalize({ ...(JSON.parse(await actors.payload('cq.signatory', id, cqKey)) as Record<string, string>), ...unused });
    expectCode(await actors.submitSignature('cq.signatory', id, spliced, cqSigner.sign(spliced)), 'SIGNATURE_INVALID');
    expect((await actors.read('auditor', id)).data).toEqual(before.data);
  });

  it('takes a signed request sent several times at once, or sent again after it lost its race, as one signature', async () => {
    const { id } = await inSigning();
    const payload = await actors.payload('cq.signatory', id, cqKey);
    const signature = cqSigner.sign(payload);
    const sent = await Promise.all(Array.from({ length: 4 }, () => actors.submitSignature('cq.signatory', id, payload, signature, `sign-once-${id}`)));
    expect(sent.map((response) => response.errors)).toEqual([undefined, undefined, undefined, undefined]);
    expect(new Set(sent.map((response) => response.data!.signCase.historyLength)).size).toBe(1);
    expect((await actors.historyTypes(id)).filter((type) => type === 'SIGN')).toHaveLength(1);
    // Both cities at once: one commits, and the other, told VERSION_CONFLICT, sends its signed request again, which
    // is taken: losing the race did not use its payload up.
    let lost = 0;
    for (let race = 0; race < 3; race += 1) {
      const { id: both } = await inSigning();
      const requests = [
        ['cq.signatory', await actors.payload('cq.signatory', both, cqKey), cqSigner],
        ['cd.signatory', await actors.payload('cd.signatory', both, cdKey), cdSigner],
      ] as const;
      const signed = requests.map(([user, text, signer]) => [user, text, signer.sign(text)] as const);
      const first = await Promise.all(signed.map(([user, text, bytes]) => actors.submitSignature(user, both, text, bytes)));
      for (const [index, response] of first.entries()) {
        if (response.errors === undefined) continue;
        expectCode(response, 'VERSION_CONFLICT');
        lost += 1;
        const [user, text, bytes] = signed[index]!;
        expect((await actors.submitSignature(user, both, text, bytes)).errors).toBeUndefined();
      }
      expect((await actors.read('auditor', both)).data?.case.state).toBe('adopted');
      const verified = await actors.query<{ verifyCase: { valid: boolean } }>('auditor', 'query($id: ID!) { verifyCase(id: $id) { valid } }', { id: both });
      expect(verified.data?.verifyCase.valid).toBe(true);
    }
    process.stdout.write(`signatures sent by both cities at once: ${String(lost)} of 3 races lost, each signed request taken when sent again\n`);
  });

  it('refuses a key revoked after the payload was issued, but keeps earlier signatures valid', async () => {
    const { id } = await inSigning();
    const spare = ed25519Signer();
    const spareKey = await actors.registerKey('cq.signatory', spare);
    const payload = await actors.payload('cq.signatory', id, spareKey);
    const early = await inSigning();
    expect((await actors.sign('cq.signatory', early.id, spareKey, spare)).data?.signCase.state).toBe('signing');

    const revoked = await actors.query('cq.signatory', 'mutation($k: ID!) { revokeSigningKey(keyId: $k) { revokedAt } }', { k: spareKey });
    expect(revoked.errors).toBeUndefined();
    expectCode(await actors.submitSignature('cq.signatory', id, payload, spare.sign(payload)), 'SIGNATURE_INVALID');
    expectCode(
      await actors.query('cq.signatory', 'query($c: ID!, $k: ID!) { signingPayload(caseId: $c, keyId: $k) { payload } }', { c: id, k: spareKey }),
      'SIGNATURE_INVALID',
    );

    const kept = await signatureDetails(early.id);
    expect(kept).toHaveLength(1);
    expect(kept[0]!.current).toBe(true);
  });

  it('takes a signature sent while its key is being revoked either before the revocation or not at all, and the case verifies', async () => {
    let taken = 0;
    for (let race = 0; race < 4; race += 1) {
      const { id } = await inSigning();
      const spare = ed25519Signer();
      const spareKey = await actors.registerKey('cq.signatory', spare);
      const payload = await actors.payload('cq.signatory', id, spareKey);
      const before = await actors.read('auditor', id);
      const [signed, revoked] = await Promise.all([
        actors.submitSignature('cq.signatory', id, payload, spare.sign(payload)),
        actors.query('cq.signatory', 'mutation($k: ID!) { revokeSigningKey(keyId: $k) { revokedAt } }', { k: spareKey }),
      ]);
      expect(revoked.errors).toBeUndefined();
      if (signed.errors === undefined) taken += 1;
      else {
        expectCode(signed, 'SIGNATURE_INVALID');
        expect((await actors.read('auditor', id)).data).toEqual(before.data);
      }
      const verified = await actors.query<{ verifyCase: { valid: boolean; problems: { kind: string }[] } }>(
        'auditor',
        'query($id: ID!) { verifyCase(id: $id) { valid problems { kind } } }',
        { id },
      );
      expect(verified.data?.verifyCase).toEqual({ valid: true, problems: [] });
    }
    process.stdout.write(`signatures sent while their key was revoked: ${String(taken)} of 4 taken, every case verifying\n`);
  });

  it('voids signatures when a new version is made, and refuses a payload for the stale version', async () => {
    const { id } = await inSigning();
    const stalePayload = await actors.payload('cq.signatory', id, cqKey);
    expect((await actors.sign('cd.signatory', id, cdKey, cdSigner)).data?.signCase.state).toBe('signing');
    const declined = await actors.act('cq.signatory', 'declineToSign', { caseId: id, reason: '第三条表述需调整' });
    expect(declined.data?.declineToSign?.state).toBe('revising');
    await actors.edit('cq.drafter', id, 1, '# 总则\n\n一、共建成渝地区数据交换中心。\n二、统一并公开数据流通标准。');
    await actors.act('cq.drafter', 'resubmitProposal', { caseId: id });
    await actors.act('cq.reviewer', 'approveInternally', { caseId: id });
    await actors.act('cd.reviewer', 'acceptProposal', { caseId: id });

    expectCode(await actors.submitSignature('cq.signatory', id, stalePayload, cqSigner.sign(stalePayload)), 'SIGNATURE_INVALID');
    const voided = await signatureDetails(id);
    expect(voided.map((s) => s.current)).toEqual([false]);
    expect((await actors.sign('cq.signatory', id, cqKey, cqSigner)).data?.signCase.state).toBe('signing');
    expect((await actors.sign('cd.signatory', id, cdKey, cdSigner)).data?.signCase.state).toBe('adopted');
    const final = await actors.read('auditor', id);
    expect(final.data?.case.currentVersion.number).toBe(2);
    expect(final.data?.case.signatures.filter((s) => s.current).map((s) => s.versionNumber)).toEqual([2, 2]);
  });

  describe('key registration', () => {
    const register = (user: 'cq.signatory' | 'cq.reviewer', algorithm: string, publicKey: string) =>
      actors.query(user, 'mutation($a: SignatureAlgorithm!, $k: String!) { registerSigningKey(algorithm: $a, publicKey: $k, label: "k") { id } }', {
        a: algorithm,
        k: publicKey,
      });
    const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
    const smallOrder = () => {
      const identity = new Uint8Array(32);
      identity[0] = 1;
      const orderTwo = Buffer.from('ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', 'hex');
      const orderFour = new Uint8Array(32);
      const torsion8 = Buffer.from('26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', 'hex');
      const honest = ed25519.Point.fromBytes(ed25519.getPublicKey(ed25519.utils.randomSecretKey()));
      const mixed = honest.add(ed25519.Point.fromBytes(torsion8)).toBytes();
      return [
        ['the identity point', identity],
        ['a point of order 2', orderTwo],
        ['a point of order 4', orderFour],
        ['a point of order 8', torsion8],
        ['an honest key with a torsion component', mixed],
      ] as const;
    };

    it.each(smallOrder())('refuses an Ed25519 key that is %s', async (_, bytes) => {
      expectCode(await register('cq.signatory', 'ED25519', b64(bytes)), 'BAD_USER_INPUT');
    });

    // Private key 1 (the base point itself), its negative and a small multiple: anyone can sign with them, so a
    // signature under them would prove nothing of who made it.
    it.each([
      ['SM2', 'the base point G', sm2.getPublicKeyFromPrivateKey('1'.padStart(64, '0'))],
      ['SM2', '−G', sm2.getPublicKeyFromPrivateKey('FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54122'.toLowerCase())],
      ['SM2', '3·G', sm2.getPublicKeyFromPrivateKey('3'.padStart(64, '0'))],
      ['ED25519', 'the base point B', Buffer.from(ed25519.Point.BASE.toBytes()).toString('hex')],
      ['ED25519', '5·B', Buffer.from(ed25519.Point.BASE.multiply(5n).toBytes()).toString('hex')],
    ])('refuses an %s key whose private key anyone can guess: %s', async (algorithm, _, hex) => {
      const refused = await register('cq.signatory', algorithm, Buffer.from(hex, 'hex').toString('base64'));
      expectCode(refused, 'BAD_USER_INPUT');
      expect(refused.errors?.[0]?.extensions).toMatchObject({ field: 'publicKey' });
      expect(refused.errors?.[0]?.extensions.messages?.en).toMatch(/small number/);
    });

    it.each([
      ['ED25519', 'AAAA'],
      ['ED25519', 'not base64 at all'],
      ['SM2', Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1)]).toString('base64')],
      ['SM2', ed25519Signer().publicKey],
    ])('refuses a malformed %s key', async (algorithm, key) => {
      expectCode(await register('cq.signatory', algorithm, key), 'BAD_USER_INPUT');
    });

    it('lets only signatories register keys, and a key only once', async () => {
      expectCode(await register('cq.reviewer', 'ED25519', ed25519Signer().publicKey), 'FORBIDDEN');
      const signer: Signer = sm2Signer();
      expect((await register('cq.signatory', 'SM2', signer.publicKey)).errors).toBeUndefined();
      expectCode(await register('cq.signatory', 'SM2', signer.publicKey), 'BAD_USER_INPUT');
    });
  });
});
