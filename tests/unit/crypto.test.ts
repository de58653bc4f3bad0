import { createHash, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import smCrypto from 'sm-crypto';
import * as smCryptoV2 from 'sm-crypto-v2';
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { CanonicalJsonError, canonicalize, parseCanonical } from '../../src/crypto/canonical-json.js';
import { checkPublicKey, verifySignature } from '../../src/crypto/signatures.js';
import { ed25519Signer, sm2Signer } from '../support/signers.js';
import { publicKeyOf, signWithK, verify as referenceVerify } from '../support/sm2-reference.js';

describe('RFC 8785 canonical JSON', () => {
  it('sorts keys by UTF-16 code units and writes numbers in their shortest form (RFC 8785 §3.2.3 and appendix)', () => {
    const sample = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalize(sample)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
    expect(canonicalize({ numbers: [333333333.3333333, 4.5, 0.002, 1e-7, 1e-27, -0] })).toBe('{"numbers":[333333333.3333333,4.5,0.002,1e-7,1e-27,0]}');
    expect(canonicalize({ b: [true, null, 'x\n"'], a: { d: 1, c: 2 } })).toBe('{"a":{"c":2,"d":1},"b":[true,null,"x\\n\\""]}');
  });

  it('refuses what JSON cannot carry exactly', () => {
    expect(() => canonicalize({ n: Number.NaN })).toThrow();
    expect(() => canonicalize({ n: 2 ** 53 + 2 })).toThrow(/2\^53/);
    expect(() => canonicalize({ f: () => 1 })).toThrow();
  });

  it('refuses values nested past 128 levels with its own error, however deep, rather than exhausting the stack', () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expect(parseCanonical(nested(128))).toBeDefined();
    for (const depth of [129, 100_000]) {
      expect(() => parseCanonical(`{"action":"SIGN","x":${nested(depth)}}`), String(depth)).toThrow(CanonicalJsonError);
    }
  });

  it('accepts only bytes that are already canonical', () => {
    expect(parseCanonical('{"a":1,"b":[2]}')).toEqual({ a: 1, b: [2] });
    for (const bad of ['{"b":1,"a":2}', '{"a":1,"a":2}', '{ "a":1}', '{"a":1.0}', '{"a":"\\u0041"}', 'nope']) {
      expect(() => parseCanonical(bad), bad).toThrow();
    }
  });
});

describe('SM3 (GB/T 32905)', () => {
  it('matches the standard’s example for "abc" in sm-crypto and OpenSSL', () => {
    const expected = '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0';
    expect(smCrypto.sm3('abc')).toBe(expected);
    expect(createHash('sm3').update('abc').digest('hex')).toBe(expected);
  });

  it('matches the standard’s 512-bit example', () => {
    const message = 'abcd'.repeat(16);
    const expected = 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732';
    expect(smCrypto.sm3(message)).toBe(expected);
    expect(createHash('sm3').update(message).digest('hex')).toBe(expected);
  });
});

describe('SM2 signatures (GB/T 32918.2) with the standard user id', () => {
  // The worked example on the recommended curve (GM/T 0003.5 / GB/T 32918.5): "message digest",
  // user id 1234567812345678.
  const d = BigInt('0x3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8');
  const k = BigInt('0x59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21');
  const rs = 'F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA'.toLowerCase();
  const message = Buffer.from('message digest');
  const publicKey = publicKeyOf(d);

  it('reproduces the standard’s signature from its k with the reference implementation', () => {
    expect(publicKey.toString('hex').slice(2, 18)).toBe('09f9df311e5421a1');
    expect(signWithK(message, d, k).toString('hex')).toBe(rs);
  });

  it('verifies the standard’s signature in production code (sm-crypto-v2), sm-crypto and the reference', () => {
    const signature = Buffer.from(rs, 'hex').toString('base64');
    expect(verifySignature('SM2', publicKey.toString('base64'), message, signature)).toBe(true);
    expect(smCrypto.sm2.doVerifySignature([...message], rs, publicKey.toString('hex'), { hash: true, userId: '1234567812345678' })).toBe(true);
    expect(referenceVerify(message, Buffer.from(rs, 'hex'), publicKey)).toBe(true);
    expect(verifySignature('SM2', publicKey.toString('base64'), Buffer.from('message digesT'), signature)).toBe(false);
  });

  it('cross-verifies signatures between the production code and both independent implementations', () => {
    const signer = sm2Signer();
    const payload = '{"action":"SIGN","caseId":"x"}';
    const fromClient = Buffer.from(signer.sign(payload), 'base64');
    const key = Buffer.from(signer.publicKey, 'base64');
    expect(referenceVerify(Buffer.from(payload), fromClient, key)).toBe(true);
    expect(verifySignature('SM2', signer.publicKey, Buffer.from(payload), fromClient.toString('base64'))).toBe(true);

    const { privateKey, publicKey: v2Public } = smCryptoV2.sm2.generateKeyPairHex();
    const fromV2 = smCryptoV2.sm2.doSignature(payload, privateKey, { hash: true, userId: '1234567812345678' });
    expect(verifySignature('SM2', Buffer.from(v2Public, 'hex').toString('base64'), Buffer.from(payload), Buffer.from(fromV2, 'hex').toString('base64'))).toBe(
      true,
    );
    const fromReference = signWithK(Buffer.from(payload), BigInt(`0x${privateKey}`), 123456789n);
    expect(verifySignature('SM2', Buffer.from(v2Public, 'hex').toString('base64'), Buffer.from(payload), fromReference.toString('base64'))).toBe(true);
  });

  it('verifies with a key’s precomputed point as with its bytes: the right signatures, and only those', () => {
    const [signer, other] = [sm2Signer(), sm2Signer()];
    const payload = '{"action":"SIGN","caseId":"y"}';
    const signature = signer.sign(payload);
    // The first verification precomputes the key's point; the later ones use it.
    for (let i = 0; i < 3; i++) expect(verifySignature('SM2', signer.publicKey, Buffer.from(payload), signature)).toBe(true);
    expect(verifySignature('SM2', signer.publicKey, Buffer.from(`${payload} `), signature)).toBe(false);
    expect(verifySignature('SM2', signer.publicKey, Buffer.from(payload), other.sign(payload))).toBe(false);
    expect(verifySignature('SM2', other.publicKey, Buffer.from(payload), signature)).toBe(false);
  });

  it('is not node:crypto’s "SM2", which is plain ECDSA on the SM2 curve without Z_A', () => {
    const { privateKey, publicKey: nodePublic } = generateKeyPairSync('ec', { namedCurve: 'SM2' });
    // The uncompressed point closes the SPKI encoding.
    const key = nodePublic.export({ type: 'spki', format: 'der' }).subarray(-65).toString('base64');
    const raw = nodeSign('sm3', message, { key: privateKey, dsaEncoding: 'ieee-p1363' });
    expect(verifySignature('SM2', key, message, raw.toString('base64'))).toBe(false);
  });
});

describe('Ed25519 keys', () => {
  it('accepts an honest key and verifies its signatures', () => {
    const signer = ed25519Signer();
    expect(checkPublicKey('ED25519', signer.publicKey).fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(verifySignature('ED25519', signer.publicKey, Buffer.from('x'), signer.sign('x'))).toBe(true);
    expect(verifySignature('ED25519', signer.publicKey, Buffer.from('y'), signer.sign('x'))).toBe(false);
  });

  it('refuses the identity point, against which node:crypto accepts a forged signature', () => {
    const identity = Buffer.alloc(32);
    identity[0] = 1;
    expect(() => checkPublicKey('ED25519', identity.toString('base64'))).toThrow(/small or mixed order/);
  });
});

describe('keys whose private key anyone can guess', () => {
  const sm2Order = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');
  const ed25519Order = BigInt('0x1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed');
  const sm2Key = (k: bigint) => Buffer.from(smCryptoV2.sm2.getPublicKeyFromPrivateKey(k.toString(16).padStart(64, '0')), 'hex').toString('base64');
  const ed25519Key = (k: bigint) => Buffer.from(ed25519.Point.BASE.multiply(k).toBytes()).toString('base64');

  // The base point itself (private key 1), its negative (n − 1), and small multiples either way.
  it.each([1n, 2n, 7n, 256n, -1n, -256n])('refuses the key of private key %s, for SM2 and for Ed25519', (k) => {
    expect(() => checkPublicKey('SM2', sm2Key(k < 0n ? sm2Order + k : k))).toThrow(/small number/);
    expect(() => checkPublicKey('ED25519', ed25519Key(k < 0n ? ed25519Order + k : k))).toThrow(/small number/);
  });

  it('accepts the key of private key 257, and honest keys', () => {
    expect(checkPublicKey('SM2', sm2Key(257n)).fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(checkPublicKey('ED25519', ed25519Key(257n)).fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(checkPublicKey('SM2', sm2Signer().publicKey).fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(checkPublicKey('ED25519', ed25519Signer().publicKey).fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });
});
