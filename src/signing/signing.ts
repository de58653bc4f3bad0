import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { workflows } from '../../workflows/registry.js';
import { requireViewer } from '../auth/permissions.js';
import type { CaseEngine, Prepare } from '../cases/engine.js';
import type { CaseState } from '../cases/case-state.js';
import { actorOf } from '../cases/decisions.js';
import type { DocumentVersion, SigningKey, StoredSignature } from '../store/records.js';
import { omitted } from '../cases/documents.js';
import { canonicalize, CanonicalJsonError, parseCanonical, type Json } from '../crypto/canonical-json.js';
import { canonicalHash, sha256Hex } from '../crypto/hash.js';
import { recordedBinding, signingPayload, type SigningPayload, type SigningSubject } from '../crypto/signature-binding.js';
import { verifySignature } from '../crypto/signatures.js';
import type { Viewer } from '../directory/model.js';
import { badInput, forbidden, notFound, signatureInvalid } from '../errors.js';
import type { CaseStore } from '../store/case-store.js';
import { DuplicateError } from '../store/directory-store.js';

/** How long a payload may wait between being issued and being signed and sent back. */
const payloadLifetimeMs = 15 * 60_000;
const clockSkewMs = 60_000;

/** Every event, in any workflow, that carries a signature. */
const signedActions = new Set(
  [...workflows.values()].flatMap((workflow) =>
    Object.entries(workflow.events)
      .filter(([, spec]) => spec.signature === true)
      .map(([type]) => type),
  ),
);

const invalid = (reason: string, zh: string, en: string) => signatureInvalid(`签名无效：${zh}`, `Invalid signature: ${en}`, { reason });

/**
 * A signing payload's nonce, authenticated by the server that issued it: 16 random bytes, then the first 16 bytes
 * of an HMAC-SHA-256 (RFC 2104) over them and every other field of the payload as issued (case, action, version,
 * content hash, title, round, signer, key, time: its canonical JSON), as 64 hex digits. `signCase` takes a payload
 * only with a nonce that opens for its own fields, so the bytes signed are exactly bytes the server issued, never
 * ones the signatory put together — with another key of theirs, a time of their choosing, or a nonce issued for an
 * earlier version or round (SIGNATURE_INVALID, reason `nonce`).
 */
class PayloadNonce {
  private readonly key: Buffer;

  /**
   * `secret`: a private key every server of the deployment holds (the checkpoint signing key), so that a payload one
   * server issued is taken by the others; the MAC key is derived from it by HKDF-SHA-256 (RFC 5869).
   */
  constructor(secret: KeyObject) {
    this.key = Buffer.from(hkdfSync('sha256', secret.export({ format: 'der', type: 'pkcs8' }), Buffer.alloc(0), 'twincity signing nonce v1', 32));
  }

  private mac(random: Buffer, fields: Unsealed): Buffer {
    return createHmac('sha256', this.key).update(random).update(canonicalize(fields)).digest().subarray(0, 16);
  }

  /** The payload with a nonce sealing every other field of it. */
  seal(fields: Unsealed): SigningPayload {
    const random = randomBytes(16);
    return { ...fields, nonce: Buffer.concat([random, this.mac(random, fields)]).toString('hex') };
  }

  /** Whether `payload`'s nonce is one this deployment issued for exactly its other fields. */
  opens(payload: SigningPayload): boolean {
    const { nonce, ...fields } = payload;
    if (!/^[0-9a-f]{64}$/.test(nonce)) return false;
    const bytes = Buffer.from(nonce, 'hex');
    return timingSafeEqual(bytes.subarray(16), this.mac(bytes.subarray(0, 16), fields));
  }
}

type Unsealed = Omit<SigningPayload, 'nonce'>;

/**
 * A signature's id: the same for the same case and payload nonce, so that a request sent again finds its own record
 * by `_id`. A UUID of version 8 (RFC 9562, section 5.8) from SHA-256.
 */
function signatureId(caseId: string, nonce: string): string {
  const bytes = createHash('sha256').update(`twincity-policy/signature-id/v1:${caseId}:${nonce}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
}

export class SigningService {
  private readonly nonces: PayloadNonce;

  /** `secret`: the deployment's checkpoint signing key, from which the payload nonces' MAC key is derived. */
  constructor(
    private readonly engine: CaseEngine,
    private readonly store: CaseStore,
    secret: KeyObject,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.nonces = new PayloadNonce(secret);
  }

  /**
   * The bytes to sign, only for someone the machine would let take `action` now, with a key of their own; and what
   * the signatory is shown beside them: the fields bound, and the policy areas of the version signed.
   */
  async payload(
    viewer: Viewer | undefined,
    caseId: string,
    action: string,
    keyId: string,
  ): Promise<{ text: string; fields: SigningPayload; policyAreas: string[] }> {
    const signer = requireViewer(viewer);
    const state = await this.engine.read(signer, caseId);
    if (state.workflow.events[action]?.signature !== true) {
      throw badInput('该操作无需签名', 'That action is not one that is signed', { field: 'action' });
    }
    await this.engine.authorise(signer, state, action, actorOf(signer));
    const key = await this.store.key(keyId);
    if (key === undefined || key.userId !== signer.userId) throw notFound('找不到您的该签名密钥', 'You have no such signing key');
    if (key.revokedAt !== null) throw invalid('revoked', '密钥已撤销', 'the key is revoked');
    const { nonce: _unsealed, ...unsealed } = signingPayload(subjectOf(state, signer, key, action), this.now().toISOString(), '');
    const fields = this.nonces.seal(unsealed);
    const version = await this.complete(state);
    return { text: canonicalize(fields), fields, policyAreas: version.content.policyAreas };
  }

  /**
   * The version to be signed, if it holds everything the case says it must (a memorandum every plan item and
   * resolution): nothing is signed that leaves one out. FORBIDDEN (reason INCOMPLETE_DOCUMENT) naming what is left out.
   */
  private async complete(state: CaseState): Promise<DocumentVersion> {
    const ref = state.workflow.currentVersion(state.context);
    const version = await this.store.version(ref.id);
    if (version === undefined) throw new Error(`version ${ref.id} of case ${state.id} is missing`);
    const missing = omitted(version.content, state.workflow.mustCover(state.context));
    if (missing.length > 0) {
      throw forbidden(
        `待签文本遗漏了 ${missing.length} 项内容（${missing.join('；')}），不能签署：请双方放弃本次对接并重新对接`,
        `The text to sign leaves out ${missing.length} item(s) (${missing.join('; ')}) and cannot be signed: abandon this alignment and align again`,
        { reason: 'INCOMPLETE_DOCUMENT' },
      );
    }
    return version;
  }

  /** Checks a signature against the case as it stands and stores it; runs only after the machine allowed the SIGN. */
  private verifyAndStore(viewer: Viewer, text: string, action: string, fields: Record<string, Json>, signature: string): Prepare {
    return async (state) => {
      await this.complete(state);
      if (state.workflow.events[action]?.signature !== true) {
        throw invalid('action', '该操作无需签名', 'the payload names an action that is not signed');
      }
      const keyId = typeof fields.keyId === 'string' && /^[0-9a-f]{64}$/.test(fields.keyId) ? fields.keyId : undefined;
      const key = keyId === undefined ? undefined : await this.store.key(keyId);
      if (key === undefined || key.userId !== viewer.userId) throw invalid('key', '密钥不属于签署人', 'the key is not the signer’s');
      if (key.revokedAt !== null) throw invalid('revoked', '密钥已撤销', 'the key is revoked');

      const issuedAt = typeof fields.issuedAt === 'string' ? fields.issuedAt : '';
      const nonce = typeof fields.nonce === 'string' ? fields.nonce : '';
      if (nonce === '' || Number.isNaN(Date.parse(issuedAt))) throw invalid('payload', '签名内容缺少时间或随机数', 'the payload lacks its time or nonce');
      const expected = signingPayload(subjectOf(state, viewer, key, action), issuedAt, nonce);
      if (canonicalize(expected) !== text) {
        throw invalid('binding', '签名内容与案件当前版本、历史或签署人不符', 'the payload does not match the case, version, history, action or signer');
      }
      if (!this.nonces.opens(expected)) throw invalid('nonce', '签名内容并非服务器签发的原样', 'the payload is not one the server issued, as issued');
      const age = this.now().getTime() - Date.parse(issuedAt);
      if (age > payloadLifetimeMs || age < -clockSkewMs) throw invalid('expired', '签名内容已过期，请重新获取', 'the payload has expired: fetch a new one');
      if (!verifySignature(key.algorithm, key.publicKey, Buffer.from(text, 'utf8'), signature)) {
        throw invalid('signature', '签名验证失败', 'the signature does not verify');
      }

      const stored: StoredSignature = {
        id: signatureId(state.id, nonce),
        ...recordedBinding(expected),
        payload: text,
        signature,
        signedAt: this.now(),
      };
      try {
        await this.store.insertSignature(stored);
      } catch (error) {
        if (!(error instanceof DuplicateError)) throw error;
        // The same signed request again — sent several times at once, or once more after it lost its race to another
        // entry — goes on with its own record; any other signature over a used payload is a replay.
        const [earlier] = await this.store.signaturesByIds([stored.id]);
        if (earlier?.payload !== text || earlier.signature !== signature || earlier.signerId !== viewer.userId) {
          throw invalid('replay', '该签名内容已使用过', 'this payload was already used');
        }
      }
      return {
        signature: { id: stored.id, versionId: stored.versionId },
        keyId: key.id,
        algorithm: key.algorithm,
        payloadHash: sha256Hex(text),
      };
    };
  }

  async sign(viewer: Viewer | undefined, caseId: string, text: string, signature: string, idempotencyKey: string | null | undefined): Promise<CaseState> {
    const signer = requireViewer(viewer);
    let fields: Json;
    try {
      fields = parseCanonical(text);
    } catch (error) {
      if (error instanceof CanonicalJsonError) throw invalid('payload', '签名内容须为规范化 JSON', `the payload must be canonical JSON (${error.message})`);
      throw error;
    }
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields) || typeof fields.action !== 'string' || !signedActions.has(fields.action)) {
      throw invalid('action', '签名内容未指明需签名的操作', 'the payload names no action that is signed');
    }
    return this.engine.act(
      signer,
      caseId,
      { type: fields.action, input: {}, idempotencyKey, requestHash: canonicalHash({ operation: 'signCase', caseId, text, signature }) },
      this.verifyAndStore(signer, text, fields.action, fields, signature),
    );
  }
}

/** What a signature by `signer` with `key` taking `action` on the case as it stands is about. */
function subjectOf(state: CaseState, signer: Viewer, key: SigningKey, action: string): SigningSubject {
  return {
    case: { id: state.id, type: state.workflow.type, workflow: state.workflow.key },
    action,
    version: state.workflow.currentVersion(state.context),
    round: state.workflow.signingAnchor(state.context),
    signer: { userId: signer.userId, username: signer.username, agencyId: signer.agencyId, region: signer.region },
    key: { id: key.id, algorithm: key.algorithm },
  };
}
