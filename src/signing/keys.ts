import { requireRole, requireViewer } from '../auth/permissions.js';
import type { SigningKey } from '../store/records.js';
import { checkPublicKey, KeyFormatError, type SignatureAlgorithm } from '../crypto/signatures.js';
import type { Viewer } from '../directory/model.js';
import { checkName } from '../directory/validation.js';
import { badInput, forbidden, notFound } from '../errors.js';
import type { CaseStore } from '../store/case-store.js';
import { DuplicateError } from '../store/directory-store.js';

/** Signatories' public keys. The server never holds a private key. */
export class KeyService {
  constructor(private readonly store: CaseStore) {}

  async register(viewer: Viewer | undefined, algorithm: SignatureAlgorithm, publicKey: string, label: string): Promise<SigningKey> {
    const owner = requireRole(viewer, 'SIGNATORY');
    let fingerprint: string;
    try {
      ({ fingerprint } = checkPublicKey(algorithm, publicKey));
    } catch (error) {
      if (error instanceof KeyFormatError) {
        throw badInput(`公钥无效：${error.message}`, `Invalid public key: ${error.message}`, { field: 'publicKey' });
      }
      throw error;
    }
    const key: SigningKey = {
      id: fingerprint,
      userId: owner.userId,
      algorithm,
      publicKey,
      label: checkName('label', label),
      createdAt: new Date(),
      revokedAt: null,
    };
    try {
      await this.store.insertKey(key);
    } catch (error) {
      if (error instanceof DuplicateError) throw badInput('该公钥已登记', 'This public key is already registered', { field: 'publicKey' });
      throw error;
    }
    return key;
  }

  /** The owner or an administrator revokes; signatures made before stay valid. */
  async revoke(viewer: Viewer | undefined, keyId: string): Promise<SigningKey> {
    const caller = requireViewer(viewer);
    const key = /^[0-9a-f]{64}$/.test(keyId) ? await this.store.key(keyId) : undefined;
    if (key === undefined) throw notFound('找不到该签名密钥', 'Signing key not found');
    if (key.userId !== caller.userId && !caller.roles.includes('ADMIN')) {
      throw forbidden('只能撤销自己的签名密钥', 'You can only revoke your own keys');
    }
    await this.store.revokeKey(key.id, new Date());
    return (await this.store.key(key.id)) ?? key;
  }

  async mine(viewer: Viewer | undefined): Promise<SigningKey[]> {
    return this.store.keysOf(requireViewer(viewer).userId);
  }
}
