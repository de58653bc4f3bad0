/** A JSON value as RFC 8785 can serialise it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export class CanonicalJsonError extends Error {}

/** Deeper values are refused: no record nests past a few levels, and recursion this deep would exhaust the stack. */
const maxCanonicalDepth = 128;

/**
 * RFC 8785 (JSON Canonicalization Scheme): object keys sorted by UTF-16 code units, no white space,
 * numbers in the ECMAScript shortest form, strings escaped as JSON.stringify does. Values that JSON
 * cannot carry exactly (non-finite numbers, unsafe integers, undefined, functions) are refused rather
 * than silently altered, so that what is hashed is what was meant; so are values nested deeper than
 * `maxCanonicalDepth` arrays and objects (CanonicalJsonError).
 */
export function canonicalize(value: unknown): string {
  return canonicalAt(value, 0);
}

function canonicalAt(value: unknown, depth: number): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CanonicalJsonError('non-finite numbers have no JSON form');
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
      throw new CanonicalJsonError('integers beyond 2^53 lose precision in JSON');
    }
    return JSON.stringify(value);
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object' && depth >= maxCanonicalDepth) throw new CanonicalJsonError(`nested deeper than ${maxCanonicalDepth} levels`);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalAt(item, depth + 1)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    // Default sort compares UTF-16 code units, which is what RFC 8785 §3.2.3 requires.
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalAt(v, depth + 1)}`).join(',')}}`;
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
