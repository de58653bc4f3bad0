import { generateKeyPairSync, sign } from 'node:crypto';
import smCrypto from 'sm-crypto';

/** A signatory's key pair, held only by the test (the client side); the server sees the public half. */
export interface Signer {
  algorithm: 'ED25519' | 'SM2';
  publicKey: string;
  sign(payload: string): string;
}

export function ed25519Signer(): Signer {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x ?? '';
  return {
    algorithm: 'ED25519',
    publicKey: Buffer.from(x, 'base64url').toString('base64'),
    sign: (payload) => sign(null, Buffer.from(payload, 'utf8'), privateKey).toString('base64'),
  };
}

/**
 * GB/T 32918 SM2 with SM3 and the standard user id, as a national-standard client would sign: with sm-crypto, an
 * implementation independent of the server's (sm-crypto-v2), so that every test that signs cross-checks the two.
 */
export function sm2Signer(): Signer {
  const { publicKey, privateKey } = smCrypto.sm2.generateKeyPairHex();
  return {
    algorithm: 'SM2',
    publicKey: Buffer.from(publicKey, 'hex').toString('base64'),
    sign: (payload) =>
      Buffer.from(smCrypto.sm2.doSignature([...Buffer.from(payload, 'utf8')], privateKey, { hash: true, userId: '1234567812345678' }), 'hex').toString(
        'base64',
      ),
  };
}
