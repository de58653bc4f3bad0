import { createCipheriv, createDecipheriv, createPrivateKey, generateKeyPairSync, randomBytes, scryptSync, sign } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import { checkPublicKey, sm2UserId, type SignatureAlgorithm } from '../crypto/signatures.js';

/**
 * Signing keys made and kept on the signer's machine: the server only ever sees the public half. At rest the
 * private half is sealed with the signer's passphrase (scrypt, AES-256-GCM); it is opened only to sign.
 */

export interface LocalKey {
  algorithm: SignatureAlgorithm;
  /** Base64, as the server registers it. */
  publicKey: string;
  /** The server's key id: SHA-256 over the algorithm and the public key. */
  id: string;
  sign(bytes: Buffer): string;
}

export interface SealedKey {
  version: 1;
  algorithm: SignatureAlgorithm;
  publicKey: string;
  id: string;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'aes-256-gcm'; iv: string; tag: string; data: string };
}

export class WrongPassphraseError extends Error {}

const scryptParams = { N: 1 << 15, r: 8, p: 1 };

/** Wraps the private half, as bytes: Ed25519 PKCS#8 DER, SM2 the 32-byte scalar. */
function localKey(algorithm: SignatureAlgorithm, publicKey: string, secret: Buffer): LocalKey {
  const id = checkPublicKey(algorithm, publicKey).fingerprint;
  if (algorithm === 'ED25519') {
    const privateKey = createPrivateKey({ key: secret, format: 'der', type: 'pkcs8' });
    return { algorithm, publicKey, id, sign: (bytes) => sign(null, bytes, privateKey).toString('base64') };
  }
  const scalar = secret.toString('hex');
  return {
    algorithm,
    publicKey,
    id,
    sign: (bytes) => Buffer.from(sm2.doSignature(bytes, scalar, { hash: true, userId: sm2UserId }), 'hex').toString('base64'),
  };
}

/** A new key pair; answers the key and its private half, to be sealed. */
export function generateKey(algorithm: SignatureAlgorithm): { key: LocalKey; secret: Buffer } {
  if (algorithm === 'ED25519') {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('base64');
    const secret = privateKey.export({ format: 'der', type: 'pkcs8' });
    return { key: localKey(algorithm, raw, secret), secret };
  }
  const pair = sm2.generateKeyPairHex();
  const secret = Buffer.from(pair.privateKey.padStart(64, '0'), 'hex');
  return { key: localKey(algorithm, Buffer.from(pair.publicKey, 'hex').toString('base64'), secret), secret };
}

const derive = (passphrase: string, salt: Buffer, { N, r, p }: { N: number; r: number; p: number }) =>
  scryptSync(passphrase.normalize('NFC'), salt, 32, { N, r, p, maxmem: 256 * N * r });

export function seal(key: LocalKey, secret: Buffer, passphrase: string): SealedKey {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derive(passphrase, salt, scryptParams), iv);
  // The public half and the algorithm are bound in as associated data: neither can be swapped in the file.
  cipher.setAAD(Buffer.from(`${key.algorithm}:${key.publicKey}`));
  const data = Buffer.concat([cipher.update(secret), cipher.final()]);
  return {
    version: 1,
    algorithm: key.algorithm,
    publicKey: key.publicKey,
    id: key.id,
    kdf: { name: 'scrypt', ...scryptParams, salt: salt.toString('base64') },
    cipher: { name: 'aes-256-gcm', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') },
  };
}

export function open(sealed: SealedKey, passphrase: string): LocalKey {
  const decipher = createDecipheriv(
    'aes-256-gcm',
    derive(passphrase, Buffer.from(sealed.kdf.salt, 'base64'), sealed.kdf),
    Buffer.from(sealed.cipher.iv, 'base64'),
  );
  decipher.setAAD(Buffer.from(`${sealed.algorithm}:${sealed.publicKey}`));
  decipher.setAuthTag(Buffer.from(sealed.cipher.tag, 'base64'));
  let secret: Buffer;
  try {
    secret = Buffer.concat([decipher.update(Buffer.from(sealed.cipher.data, 'base64')), decipher.final()]);
  } catch {
    throw new WrongPassphraseError('wrong passphrase, or the key file was altered');
  }
  return localKey(sealed.algorithm, sealed.publicKey, secret);
}
