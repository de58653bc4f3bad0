import { createHash } from 'node:crypto';
import { canonicalize } from './canonical-json.js';

export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The hash that identifies a value: SHA-256 over its RFC 8785 canonical JSON. */
export const canonicalHash = (value: unknown): string => sha256Hex(canonicalize(value));

/** The hash before the first event of a case. */
export const genesisHash = '0'.repeat(64);
