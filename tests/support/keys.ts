import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestKeys {
  dir: string;
  /** The active signing key (RS256, so that HS/RS confusion can be attempted against it). */
  active: { kid: string; privatePem: string; publicPem: string };
  /** An older key that is still accepted: only its public half is in the directory. */
  previous: { kid: string; privatePem: string };
  /** The server's checkpoint key (Ed25519): the file, and the public key auditors are given. */
  checkpoint: { file: string; publicKey: string };
}

const pem = (key: KeyObject, type: 'pkcs8' | 'spki'): string => key.export({ type, format: 'pem' }).toString();

/** A key directory as an operator would lay it out mid-rotation. */
export function createTestKeys(): TestKeys {
  const dir = mkdtempSync(path.join(tmpdir(), 'twincity-keys-'));
  const active = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const previous = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  writeFileSync(path.join(dir, 'k2026.key.pem'), pem(active.privateKey, 'pkcs8'), { mode: 0o600 });
  writeFileSync(path.join(dir, 'k2025.pub.pem'), pem(previous.publicKey, 'spki'));
  const checkpoint = generateKeyPairSync('ed25519');
  const checkpointFile = path.join(dir, 'checkpoint-signing.pem');
  writeFileSync(checkpointFile, pem(checkpoint.privateKey, 'pkcs8'), { mode: 0o600 });
  return {
    dir,
    checkpoint: { file: checkpointFile, publicKey: Buffer.from(checkpoint.publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('base64') },
    active: { kid: 'k2026', privatePem: pem(active.privateKey, 'pkcs8'), publicPem: pem(active.publicKey, 'spki') },
    previous: { kid: 'k2025', privatePem: pem(previous.privateKey, 'pkcs8') },
  };
}
