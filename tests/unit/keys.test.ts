import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { developmentKeyRing, loadKeyRing, WeakKeyError } from '../../src/auth/keys.js';

const dirs: string[] = [];
const keyDir = (files: Record<string, KeyObject>): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'keys-'));
  dirs.push(dir);
  for (const [name, key] of Object.entries(files)) {
    const pem = key.type === 'private' ? key.export({ type: 'pkcs8', format: 'pem' }) : key.export({ type: 'spki', format: 'pem' });
    writeFileSync(path.join(dir, name), pem);
  }
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const ec = (namedCurve: string) => generateKeyPairSync('ec', { namedCurve });
const rsa = (modulusLength: number) => generateKeyPairSync('rsa', { modulusLength });

describe('token signing keys', () => {
  it('pins each key to the algorithm its type allows', async () => {
    const ring = await loadKeyRing(keyDir({ 'new.key.pem': ec('prime256v1').privateKey, 'old.pub.pem': rsa(2048).publicKey }), 'new');
    expect(ring.active).toMatchObject({ kid: 'new', algorithm: 'ES256' });
    expect(ring.byKid.get('old')?.algorithm).toBe('RS256');
  });

  it.each([
    ['a 1024-bit RSA key', () => rsa(1024).privateKey, /2048/],
    ['a secp256k1 key', () => ec('secp256k1').privateKey, /P-256 or P-384/],
    ['an Ed25519 key (jsonwebtoken cannot use it)', () => generateKeyPairSync('ed25519').privateKey, /unsupported key type ed25519/],
  ])('refuses %s', async (_, make, message) => {
    await expect(loadKeyRing(keyDir({ 'k.key.pem': make() }), undefined)).rejects.toThrow(message);
  });

  it('refuses a directory without a signing key, or with two and none chosen', async () => {
    await expect(loadKeyRing(keyDir({ 'a.pub.pem': ec('prime256v1').publicKey }), undefined)).rejects.toThrow(WeakKeyError);
    const two = keyDir({ 'a.key.pem': ec('prime256v1').privateKey, 'b.key.pem': ec('prime256v1').privateKey });
    await expect(loadKeyRing(two, undefined)).rejects.toThrow(/JWT_ACTIVE_KID must name one of a, b/);
    expect((await loadKeyRing(two, 'b')).active.kid).toBe('b');
  });

  it('keeps the generated development key across restarts', async () => {
    const dir = keyDir({});
    const first = await developmentKeyRing(dir);
    const second = await developmentKeyRing(dir);
    expect(second.active.publicKey.equals(first.active.publicKey)).toBe(true);
    expect(readdirSync(path.join(dir, 'jwt'))).toEqual(['development.key.pem']);
  });
});
