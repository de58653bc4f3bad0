import { createCipheriv, createDecipheriv, createHmac, hkdfSync, type KeyObject } from 'node:crypto';
import { badInput } from '../errors.js';
import type { Page } from '../store/records.js';

const nonceBytes = 12;
const tagBytes = 16;
/** Sealed keys are padded to a multiple of this many bytes (the longest, an inbox key, is 61). */
const paddedBytes = 64;

/**
 * Cursors sealed with AES-256-GCM (NIST SP 800-38D): opaque to clients, as Relay asks of cursors, and unforgeable.
 * A sort key can say more than the page shows: a history position counts every entry recorded before it, in cases
 * the reader may not see too, so a Chengdu user paging history would learn from the gaps how much Chongqing did
 * internally. A cursor is base64url(nonce, 12 bytes ‖ ciphertext of the key ‖ tag, 16 bytes); a cursor that does
 * not open is BAD_USER_INPUT, "Invalid cursor", on the field it came in. The nonce is an HMAC-SHA-256 of the sort key
 * (a synthetic nonce, as in RFC 5297's SIV): one key always seals to one cursor, so a page read twice reads the same,
 * and a nonce repeats only with its sort key, which tells nothing the reader does not already hold.
 */
export class CursorSeal {
  private readonly key: Buffer;
  private readonly nonceKey: Buffer;

  /**
   * `secret`: a private key every server of the deployment holds (the checkpoint signing key), so that a cursor one
   * server made opens on the others. The sealing key is derived from it by HKDF-SHA-256 (RFC 5869); a new secret
   * makes the cursors given out before it invalid, as a client starting its paging again expects.
   */
  constructor(secret: KeyObject) {
    const material = secret.export({ format: 'der', type: 'pkcs8' });
    this.key = Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), 'twincity cursor seal v1', 32));
    this.nonceKey = Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), 'twincity cursor nonce v1', 32));
  }

  /**
   * Seals `key` for the connection `purpose` (authenticated with it, so that a cursor of one connection opens on no
   * other), padded with NULs to a multiple of `paddedBytes`: a cursor's length says nothing of its key's (a history
   * position's digits would tell how much was recorded before it).
   */
  seal(purpose: string, key: string): string {
    const padded = Buffer.alloc(Math.ceil((Buffer.byteLength(key) + 1) / paddedBytes) * paddedBytes);
    padded.write(key, 'utf8');
    const nonce = createHmac('sha256', this.nonceKey).update(purpose).update('\0').update(padded).digest().subarray(0, nonceBytes);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce).setAAD(Buffer.from(purpose, 'utf8'));
    const sealed = Buffer.concat([nonce, cipher.update(padded), cipher.final(), cipher.getAuthTag()]);
    return sealed.toString('base64url');
  }

  /** The key sealed in `cursor` for `purpose`; undefined for none. */
  open(purpose: string, cursor: string | null | undefined, field = 'after'): string | undefined {
    if (cursor == null) return undefined;
    const sealed = /^[A-Za-z0-9_-]{1,600}$/.test(cursor) ? Buffer.from(cursor, 'base64url') : Buffer.alloc(0);
    if (sealed.length > nonceBytes + tagBytes && sealed.toString('base64url') === cursor) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, nonceBytes)).setAAD(Buffer.from(purpose, 'utf8'));
        decipher.setAuthTag(sealed.subarray(sealed.length - tagBytes));
        const padded = Buffer.concat([decipher.update(sealed.subarray(nonceBytes, sealed.length - tagBytes)), decipher.final()]);
        const end = padded.indexOf(0);
        const key = padded.subarray(0, end === -1 ? padded.length : end).toString('utf8');
        if (key !== '') return key;
      } catch {
        // Not sealed under this key: forged, altered, or from before the secret changed.
      }
    }
    throw badInput('分页游标无效', 'Invalid cursor', { field });
  }
}

/**
 * A Relay connection over `items`, each edge's cursor made from its sort key; `startKey`/`endKey` replace the first or
 * last edge's cursor where a page stopped reading before it was full (the next page goes on from there).
 */
export function connection<T>(
  seal: CursorSeal,
  purpose: string,
  items: readonly T[],
  keyOf: (item: T) => string,
  page: { hasNextPage: boolean; hasPreviousPage: boolean; startKey?: string; endKey?: string },
) {
  const edges = items.map((node) => ({ node, cursor: seal.seal(purpose, keyOf(node)) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: page.startKey === undefined ? (edges[0]?.cursor ?? null) : seal.seal(purpose, page.startKey),
      endCursor: page.endKey === undefined ? (edges.at(-1)?.cursor ?? null) : seal.seal(purpose, page.endKey),
    },
  };
}

export function toConnection<T>(seal: CursorSeal, purpose: string, page: Page<T>, keyOf: (item: T) => string, after: string | undefined) {
  return connection(seal, purpose, page.items, keyOf, { hasNextPage: page.hasNextPage, hasPreviousPage: after !== undefined });
}
