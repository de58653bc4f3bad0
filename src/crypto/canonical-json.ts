/** A JSON value as RFC 8785 can serialise it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export class CanonicalJsonError extends Error {}

/**
 * RFC 8785 (JSON Canonicalization Scheme): object keys sorted by UTF-16 code units, no white space,
 * numbers in the ECMAScript shortest form, strings escaped as JSON.stringify does. Values that JSON
 * cannot carry exactly (non-finite numbers, unsafe integers, undefined, functions) are refused rather
 * than silently altered, so that what is hashed is what was meant.
 */
export function canonicalize(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CanonicalJsonError('non-finite numbers have no JSON form');
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
      throw new CanonicalJsonError('integers beyond 2^53 lose precision in JSON');
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalize).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    // Default sort compares UTF-16 code units, which is what RFC 8785 §3.2.3 requires.
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalize(v)}`).join(',')}}`;
  }
  throw new CanonicalJsonError(`${typeof value} has no JSON form`);
}

/**
 * Parses bytes that must already be canonical: duplicate keys, white space, other number forms or
 * key orders are refused, because JSON.parse would quietly accept them and change their meaning.
 */
export function parseCanonical(text: string): Json {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CanonicalJsonError('not JSON');
  }
  if (canonicalize(parsed) !== text) throw new CanonicalJsonError('not in RFC 8785 canonical form');
  return parsed as Json;
}
