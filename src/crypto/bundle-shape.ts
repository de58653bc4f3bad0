import { visit } from 'jsonc-parser';
import { z } from 'zod';
import { regions } from '../../workflows/types.js';
import type { Problem } from './evidence.js';
import { base64, fieldPath, hex64, instant, maxShapeProblems, name, shapeProblems, signature64 } from './shape.js';
import { signatureAlgorithms } from './signatures.js';

/**
 * The shape of an evidence bundle (v1), field by field, as `src/audit/bundle.ts` writes it. The offline
 * verifier checks a file against it before any check reads it, so that a malformed file is reported by what is
 * missing or wrong and where, never by an exception, and every later check can rely on the shape.
 */

export const bundleFormat = 'twincity-evidence-bundle/v1';

/** A bundle is a file an auditor keeps; past this it is not one the exporter wrote (and Node cannot hold it as text). */
export const maxBundleBytes = 256 * 1024 * 1024;

/** Deeper than any document the server writes; deep enough nesting would overflow the stack of the checks that hash. */
export const maxJsonDepth = 64;

const region = z.enum(regions);
const algorithm = z.enum(signatureAlgorithms);

/** Where each agency reads back to, or first read (`CaseEvent.readableBefore`, `firstReadable`): seqs from `min`. */
const pointers = (min: number) =>
  z
    .array(z.looseObject({ agencyId: name, seq: z.int().min(min) }))
    .max(20)
    .optional();

const entry = z.looseObject({
  caseId: name,
  seq: z.int().min(1),
  caseType: name,
  type: name,
  fromState: name.nullable(),
  toState: name,
  actor: z.looseObject({
    kind: z.enum(['user', 'system']),
    userId: name.optional(),
    username: name.optional(),
    agencyId: name.optional(),
    region: region.optional(),
    roles: z.array(name).max(20).optional(),
  }),
  at: instant,
  payload: z.record(z.string(), z.unknown()),
  audience: z.array(name).max(20),
  readableBefore: pointers(0),
  firstReadable: pointers(1),
  recent: z.looseObject({ version: z.int().min(0), signature: z.int().min(0), current: z.int().min(0), shared: z.int().min(0) }).optional(),
  idempotencyKey: z.string().max(1000),
  requestHash: z.string().max(1000),
  workflow: name,
  definitionHash: hex64,
  snapshot: z.looseObject({ value: z.union([z.string(), z.record(z.string(), z.unknown())]), context: z.record(z.string(), z.unknown()) }),
  prevHash: hex64,
  hash: hex64,
});

const version = z.looseObject({
  id: name,
  caseId: name,
  number: z.int().min(1),
  content: z.looseObject({ title: z.looseObject({ zh: z.string().max(1000) }) }),
  contentHash: hex64,
  author: z.looseObject({ userId: name, username: name, agencyId: name, region }),
  createdAt: instant,
  changeNote: z.string(),
});

const storedSignature = z.looseObject({
  id: name,
  caseId: name,
  versionId: name,
  versionNumber: z.int().min(1),
  contentHash: hex64,
  action: name,
  keyId: hex64,
  algorithm,
  signerId: name,
  signerUsername: name,
  agencyId: name,
  region,
  payload: z.string().max(65_536),
  signature: signature64,
  nonce: z.string().max(200),
  anchor: z.string().max(200),
  signedAt: instant,
});

const key = z.looseObject({ id: hex64, userId: name, algorithm, publicKey: base64, revokedAt: instant.nullable() });

const countersignature = z.looseObject({ username: name, agencyId: name, region, keyId: hex64, algorithm, signature: signature64, signedAt: instant });

const checkpoint = z.looseObject({
  statement: z.string().max(4096),
  serverSignature: signature64,
  leaf: z.looseObject({ caseId: name, seq: z.int().min(1), hash: hex64 }),
  leafIndex: z.int().min(0),
  // RFC 9162: a path is one hash per level, and no tree has more than 2^64 leaves.
  auditPath: z.array(hex64).max(64),
  countersignatures: z.array(countersignature).max(1000),
  // The statements of the checkpoints after this one up to the one countersigned, oldest first, each naming the one
  // before by its hash (checkpoint version 2); absent when this checkpoint is the one countersigned.
  chain: z.array(z.string().max(4096)).min(1).max(1_000_000).optional(),
});

const bundleSchema = z.looseObject({
  format: z.literal(bundleFormat),
  exportedAt: instant,
  case: z.looseObject({ id: name, workflow: name, state: name, title: z.string().max(1000) }),
  // The exporter's own limit on a case's history.
  entries: z.array(entry).max(1_000_000),
  versions: z.array(version).max(100_000),
  signatures: z.array(storedSignature).max(100_000),
  keys: z.array(key).max(10_000),
  checkpoint: checkpoint.nullable(),
});

export type Bundle = z.infer<typeof bundleSchema>;
export type BundleCheckpoint = NonNullable<Bundle['checkpoint']>;

/** The problem of a file of `bytes` bytes, past `maxBundleBytes`: reported without reading it. */
export const tooLarge = (bytes: number): Problem => ({
  kind: 'BUNDLE_TOO_LARGE',
  message: `the file is ${bytes} bytes; an evidence bundle is at most ${maxBundleBytes} bytes`,
});

/**
 * Values that JSON.parse accepts but no check could hash: nesting deeper than `maxJsonDepth`, and integers past
 * 2^53, which RFC 8785 cannot carry exactly. Walked without recursion, so that the walk itself cannot overflow.
 */
function unhashable(root: unknown): Problem[] {
  interface Node {
    value: unknown;
    depth: number;
    key?: PropertyKey;
    parent?: Node;
  }
  const pathOf = (node: Node): PropertyKey[] => (node.parent === undefined ? [] : [...pathOf(node.parent), node.key!]);
  const problems: Problem[] = [];
  const stack: Node[] = [{ value: root, depth: 0 }];
  while (stack.length > 0 && problems.length < maxShapeProblems) {
    const node = stack.pop()!;
    const { value } = node;
    if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) {
      const field = fieldPath(pathOf(node));
      problems.push({ kind: 'FIELD_INVALID', field, message: `${field} is an integer beyond 2^53, which JSON cannot carry exactly` });
    } else if (typeof value === 'object' && value !== null) {
      if (node.depth >= maxJsonDepth) {
        const field = fieldPath(pathOf(node).slice(0, 8));
        problems.push({ kind: 'FIELD_INVALID', field, message: `${field}… is nested more than ${maxJsonDepth} levels deep` });
        continue;
      }
      if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, depth: node.depth + 1, key: i, parent: node }));
      else for (const [k, v] of Object.entries(value)) stack.push({ value: v, depth: node.depth + 1, key: k, parent: node });
    }
  }
  return problems;
}

/**
 * Keys that appear twice in one object: JSON.parse keeps the last, other readers the first, so the file would
 * mean one thing to the verifier and another to whoever reads it (DESIGN §11). jsonc-parser scans the text itself.
 */
function duplicateKeys(text: string): Problem[] {
  const problems: Problem[] = [];
  const open: Set<string>[] = [];
  visit(text, {
    onObjectBegin: () => void open.push(new Set()),
    onObjectEnd: () => void open.pop(),
    onObjectProperty: (property, _offset, _length, _line, _character, pathOf) => {
      const keys = open.at(-1)!;
      if (keys.has(property) && problems.length < maxShapeProblems) {
        const field = fieldPath([...pathOf(), property]);
        problems.push({ kind: 'DUPLICATE_FIELD', field, message: `${field} appears twice in its object: JSON readers disagree on which one counts` });
      }
      keys.add(property);
    },
  });
  return problems;
}

/**
 * Reads a bundle's text into a `Bundle` whose every field has its v1 shape, or answers the problems that keep it
 * from being one: `NOT_A_BUNDLE` (not JSON, cut short, not an object, another format), `BUNDLE_TOO_LARGE`,
 * `DUPLICATE_FIELD`, and the field problems of `shapeProblems`, each naming its field.
 */
export function parseBundle(text: string): { bundle: Bundle } | { problems: Problem[] } {
  if (text.length > maxBundleBytes) return { problems: [tooLarge(Buffer.byteLength(text))] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      problems: [
        {
          kind: 'NOT_A_BUNDLE',
          message: `the file is not JSON${text.trim() === '' ? ': it is empty' : ` (${(error as Error).message}): it may be cut short or damaged`}`,
        },
      ],
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      problems: [
        {
          kind: 'NOT_A_BUNDLE',
          message: `the file holds ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`}, not an evidence bundle (a JSON object)`,
        },
      ],
    };
  }
  const format = (value as { format?: unknown }).format;
  if (format !== bundleFormat) {
    return {
      problems: [
        {
          kind: 'NOT_A_BUNDLE',
          field: 'format',
          message: `format is ${format === undefined ? 'missing' : JSON.stringify(format).slice(0, 60)}: the file is not an evidence bundle (${bundleFormat})`,
        },
      ],
    };
  }
  const problems = unhashable(value);
  // jsonc-parser recurses: it only scans text whose nesting is known to be shallow.
  if (problems.length === 0) problems.push(...duplicateKeys(text));
  const reported = new Set(problems.map((problem) => problem.field));
  problems.push(...shapeProblems(bundleSchema, value).filter((problem) => problem.field === undefined || !reported.has(problem.field)));
  return problems.length === 0 ? { bundle: value as Bundle } : { problems };
}
