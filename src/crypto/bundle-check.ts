import { canonicalize, parseCanonical } from './canonical-json.js';
import { checkEvidence, type Evidence, type EvidenceEntry, type EvidenceKey, type Problem } from './evidence.js';
import { leafHash, verifyInclusion } from './merkle.js';
import { checkPublicKey, verifySignature } from './signatures.js';

/**
 * Checks an evidence bundle with nothing but its bytes and the published checkpoint key. Shared by the
 * offline verifier command; uses only the crypto primitives.
 */

interface BundleCheckpoint {
  statement: string;
  serverSignature: string;
  leaf: { caseId: string; seq: number; hash: string };
  leafIndex: number;
  auditPath: string[];
  countersignatures: { username: string; region: string; keyId: string; algorithm: string; signature: string }[];
}

interface Bundle extends Omit<Evidence, 'caseId' | 'entries'> {
  entries: (EvidenceEntry & { toState?: unknown })[];
  format: string;
  case: { id: string };
  checkpoint: BundleCheckpoint | null;
}

export interface BundleVerdict {
  caseId: string;
  title: string;
  state: string;
  entries: number;
  signatures: number;
  checkpoint: number | null;
  /** Entries newer than the checkpoint: covered by the hash chain alone until the next checkpoint. */
  afterCheckpoint: number;
  countersignedBy: string[];
  problems: Problem[];
}

function checkCheckpoint(bundle: Bundle, checkpointKey: string, problems: Problem[]): { number: number | null; countersignedBy: string[] } {
  const checkpoint = bundle.checkpoint;
  if (checkpoint === null) {
    problems.push({ kind: 'NO_CHECKPOINT', message: 'the bundle holds no checkpoint: deleted newest entries could not be noticed' });
    return { number: null, countersignedBy: [] };
  }
  let statement: { number?: number; treeSize?: number; rootHash?: string; serverKeyId?: string } = {};
  try {
    statement = parseCanonical(checkpoint.statement) as typeof statement;
  } catch {
    problems.push({ kind: 'CHECKPOINT_STATEMENT', message: 'the checkpoint statement is not canonical JSON' });
  }
  if (statement.serverKeyId !== checkPublicKey('ED25519', checkpointKey).fingerprint) {
    problems.push({ kind: 'CHECKPOINT_KEY', message: 'the checkpoint names another server key than the one given' });
  }
  if (!verifySignature('ED25519', checkpointKey, Buffer.from(checkpoint.statement, 'utf8'), checkpoint.serverSignature)) {
    problems.push({ kind: 'CHECKPOINT_SIGNATURE', message: 'the server signature of the checkpoint does not verify with the given key' });
  }
  const leaf = leafHash(Buffer.from(canonicalize(checkpoint.leaf), 'utf8'));
  const path = checkpoint.auditPath.map((hex) => Buffer.from(hex, 'hex'));
  if (checkpoint.leaf.caseId !== bundle.case.id || !verifyInclusion(leaf, checkpoint.leafIndex, statement.treeSize ?? 0, path, Buffer.from(statement.rootHash ?? '', 'hex'))) {
    problems.push({ kind: 'INCLUSION_PROOF', message: 'the case head is not proven to be in the checkpoint' });
  }
  const entry = bundle.entries.find((e) => e.seq === checkpoint.leaf.seq);
  if (entry?.hash !== checkpoint.leaf.hash) {
    problems.push({ kind: 'CHECKPOINT_MISMATCH', seq: checkpoint.leaf.seq, message: `the history does not hold the entry ${checkpoint.leaf.seq} the checkpoint recorded` });
  }
  const keys = new Map(bundle.keys.map((key: EvidenceKey) => [key.id, key]));
  const countersignedBy: string[] = [];
  for (const countersignature of checkpoint.countersignatures) {
    const key = keys.get(countersignature.keyId);
    if (key === undefined || checkPublicKey(key.algorithm, key.publicKey).fingerprint !== key.id || !verifySignature(key.algorithm, key.publicKey, Buffer.from(checkpoint.statement, 'utf8'), countersignature.signature)) {
      problems.push({ kind: 'COUNTERSIGNATURE_INVALID', message: `the countersignature of ${countersignature.username} does not verify` });
    } else {
      countersignedBy.push(`${countersignature.username} (${countersignature.region}, ${key.algorithm})`);
    }
  }
  return { number: statement.number ?? null, countersignedBy };
}

const notABundle = (message: string): BundleVerdict => ({
  caseId: '',
  title: '',
  state: '',
  entries: 0,
  signatures: 0,
  checkpoint: null,
  afterCheckpoint: 0,
  countersignedBy: [],
  problems: [{ kind: 'NOT_A_BUNDLE', message }],
});

export function checkBundle(text: string, checkpointKey: string): BundleVerdict {
  let bundle: Bundle;
  try {
    bundle = JSON.parse(text) as Bundle;
  } catch {
    return notABundle('the file is not JSON');
  }
  if (bundle.format !== 'twincity-evidence-bundle/v1' || !Array.isArray(bundle.entries)) {
    return notABundle('the file is not an evidence bundle (v1)');
  }
  const problems = checkEvidence({ ...bundle, caseId: bundle.case.id });
  for (const key of bundle.keys) {
    try {
      if (checkPublicKey(key.algorithm, key.publicKey).fingerprint !== key.id) problems.push({ kind: 'KEY_ALTERED', message: `key ${key.id} does not match its fingerprint` });
    } catch {
      problems.push({ kind: 'KEY_ALTERED', message: `key ${key.id} is not a valid public key` });
    }
  }
  const { number, countersignedBy } = checkCheckpoint(bundle, checkpointKey, problems);
  // State and title are read from hashed data (the newest entry, the newest version), not from the summary.
  const head = [...bundle.entries].sort((a, b) => b.seq - a.seq)[0];
  const newest = [...bundle.versions].sort((a, b) => b.number - a.number)[0];
  return {
    caseId: bundle.case.id,
    title: (newest?.content as { title?: { zh?: string } } | undefined)?.title?.zh ?? '',
    state: typeof head?.toState === 'string' ? head.toState : '',
    entries: bundle.entries.length,
    afterCheckpoint: head === undefined || bundle.checkpoint === null ? 0 : head.seq - bundle.checkpoint.leaf.seq,
    signatures: bundle.signatures.length,
    checkpoint: number,
    countersignedBy,
    problems,
  };
}
