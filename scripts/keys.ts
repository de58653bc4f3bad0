/** Signing keys made and kept on this machine: the server only ever sees the public half. */
import { generateKeyPairSync, sign } from 'node:crypto';
import smCrypto from 'sm-crypto';

export type LocalKey = { algorithm: 'ED25519' | 'SM2'; publicKey: string; sign: (bytes: Buffer) => string };

export function localEd25519(): LocalKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  return { algorithm: 'ED25519', publicKey: raw.toString('base64'), sign: (bytes) => sign(null, bytes, privateKey).toString('base64') };
}

export function localSm2(): LocalKey {
  const { publicKey, privateKey } = smCrypto.sm2.generateKeyPairHex();
  return {
    algorithm: 'SM2',
    publicKey: Buffer.from(publicKey, 'hex').toString('base64'),
    sign: (bytes) => Buffer.from(smCrypto.sm2.doSignature([...bytes], privateKey, { hash: true, userId: '1234567812345678' }), 'hex').toString('base64'),
  };
}

