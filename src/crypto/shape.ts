import { z } from 'zod';
import type { Problem } from './evidence.js';

/**
 * Checking JSON from outside (an evidence bundle) against a zod schema, with problems that say what is missing
 * or wrong and where, and the field forms the evidence formats share.
 */

export const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'is not 64 lower-case hex digits (a SHA-256 hash)');
/** Ed25519 and SM2 signatures alike are 64 bytes (SM2 as r ‖ s). */
export const signature64 = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'is not a signature of 64 bytes in base64');
export const base64 = z
  .string()
  .max(200)
  .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'is not base64');
/** As the server writes every time: `Date.prototype.toISOString`. */
export const instant = z.iso.datetime({ message: 'is not a date and time in ISO 8601 form (UTC)' });
/** Names and ids are printed in verdicts: no control characters, so that a file cannot forge a line of one. */
export const name = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\p{Cc}]*$/u, 'holds control characters');

/** How a place in a JSON document is named to people: `checkpoint.countersignatures[1].keyId`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((name, key) => (typeof key === 'number' ? `${name}[${key}]` : name === '' ? String(key) : `${name}.${String(key)}`), '');
}

const kindOf = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'an array'
      : typeof value === 'object'
        ? 'an object'
        : typeof value === 'number' && !Number.isFinite(value)
          ? 'a number too large to read'
          : typeof value === 'number' && !Number.isInteger(value)
            ? 'a fractional number'
            : `a ${typeof value}`;

const expectedNames: Record<string, string> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

/** A value as a message quotes it: JSON, cut short, so that a hostile file cannot fill the report. */
const quote = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
};

function at(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

function describe(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined
        ? `is missing (expected ${expectedNames[issue.expected] ?? issue.expected})`
        : `is ${kindOf(value)}, expected ${expectedNames[issue.expected] ?? issue.expected}`;
    case 'too_big':
    case 'too_small': {
      const bound = `${issue.code === 'too_big' ? 'at most' : 'at least'} ${String(issue.code === 'too_big' ? issue.maximum : issue.minimum)}`;
      if (Array.isArray(value)) return `has ${value.length} items, ${bound}`;
      if (typeof value === 'string') return `is ${value.length} characters long, ${bound}`;
      return `is ${quote(value)}, ${bound}`;
    }
    case 'invalid_value':
      return `is ${quote(value)}, expected ${issue.values.map((v) => quote(v)).join(' or ')}`;
    case 'invalid_union':
      // The field that tells which form a record has (a statement's purpose) names none that is known.
      return value === undefined ? 'is missing' : `is ${quote(value)}, which names no known form of this record`;
    default:
      // Formats (hex, base64, dates) carry the message their schema gives them.
      return issue.message;
  }
}

/** Reports beyond this many would only repeat themselves (a hostile file can hold a million wrong entries). */
export const maxShapeProblems = 50;

/**
 * The problems of `value` against `schema`, each named by what is wrong and where: `FIELD_MISSING` (absent),
 * `FIELD_WRONG_TYPE` (null, or of another type), `FIELD_INVALID` (of the type but out of its form or range),
 * then `MORE_FIELD_PROBLEMS` when there were more than `maxShapeProblems`. `prefix` names where `value` sits.
 * An empty list means `value` has the schema's shape.
 */
export function shapeProblems(schema: z.ZodType, value: unknown, prefix: readonly PropertyKey[] = []): Problem[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  const problems = result.error.issues.slice(0, maxShapeProblems).map((issue): Problem => {
    const found = at(value, issue.path);
    const field = fieldPath([...prefix, ...issue.path]) || 'the bundle';
    const kind =
      found === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union')
        ? 'FIELD_MISSING'
        : issue.code === 'invalid_type'
          ? 'FIELD_WRONG_TYPE'
          : 'FIELD_INVALID';
    return { kind, field, message: `${field} ${describe(issue, found)}` };
  });
  const more = result.error.issues.length - problems.length;
  if (more > 0) problems.push({ kind: 'MORE_FIELD_PROBLEMS', message: `and ${more} more fields are missing or wrong` });
  return problems;
}
