/**
 * Offline verifier of an evidence bundle: needs nothing but the file and the server's published checkpoint
 * public key (base64, or a PEM file). No database, no server.
 *
 *   npm run verify-bundle -- case-bundle.json --checkpoint-key <base64 | file.pem>
 *
 * Exit code 0: every check passed; 1: problems found (each printed); 2: it could not be run as asked.
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkBundle } from '../src/crypto/bundle-check.js';

function usage(message: string): never {
  console.error(`${message}\nusage: verify-bundle BUNDLE.json --checkpoint-key <base64 Ed25519 public key | PEM file>`);
  process.exit(2);
}

function publicKey(argument: string): string {
  if (/^[A-Za-z0-9+/]{43}=$/.test(argument)) return argument;
  try {
    const key = createPublicKey(readFileSync(argument));
    return Buffer.from(key.export({ format: 'jwk' }).x ?? '', 'base64url').toString('base64');
  } catch {
    return usage(`--checkpoint-key is neither a base64 Ed25519 key nor a readable PEM file: ${argument}`);
  }
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'checkpoint-key': { type: 'string' } } });
const [file] = positionals;
if (file === undefined || positionals.length !== 1) usage('give exactly one bundle file');
if (values['checkpoint-key'] === undefined) usage('give the published checkpoint key');
let text: string;
try {
  text = readFileSync(file, 'utf8');
} catch {
  usage(`cannot read ${file}`);
}

const verdict = checkBundle(text, publicKey(values['checkpoint-key']));
console.log(`case      ${verdict.caseId}  《${verdict.title}》  state ${verdict.state}`);
console.log(`history   ${verdict.entries} entries, ${verdict.signatures} signatures`);
console.log(`checkpoint ${verdict.checkpoint ?? 'none'}${verdict.afterCheckpoint > 0 ? ` (${verdict.afterCheckpoint} newer entries rest on the hash chain alone)` : ''}`);
for (const signer of verdict.countersignedBy) console.log(`countersigned by ${signer}`);
if (verdict.problems.length === 0) {
  console.log('VERDICT: VALID — the history, documents, signatures and checkpoint all check out');
  process.exit(0);
}
console.log(`VERDICT: INVALID — ${verdict.problems.length} problem(s):`);
for (const problem of verdict.problems) {
  const where = [problem.seq === undefined ? '' : `entry ${problem.seq}`, problem.versionId ?? '', problem.signatureId ?? ''].filter(Boolean).join(' ');
  console.log(`  ${problem.kind}${where === '' ? '' : ` [${where}]`}: ${problem.message}`);
}
process.exit(1);
