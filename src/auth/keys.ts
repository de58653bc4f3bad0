import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type TokenAlgorithm = 'ES256' | 'ES384' | 'RS256';

export interface VerificationKey {
  kid: string;
  algorithm: TokenAlgorithm;
  publicKey: KeyObject;
}

export interface SigningKey extends VerificationKey {
  privateKey: KeyObject;
}

export interface KeyRing {
  active: SigningKey;
  /** Every key a token may name in its `kid`: the active one and older ones not yet retired. */
  byKid: ReadonlyMap<string, VerificationKey>;
}

export class WeakKeyError extends Error {}

const kidPattern = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Each key's algorithm follows from the key itself and is pinned per kid, so a token cannot choose
 * its own algorithm (no `none`, no HS256 signed with an RSA public key). Weak keys are refused.
 */
function algorithmOf(key: KeyObject, file: string): TokenAlgorithm {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa') {
    if ((details?.modulusLength ?? 0) < 2048) throw new WeakKeyError(`${file}: RSA keys must have at least 2048 bits`);
    return 'RS256';
  }
  if (key.asymmetricKeyType === 'ec') {
    if (details?.namedCurve === 'prime256v1') return 'ES256';
    if (details?.namedCurve === 'secp384r1') return 'ES384';
    throw new WeakKeyError(`${file}: EC keys must be on P-256 or P-384, not ${details?.namedCurve ?? 'unknown'}`);
  }
  throw new WeakKeyError(`${file}: unsupported key type ${key.asymmetricKeyType ?? 'symmetric'} (use EC P-256/P-384 or RSA ≥ 2048)`);
}

/**
 * Reads `<kid>.key.pem` (private: may sign) and `<kid>.pub.pem` (public: still accepted) from `dir`.
 * Rotation: add the new private key and make it active; keep the old one until its tokens have expired;
 * retire it by deleting its file.
 */
export async function loadKeyRing(dir: string, activeKid: string | undefined): Promise<KeyRing> {
  const signing = new Map<string, SigningKey>();
  const byKid = new Map<string, VerificationKey>();
  for (const file of (await readdir(dir)).sort()) {
    const match = /^(.+)\.(key|pub)\.pem$/.exec(file);
    if (match === null) continue;
    const [, kid = '', kind] = match;
    if (!kidPattern.test(kid)) throw new WeakKeyError(`${file}: key id must match ${String(kidPattern)}`);
    if (byKid.has(kid)) throw new WeakKeyError(`${file}: key id ${kid} is given twice`);
    const pem = await readFile(path.join(dir, file));
    if (kind === 'key') {
      const privateKey = createPrivateKey(pem);
      const key = { kid, algorithm: algorithmOf(privateKey, file), privateKey, publicKey: createPublicKey(privateKey) };
      signing.set(kid, key);
      byKid.set(kid, key);
    } else {
      const publicKey = createPublicKey(pem);
      byKid.set(kid, { kid, algorithm: algorithmOf(publicKey, file), publicKey });
    }
  }
  const kid = activeKid ?? (signing.size === 1 ? [...signing.keys()][0] : undefined);
  const active = kid === undefined ? undefined : signing.get(kid);
  if (active === undefined) {
    throw new WeakKeyError(
      signing.size === 0 ? `${dir}: no signing key (<kid>.key.pem) found` : `${dir}: JWT_ACTIVE_KID must name one of ${[...signing.keys()].join(', ')}`,
    );
  }
  return { active, byKid };
}

/** Development only: a P-256 key generated once and kept under the data directory, so tokens survive restarts. */
export async function developmentKeyRing(dataDir: string): Promise<KeyRing> {
  const dir = path.join(dataDir, 'jwt');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const existing = (await readdir(dir)).filter((file) => file.endsWith('.key.pem'));
  if (existing.length === 0) {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
    await writeFile(path.join(dir, 'development.key.pem'), pem, { mode: 0o600 });
  }
  return loadKeyRing(dir, undefined);
}
