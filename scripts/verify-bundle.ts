/**
 * Offline verifier of an evidence bundle: needs nothing but the file and the server's published checkpoint
 * public key (base64, or a PEM file). No database, no server. (`twincity verify-bundle` does the same.)
 *
 *   npm run verify-bundle -- case-bundle.json --checkpoint-key <base64 | file.pem>
 *
 * Exit code 0: every check passed; 1: problems found (each printed); 2: it could not be run as asked.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkpointKeyFrom, verdictLines } from '../src/cli/bundle.js';

function usage(message: string): never {
  console.error(`${message}\nusage: verify-bundle BUNDLE.json --checkpoint-key <base64 Ed25519 public key | PEM file>`);
  process.exit(2);
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'checkpoint-key': { type: 'string' } } });
const [file] = positionals;
if (file === undefined || positionals.length !== 1) usage('give exactly one bundle file');
if (values['checkpoint-key'] === undefined) usage('give the published checkpoint key');
const key = checkpointKeyFrom(values['checkpoint-key']) ?? usage(`--checkpoint-key is neither a base64 Ed25519 key nor a readable PEM file: ${values['checkpoint-key']}`);
let text: string;
try {
  text = readFileSync(file, 'utf8');
} catch {
  usage(`cannot read ${file}`);
}
const { verdict, lines } = verdictLines(text, key);
for (const line of lines) console.log(line);
process.exit(verdict.problems.length === 0 ? 0 : 1);
