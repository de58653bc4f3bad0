import { createHash } from 'node:crypto';
import { weierstrass } from '@noble/curves/abstract/weierstrass.js';

/**
 * An independent GB/T 32918.2 implementation for cross-checking the production one (sm-crypto): the
 * curve arithmetic is noble's generic Weierstrass code, SM3 is OpenSSL's, and the formulas follow the
 * standard text (Z_A, e, r = e + x1, s = (1 + d)^-1 (k - r·d)).
 */
const hex = (value: string) => BigInt(`0x${value.replace(/\s/g, '')}`);
const params = {
  p: hex('FFFFFFFE FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF 00000000 FFFFFFFF FFFFFFFF'),
  a: hex('FFFFFFFE FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF 00000000 FFFFFFFF FFFFFFFC'),
  b: hex('28E9FA9E 9D9F5E34 4D5A9E4B CF6509A7 F39789F5 15AB8F92 DDBCBD41 4D940E93'),
  n: hex('FFFFFFFE FFFFFFFF FFFFFFFF FFFFFFFF 7203DF6B 21C6052B 53BBF409 39D54123'),
  h: 1n,
  Gx: hex('32C4AE2C 1F198119 5F990446 6A39C994 8FE30BBF F2660BE1 715A4589 334C74C7'),
  Gy: hex('BC3736A2 F4F6779C 59BDCEE3 6B692153 D0A9877C C62A4740 02DF32E5 2139F0A0'),
};
const Point = weierstrass(params);
const { n } = params;

const sm3 = (...parts: Uint8Array[]): Buffer => {
  const hash = createHash('sm3');
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const bytes32 = (value: bigint): Buffer => Buffer.from(value.toString(16).padStart(64, '0'), 'hex');
const mod = (value: bigint): bigint => ((value % n) + n) % n;
function inverse(value: bigint): bigint {
  let [a, b, x0, x1] = [mod(value), n, 1n, 0n];
  while (b !== 0n) {
    const q = a / b;
    [a, b] = [b, a - q * b];
    [x0, x1] = [x1, x0 - q * x1];
  }
  return mod(x0);
}

export function publicKeyOf(privateKey: bigint): Buffer {
  return Buffer.from(Point.BASE.multiply(privateKey).toBytes(false));
}

function digest(message: Uint8Array, publicKey: Uint8Array, userId: string): bigint {
  const id = Buffer.from(userId, 'utf8');
  const entl = Buffer.from([(id.length * 8) >> 8, (id.length * 8) & 0xff]);
  const z = sm3(entl, id, bytes32(params.a), bytes32(params.b), bytes32(params.Gx), bytes32(params.Gy), publicKey.subarray(1));
  return BigInt(`0x${sm3(z, message).toString('hex')}`);
}

/** Signs with a given k, as the standard's worked example does; returns r‖s. */
export function signWithK(message: Uint8Array, privateKey: bigint, k: bigint, userId = '1234567812345678'): Buffer {
  const e = digest(message, publicKeyOf(privateKey), userId);
  const x1 = Point.BASE.multiply(k).toAffine().x;
  const r = mod(e + x1);
  const s = mod(inverse(1n + privateKey) * (k - r * privateKey));
  return Buffer.concat([bytes32(r), bytes32(s)]);
}

export function verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array, userId = '1234567812345678'): boolean {
  const r = BigInt(`0x${Buffer.from(signature.subarray(0, 32)).toString('hex')}`);
  const s = BigInt(`0x${Buffer.from(signature.subarray(32)).toString('hex')}`);
  if (r < 1n || r >= n || s < 1n || s >= n) return false;
  const t = mod(r + s);
  if (t === 0n) return false;
  const e = digest(message, publicKey, userId);
  const point = Point.BASE.multiply(s).add(Point.fromBytes(publicKey).multiply(t));
  return mod(e + point.toAffine().x) === r;
}
