import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalize, parseCanonical } from './canonical-json.js';
import type { Problem } from './evidence.js';
import { leafHash } from './merkle.js';
import { fieldPath, hex64, instant, shapeProblems } from './shape.js';

/**
 * The bytes a checkpoint is made of, shared by the server that signs them and the offline verifier that checks
 * them: the statement (what the server signs and each city countersigns) and the leaves of its Merkle tree.
 */

/**
 * Version 2: the tree's leaves are the case heads that changed since the previous
 * checkpoint, and `previous` is the SHA-256 of the previous checkpoint's statement bytes (null for the first), so
 * that the checkpoints form a chain and every head a case ever had at a checkpoint is a leaf of one of them.
 * Version 1 trees held every case head at each checkpoint: one leaf per case per checkpoint, which grew with
 * cases × checkpoints (at the hourly default, 8,760 leaves per case a year). A version 1 statement still verifies.
 */
export const checkpointPurpose = 'twincity-policy/checkpoint/v2';
const firstPurpose = 'twincity-policy/checkpoint/v1';

const fields = {
  number: z.int().min(1),
  createdAt: instant,
  treeSize: z.int().min(0),
  rootHash: hex64,
  serverKeyId: hex64,
};
const statementSchema = z.discriminatedUnion('purpose', [
  z.object({ purpose: z.literal(checkpointPurpose), ...fields, previous: hex64.nullable() }),
  z.object({ purpose: z.literal(firstPurpose), ...fields }),
]);

/** What the server signs for a checkpoint, and each city countersigns: a Merkle root over case heads. */
export type CheckpointStatement = z.infer<typeof statementSchema>;

/** A leaf of the checkpoint tree: the canonical JSON of one case head (RFC 9162 leaf hash). */
export const headLeaf = (head: { caseId: string; seq: number; hash: string }): Buffer =>
  leafHash(Buffer.from(canonicalize({ caseId: head.caseId, seq: head.seq, hash: head.hash }), 'utf8'));

export const countersignaturePurpose = 'twincity-policy/checkpoint-countersignature/v1';

/**
 * The exact bytes a city's signatory signs to countersign a checkpoint: the statement, the key and the instant
 * (`YYYY-MM-DDTHH:mm:ss.sssZ`, as `Date.prototype.toISOString` writes it), RFC 8785 canonical JSON. The instant
 * is signed, so that whether the key was revoked before it signed can be proved offline; a countersignature of the
 * bare statement (made before they were dated) could be dated at will.
 */
export const countersignedBytes = (statement: string, keyId: string, signedAt: string): Buffer =>
  Buffer.from(canonicalize({ purpose: countersignaturePurpose, statement, keyId, signedAt }), 'utf8');

/** The exact bytes of a statement: RFC 8785 canonical JSON, so that every signer signs the same bytes. */
export const checkpointStatement = (statement: Omit<Extract<CheckpointStatement, { purpose: typeof checkpointPurpose }>, 'purpose'>): string =>
  canonicalize({ purpose: checkpointPurpose, ...statement });

/** The hash a checkpoint's successor names as `previous`: SHA-256 of its statement's bytes, hex. */
export const statementHash = (statement: string): string => createHash('sha256').update(statement, 'utf8').digest('hex');

/**
 * A statement read back from its bytes, or the problems that keep it from being one, each a
 * `CHECKPOINT_STATEMENT` naming the field under `at` (`checkpoint.statement.rootHash`): bytes that are not
 * canonical JSON, or a field missing or out of form.
 */
export function readStatement(
  text: string,
  at: readonly PropertyKey[] = ['checkpoint', 'statement'],
): { statement: CheckpointStatement } | { problems: Problem[] } {
  let value: unknown;
  try {
    value = parseCanonical(text);
  } catch (error) {
    return { problems: [{ kind: 'CHECKPOINT_STATEMENT', field: fieldPath(at), message: `the checkpoint statement is ${(error as Error).message}` }] };
  }
  const problems = shapeProblems(statementSchema, value, at).map((problem) => ({ ...problem, kind: 'CHECKPOINT_STATEMENT' }));
  return problems.length === 0 ? { statement: value as CheckpointStatement } : { problems };
}
