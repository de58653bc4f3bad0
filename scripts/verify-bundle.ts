/**
 * Offline verifier of an evidence bundle: needs nothing but the file and the server's published checkpoint
 * public key (base64, or a PEM file). No database, no server. (`twincity verify-bundle` does the same.)
 *
 *   npm run verify-bundle -- case-bundle.json --checkpoint-key <base64 | file.pem>
 *
 * Exit code 0: every check passed; 1: problems found (each printed, a malformed file among them); 2: it could
 * not be run as asked (arguments, an unreadable file, a key that is not an Ed25519 public key).
 */
import { parseArgs } from 'node:util';
import { checkpointKeyFrom, verifyBundleFile } from '../src/cli/bundle.js';

function usage(message: string): never {
  console.error(`${message}\nusage: verify-bundle BUNDLE.json --checkpoint-key <base64 Ed25519 public key | PEM file>`);
  process.exit(2);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({ allowPositionals: true, options: { 'checkpoint-key': { type: 'string' } } });
  } catch (error) {
    return usage((error as Error).message);
  }
})();
const [file] = positionals;
if (file === undefined || positionals.length !== 1) usage('give exactly one bundle file');
if (values['checkpoint-key'] === undefined) usage('give the published checkpoint key');
const key =
  checkpointKeyFrom(values['checkpoint-key']) ??
  usage(`--checkpoint-key is neither a base64 Ed25519 public key nor a readable PEM file of one: ${values['checkpoint-key']}`);
const result = verifyBundleFile(file, key) ?? usage(`cannot read ${file}`);
for (const line of result.lines) console.log(line);
process.exit(result.verdict.problems.length === 0 ? 0 : 1);
