import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { checkBundle, type BundleVerdict } from '../crypto/bundle-check.js';

/** The published checkpoint key as given: base64 of the raw Ed25519 key, or a PEM file; undefined if neither. */
export function checkpointKeyFrom(argument: string): string | undefined {
  if (/^[A-Za-z0-9+/]{43}=$/.test(argument)) return argument;
  try {
    const key = createPublicKey(readFileSync(argument));
    return Buffer.from(key.export({ format: 'jwk' }).x ?? '', 'base64url').toString('base64');
  } catch {
    return undefined;
  }
}

/** The offline verdict on a bundle's text, as lines for people; nothing but the text and the key is trusted. */
export function verdictLines(text: string, checkpointKey: string): { verdict: BundleVerdict; lines: string[] } {
  const verdict = checkBundle(text, checkpointKey);
  const lines = [
    `case      ${verdict.caseId}  《${verdict.title}》  state ${verdict.state}`,
    `history   ${verdict.entries} entries, ${verdict.signatures} signatures`,
    `checkpoint ${verdict.checkpoint ?? 'none'}${verdict.afterCheckpoint > 0 ? ` (${verdict.afterCheckpoint} newer entries rest on the hash chain alone)` : ''}`,
    ...verdict.countersignedBy.map((signer) => `countersigned by ${signer}`),
  ];
  if (verdict.problems.length === 0) {
    lines.push('VERDICT: VALID — the history, documents, signatures and checkpoint all check out');
  } else {
    lines.push(`VERDICT: INVALID — ${verdict.problems.length} problem(s):`);
    for (const problem of verdict.problems) {
      const where = [problem.seq === undefined ? '' : `entry ${problem.seq}`, problem.versionId ?? '', problem.signatureId ?? ''].filter(Boolean).join(' ');
      lines.push(`  ${problem.kind}${where === '' ? '' : ` [${where}]`}: ${problem.message}`);
    }
  }
  return { verdict, lines };
}
