/**
 * Fetches a case's evidence bundle for offline verification, and the server's published checkpoint key.
 *
 *   npm run evidence-bundle -- CASE_ID --out bundle.json [--key-out checkpoint-key.txt]
 *     [--url http://127.0.0.1:4000/graphql] [--user auditor] [--password demo-password]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ApiError, client } from '../src/cli/api.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:4000/graphql' },
    user: { type: 'string', default: 'auditor' },
    password: { type: 'string', default: 'demo-password' },
    out: { type: 'string' },
    'key-out': { type: 'string' },
  },
});
const [caseId] = positionals;
if (caseId === undefined || values.out === undefined) {
  console.error('usage: evidence-bundle CASE_ID --out bundle.json [--key-out checkpoint-key.txt]');
  process.exit(2);
}

const api = client(values.url);
try {
  const token = await api.signIn(values.user, values.password);
  const { evidenceBundle, checkpointKey } = await api.call<{ evidenceBundle: string; checkpointKey: { publicKey: string } }>(
    'query($id: ID!) { evidenceBundle(caseId: $id) checkpointKey { publicKey } }',
    { id: caseId },
    token,
  );
  writeFileSync(values.out, evidenceBundle);
  if (values['key-out'] !== undefined) writeFileSync(values['key-out'], `${checkpointKey.publicKey}\n`);
  console.error(`wrote ${values.out}; the server's checkpoint key is ${checkpointKey.publicKey}`);
} catch (error) {
  console.error(error instanceof ApiError ? `${error.code}: ${error.message}` : `export failed: ${String(error)}`);
  process.exit(1);
}
