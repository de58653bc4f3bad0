import { createPublicKey } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { checkBundle, uncheckedVerdict, type BundleVerdict } from '../crypto/bundle-check.js';
import { maxBundleBytes, tooLarge } from '../crypto/bundle-shape.js';
import { checkPublicKey } from '../crypto/signatures.js';

const isEd25519Key = (base64: string): boolean => {
  try {
    checkPublicKey('ED25519', base64);
    return true;
  } catch {
    return false;
  }
};

/**
 * The published checkpoint key as given: base64 of the raw Ed25519 key, or a PEM file holding an Ed25519 public
 * key; undefined if it is neither, or not a valid Ed25519 key (a point of small order is refused, as everywhere).
 */
export function checkpointKeyFrom(argument: string): string | undefined {
  let base64 = argument;
  if (!/^[A-Za-z0-9+/]{43}=$/.test(argument)) {
    try {
      const key = createPublicKey(readFileSync(argument));
      if (key.asymmetricKeyType !== 'ed25519') return undefined;
      base64 = Buffer.from(key.export({ format: 'jwk' }).x ?? '', 'base64url').toString('base64');
    } catch {
      return undefined;
    }
  }
  return isEd25519Key(base64) ? base64 : undefined;
}

// Everything printed comes from the file: a control character (a new line, a terminal escape) or a bidirectional
// override could forge or hide a line of the verdict, so each is shown as its escape.
const controls = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;
const printable = (line: string): string => line.replace(controls, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A verdict as lines for people. */
function linesOf(verdict: BundleVerdict): { verdict: BundleVerdict; lines: string[] } {
  // A file that is no well-formed bundle was not checked: no summary of it would be true.
  const lines =
    verdict.caseId === ''
      ? ['bundle    not checked: the file is not a well-formed evidence bundle (v1)']
      : [
          `case      ${verdict.caseId}  《${verdict.title}》  state ${verdict.state}`,
          `history   ${verdict.entries} entries, ${verdict.signatures} signatures`,
          `checkpoint ${verdict.checkpoint ?? 'none'}${verdict.afterCheckpoint > 0 ? ` (${verdict.afterCheckpoint} newer entries rest on the hash chain alone)` : ''}`,
          ...(verdict.countersignedCheckpoint !== null && verdict.countersignedCheckpoint !== verdict.checkpoint
            ? [`countersigned as checkpoint ${verdict.countersignedCheckpoint}, whose statement chains back to checkpoint ${verdict.checkpoint ?? '?'}`]
            : []),
          ...verdict.countersignedBy.map((signer) => `countersigned by ${signer}`),
        ];
  if (verdict.problems.length === 0) {
    lines.push('VERDICT: VALID — the history, documents, signatures and checkpoint all check out');
  } else {
    lines.push(`VERDICT: INVALID — ${verdict.problems.length} problem(s):`);
    for (const problem of verdict.problems) {
      const where = [problem.seq === undefined ? '' : `entry ${problem.seq}`, problem.versionId ?? '', problem.signatureId ?? '', problem.field ?? '']
        .filter(Boolean)
        .join(' ');
      lines.push(`  ${problem.kind}${where === '' ? '' : ` [${where}]`}: ${problem.message}`);
    }
  }
  return { verdict, lines: lines.map(printable) };
}

/**
 * The offline verdict on a bundle file, and its lines for people; nothing but the file and the key is trusted.
 * A file larger than a bundle can be is a problem of the verdict (BUNDLE_TOO_LARGE) without being read.
 * Undefined when the file cannot be read at all.
 */
export function verifyBundleFile(file: string, checkpointKey: string): { verdict: BundleVerdict; lines: string[] } | undefined {
  let text: string;
  try {
    const { size } = statSync(file);
    if (size > maxBundleBytes) return linesOf(uncheckedVerdict([tooLarge(size)]));
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return linesOf(checkBundle(text, checkpointKey));
}
