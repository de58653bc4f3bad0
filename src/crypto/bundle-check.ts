import { parseBundle, type Bundle, type BundleCheckpoint } from './bundle-shape.js';
import { checkpointPurpose, headLeaf, readStatement, statementHash, type CheckpointStatement } from './checkpoint-format.js';
import { checkCountersignatures } from './countersignatures.js';
import { checkEvidence, type Problem } from './evidence.js';
import { verifyInclusion } from './merkle.js';
import { checkPublicKey, verifySignature } from './signatures.js';

/**
 * Checks an evidence bundle with nothing but its bytes and the published checkpoint key. Shared by the
 * offline verifier command and the command-line client; uses only the crypto primitives.
 */

export interface BundleVerdict {
  caseId: string;
  title: string;
  state: string;
  entries: number;
  signatures: number;
  checkpoint: number | null;
  /** The checkpoint the cities countersigned: `checkpoint`, or a later one whose statements chain back to it. */
  countersignedCheckpoint: number | null;
  /** Entries newer than the checkpoint: covered by the hash chain alone until the next checkpoint. */
  afterCheckpoint: number;
  countersignedBy: string[];
  problems: Problem[];
}

/** Each id once: a second item with the same id would be checked, or shown, in place of the first. */
function duplicates<T>(items: readonly T[], idOf: (item: T) => string | number, list: string, kind: string, what: string): Problem[] {
  const first = new Map<string | number, number>();
  return items.flatMap((item, index) => {
    const id = idOf(item);
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, index);
    return earlier === undefined ? [] : [{ kind, field: `${list}[${index}]`, message: `${list}[${index}] repeats ${what} ${id} of ${list}[${earlier}]` }];
  });
}

/** What the format asks of the lists beyond each item's shape: the history oldest first, and nothing twice. */
function listProblems(bundle: Bundle): Problem[] {
  const outOfOrder = bundle.entries.findIndex((entry, index) => index > 0 && entry.seq < bundle.entries[index - 1]!.seq);
  return [
    ...(outOfOrder === -1
      ? []
      : [
          {
            kind: 'ENTRIES_OUT_OF_ORDER',
            field: `entries[${outOfOrder}]`,
            message: `entries[${outOfOrder}] is entry ${bundle.entries[outOfOrder]!.seq}, after entry ${bundle.entries[outOfOrder - 1]!.seq}: a bundle lists its history oldest first`,
          },
        ]),
    ...duplicates(bundle.entries, (entry) => entry.seq, 'entries', 'DUPLICATE_ENTRY', 'entry'),
    ...duplicates(bundle.versions, (version) => version.id, 'versions', 'DUPLICATE_VERSION', 'version'),
    ...duplicates(bundle.signatures, (signature) => signature.id, 'signatures', 'DUPLICATE_SIGNATURE', 'signature'),
    ...duplicates(bundle.keys, (key) => key.id, 'keys', 'DUPLICATE_KEY', 'key'),
  ];
}

/** The bundle's summary of the case must say what its hashed data says: a reader of the file sees it first. */
function summaryProblems(bundle: Bundle, head: Bundle['entries'][number] | undefined, newest: Bundle['versions'][number] | undefined): Problem[] {
  const recorded = { workflow: head?.workflow, state: head?.toState, title: newest?.content.title.zh };
  return (['workflow', 'state', 'title'] as const).flatMap((field) =>
    recorded[field] === undefined || recorded[field] === bundle.case[field]
      ? []
      : [
          {
            kind: 'CASE_SUMMARY_MISMATCH',
            field: `case.${field}`,
            message: `case.${field} says ${JSON.stringify(bundle.case[field]).slice(0, 80)}, the history and documents say ${JSON.stringify(recorded[field]).slice(0, 80)}`,
          },
        ],
  );
}

/** The bundle's keys that are valid public keys of their algorithm and match their fingerprints. */
function usableKeys(bundle: Bundle, problems: Problem[]): Set<string> {
  const usable = new Set<string>();
  for (const [index, key] of bundle.keys.entries()) {
    let fingerprint: string | undefined;
    try {
      fingerprint = checkPublicKey(key.algorithm, key.publicKey).fingerprint;
    } catch (error) {
      problems.push({
        kind: 'KEY_ALTERED',
        field: `keys[${index}].publicKey`,
        message: `key ${key.id} is not a valid public key: ${(error as Error).message}`,
      });
      continue;
    }
    if (fingerprint === key.id) usable.add(key.id);
    else problems.push({ kind: 'KEY_ALTERED', field: `keys[${index}]`, message: `key ${key.id} does not match its fingerprint` });
  }
  return usable;
}

function checkCheckpoint(
  bundle: Bundle,
  checkpointKey: string,
  usable: ReadonlySet<string>,
  problems: Problem[],
): { number: number | null; countersignedNumber: number | null; countersignedBy: string[] } {
  const checkpoint = bundle.checkpoint;
  if (checkpoint === null) {
    problems.push({ kind: 'NO_CHECKPOINT', field: 'checkpoint', message: 'the bundle holds no checkpoint: deleted newest entries could not be noticed' });
    return { number: null, countersignedNumber: null, countersignedBy: [] };
  }
  const read = readStatement(checkpoint.statement);
  const statement = 'statement' in read ? read.statement : undefined;
  if ('problems' in read) problems.push(...read.problems);
  else if (read.statement.serverKeyId !== checkPublicKey('ED25519', checkpointKey).fingerprint) {
    problems.push({ kind: 'CHECKPOINT_KEY', field: 'checkpoint.statement.serverKeyId', message: 'the checkpoint names another server key than the one given' });
  }
  if (!verifySignature('ED25519', checkpointKey, Buffer.from(checkpoint.statement, 'utf8'), checkpoint.serverSignature)) {
    problems.push({
      kind: 'CHECKPOINT_SIGNATURE',
      field: 'checkpoint.serverSignature',
      message: 'the server signature of the checkpoint does not verify with the given key',
    });
  }
  const path = checkpoint.auditPath.map((hex) => Buffer.from(hex, 'hex'));
  if (
    checkpoint.leaf.caseId !== bundle.case.id ||
    statement === undefined ||
    !verifyInclusion(headLeaf(checkpoint.leaf), checkpoint.leafIndex, statement.treeSize, path, Buffer.from(statement.rootHash, 'hex'))
  ) {
    problems.push({ kind: 'INCLUSION_PROOF', field: 'checkpoint.auditPath', message: 'the case head is not proven to be in the checkpoint' });
  }
  const entry = bundle.entries.find((e) => e.seq === checkpoint.leaf.seq);
  if (entry?.hash !== checkpoint.leaf.hash) {
    problems.push({
      kind: 'CHECKPOINT_MISMATCH',
      seq: checkpoint.leaf.seq,
      message: `the history does not hold the entry ${checkpoint.leaf.seq} the checkpoint recorded`,
    });
  }
  const countersignedOne = chainProblems(checkpoint, statement, problems);
  const keys = new Map(bundle.keys.map((key) => [key.id, key]));
  const countersigned = checkCountersignatures(
    { statement: countersignedOne.text, countersignatures: checkpoint.countersignatures },
    countersignedOne.createdAt,
    keys,
    usable,
    bundle.entries,
  );
  problems.push(...countersigned.problems);
  return { number: statement?.number ?? null, countersignedNumber: countersignedOne.number ?? null, countersignedBy: countersigned.countersignedBy };
}

/**
 * The statement the countersignatures are of: the checkpoint's own, or the last of `chain`, the statements of the
 * checkpoints after it, each of which must be a version 2 statement numbered one more than the one before and
 * naming it by the SHA-256 of its bytes (`previous`); a link that does not is a `CHECKPOINT_CHAIN` problem.
 */
function chainProblems(
  checkpoint: BundleCheckpoint,
  statement: CheckpointStatement | undefined,
  problems: Problem[],
): { text: string; number: number | undefined; createdAt: string | undefined } {
  let prior = { text: checkpoint.statement, number: statement?.number, createdAt: statement?.createdAt };
  for (const [index, text] of (checkpoint.chain ?? []).entries()) {
    const read = readStatement(text, ['checkpoint', 'chain', index]);
    if ('problems' in read) {
      problems.push(...read.problems);
      return prior;
    }
    const next = read.statement;
    if (next.purpose !== checkpointPurpose || next.previous !== statementHash(prior.text) || (prior.number !== undefined && next.number !== prior.number + 1)) {
      problems.push({
        kind: 'CHECKPOINT_CHAIN',
        field: `checkpoint.chain[${index}]`,
        message: `checkpoint ${next.number} does not follow checkpoint ${prior.number ?? '?'}: it must be numbered one more and name that one's statement by its SHA-256 as previous`,
      });
      return prior;
    }
    prior = { text, number: next.number, createdAt: next.createdAt };
  }
  return prior;
}

/** The verdict on a file that could not be checked at all: nothing but its problems. */
export const uncheckedVerdict = (problems: Problem[]): BundleVerdict => ({
  caseId: '',
  title: '',
  state: '',
  entries: 0,
  signatures: 0,
  checkpoint: null,
  countersignedCheckpoint: null,
  afterCheckpoint: 0,
  countersignedBy: [],
  problems,
});

/**
 * The verdict on a bundle's text: its shape first (`parseBundle`: a malformed file gets only the problems of its
 * shape), then the lists, the history, documents, signatures and keys (`checkEvidence`), the summary of the
 * case against them, and the checkpoint with its
 * inclusion proof and countersignatures. `checkpointKey` is the published key, base64 of a valid Ed25519 public key
 * (`checkpointKeyFrom`). Never throws for any text: every fault of the file is a problem of the verdict.
 */
export function checkBundle(text: string, checkpointKey: string): BundleVerdict {
  const parsed = parseBundle(text);
  if ('problems' in parsed) return uncheckedVerdict(parsed.problems);
  const { bundle } = parsed;
  // State and title are read from hashed data (the newest entry, the newest version), not from the summary.
  const head = bundle.entries.reduce<Bundle['entries'][number] | undefined>(
    (newest, entry) => (newest === undefined || entry.seq > newest.seq ? entry : newest),
    undefined,
  );
  const newest = bundle.versions.reduce<Bundle['versions'][number] | undefined>(
    (latest, version) => (latest === undefined || version.number > latest.number ? version : latest),
    undefined,
  );
  const problems = [...listProblems(bundle), ...checkEvidence({ ...bundle, caseId: bundle.case.id }), ...summaryProblems(bundle, head, newest)];
  const usable = usableKeys(bundle, problems);
  const { number, countersignedNumber, countersignedBy } = checkCheckpoint(bundle, checkpointKey, usable, problems);
  return {
    caseId: bundle.case.id,
    title: newest?.content.title.zh ?? '',
    state: head?.toState ?? '',
    entries: bundle.entries.length,
    afterCheckpoint: head === undefined || bundle.checkpoint === null ? 0 : Math.max(0, head.seq - bundle.checkpoint.leaf.seq),
    signatures: bundle.signatures.length,
    checkpoint: number,
    countersignedCheckpoint: countersignedNumber,
    countersignedBy,
    problems,
  };
}
