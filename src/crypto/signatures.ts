import { createPublicKey, verify } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sm2 } from 'sm-crypto-v2';
import { sha256Hex } from './hash.js';

export const signatureAlgorithms = ['ED25519', 'SM2'] as const;
export type SignatureAlgorithm = (typeof signatureAlgorithms)[number];

/** GB/T 35276 / GM/T 0009: the default distinguishing identifier that enters Z_A when none is agreed. */
export const sm2UserId = '1234567812345678';

export class KeyFormatError extends Error {}

const decode = (base64: string): Buffer | undefined =>
  /^[A-Za-z0-9+/]*={0,2}$/.test(base64) && base64.length % 4 === 0 ? Buffer.from(base64, 'base64') : undefined;

/** How many SM2 public keys keep a precomputed point (see `sm2Point`). */
const sm2PointCacheSize = 256;
const sm2Points = new Map<string, ReturnType<typeof sm2.precomputePublicKey>>();

/**
 * The SM2 public key (hex of the uncompressed point) with its multiples precomputed (sm-crypto-v2, window 4): a
 * verification with it took 1.14 ms against 3.87 ms from the hex, and the precomputation 5.2 ms and about 38 KiB
 * (a micro-benchmark on the development machine, 2026-12-06). Kept for the `sm2PointCacheSize` keys verified
 * most recently, so a signatory's key pays for itself from its second signature. Throws for a point off the curve.
 */
function sm2Point(publicKeyHex: string): ReturnType<typeof sm2.precomputePublicKey> {
  const point = sm2Points.get(publicKeyHex) ?? sm2.precomputePublicKey(publicKeyHex, 4);
  sm2Points.delete(publicKeyHex);
  if (sm2Points.size >= sm2PointCacheSize) sm2Points.delete(sm2Points.keys().next().value!);
  sm2Points.set(publicKeyHex, point);
  return point;
}

/** Whether a 65-byte uncompressed point lies on the SM2 curve (sm-crypto-v2 throws, rather than answers false, for one off it). */
function onSM2Curve(point: Buffer): boolean {
  try {
    return sm2.verifyPublicKey(point.toString('hex'));
  } catch {
    return false;
  }
}

/** The private keys 1 … `guessableScalars` (and their negatives) are refused: anyone can sign with such a key. */
const guessableScalars = 256;

/** The arithmetic `hasGuessablePrivateKey` needs of a curve point (noble-curves' points, which sm-crypto-v2 uses too). */
interface CurvePoint<P> {
  add(other: P): P;
  negate(): P;
  equals(other: P): boolean;
}

/**
 * Whether `key` is k·`base` or −k·`base` for some k in 1 … `guessableScalars`: a key whose private key anyone can
 * find by trying, so that a signature under it proves nothing of who made it (the base point itself is private key 1).
 * `guessableScalars` additions and comparisons.
 */
function hasGuessablePrivateKey<P extends CurvePoint<P>>(key: P, base: P): boolean {
  let multiple = base;
  for (let k = 1; k <= guessableScalars; k += 1) {
    if (multiple.equals(key) || multiple.negate().equals(key)) return true;
    multiple = multiple.add(base);
  }
  return false;
}

/** The SM2 base point G (GB/T 32918.5), as sm-crypto-v2's point: the public key of private key 1. */
let sm2Base: ReturnType<typeof sm2.precomputePublicKey> | undefined;
const sm2BasePoint = () => (sm2Base ??= sm2.precomputePublicKey(sm2.getPublicKeyFromPrivateKey('1'.padStart(64, '0')), 1));

/**
 * Checks a public key as registered (base64: Ed25519 the 32-byte encoding, SM2 the 65-byte uncompressed
 * point) and answers its fingerprint. Ed25519 points of small order or with a torsion component are
 * refused: a signature under such a key can be forged without the private key, and node:crypto accepts it. So is a
 * key of either algorithm whose private key is ±1 … ±256 (`hasGuessablePrivateKey`).
 */
export function checkPublicKey(algorithm: SignatureAlgorithm, base64: string): { fingerprint: string } {
  const bytes = decode(base64);
  if (algorithm === 'ED25519') {
    if (bytes?.length !== 32) throw new KeyFormatError('an Ed25519 public key is 32 bytes, base64-encoded');
    let point;
    try {
      point = ed25519.Point.fromBytes(bytes);
    } catch {
      throw new KeyFormatError('not a valid Ed25519 point');
    }
    if (point.isSmallOrder() || !point.isTorsionFree()) throw new KeyFormatError('Ed25519 keys of small or mixed order are refused');
    if (hasGuessablePrivateKey(point, ed25519.Point.BASE)) throw new KeyFormatError('a key whose private key is a small number is refused');
  } else {
    if (bytes?.length !== 65 || bytes[0] !== 0x04 || !onSM2Curve(bytes)) {
      throw new KeyFormatError('an SM2 public key is the 65-byte uncompressed point on the SM2 curve, base64-encoded');
    }
    if (hasGuessablePrivateKey(sm2.precomputePublicKey(bytes.toString('hex'), 1), sm2BasePoint())) {
      throw new KeyFormatError('a key whose private key is a small number is refused');
    }
  }
  return { fingerprint: sha256Hex(Buffer.concat([Buffer.from(`${algorithm}:`), bytes])) };
}

/**
 * Verifies `signature` (base64) over exactly `message`. SM2 is GB/T 32918 with SM3 and Z_A over the standard user id,
 * verified with sm-crypto-v2 (about 7 times faster here than sm-crypto, which the tests keep as an independent check).
 * False, never an exception, for a key or signature that is not even of its algorithm's form: evidence is checked
 * with keys taken from files that may be damaged or forged.
 */
export function verifySignature(algorithm: SignatureAlgorithm, publicKeyBase64: string, message: Buffer, signatureBase64: string): boolean {
  const signature = decode(signatureBase64);
  const publicKey = decode(publicKeyBase64);
  if (signature?.length !== 64 || publicKey?.length !== (algorithm === 'ED25519' ? 32 : 65)) return false;
  try {
    if (algorithm === 'ED25519') {
      const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey.toString('base64url') }, format: 'jwk' });
      return verify(null, message, key, signature);
    }
    return sm2.doVerifySignature(message, signature.toString('hex'), sm2Point(publicKey.toString('hex')), {
      hash: true,
      userId: sm2UserId,
    });
  } catch {
    // Bytes of the right length that are no point of the curve: such a key verifies nothing.
    return false;
  }
}
