/**
 * Exports a history search to JSON Lines or CSV, streamed page by page, with progress on standard error.
 *
 *   npm run export-history -- --format csv --out history.csv [--from 2026-01-01T00:00:00Z] [--to …]
 *     [--region CHENGDU] [--agency CD-DRC] [--actor cd.reviewer] [--case-type JOINT_PROJECT] [--event-type SIGN]
 *     [--state adopted] [--case ID]
 *     [--url http://127.0.0.1:4000/graphql] [--user auditor] [--password demo-password] [--page-size 500]
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { ApiError, client } from '../src/cli/api.js';
import { exportHistory, progressBar } from '../src/cli/export.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:4000/graphql' },
    user: { type: 'string', default: 'auditor' },
    password: { type: 'string', default: 'demo-password' },
    format: { type: 'string', default: 'jsonl' },
    'page-size': { type: 'string', default: '500' },
    out: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    region: { type: 'string' },
    agency: { type: 'string' },
    actor: { type: 'string' },
    'case-type': { type: 'string' },
    'event-type': { type: 'string' },
    state: { type: 'string' },
    case: { type: 'string' },
  },
});

const format = values.format;
if (format !== 'jsonl' && format !== 'csv') {
  console.error('--format is jsonl or csv');
  process.exit(2);
}
const pageSize = Number(values['page-size']);
if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) {
  console.error('--page-size is a whole number from 1 to 500');
  process.exit(2);
}
const filter = Object.fromEntries(
  Object.entries({
    from: values.from,
    to: values.to,
    region: values.region,
    agencyId: values.agency,
    actor: values.actor,
    caseType: values['case-type'],
    eventType: values['event-type'],
    state: values.state,
    caseId: values.case,
  }).filter(([, v]) => v !== undefined),
);
const out: WriteStream | NodeJS.WriteStream = values.out === undefined ? process.stdout : createWriteStream(values.out);
const write = (line: string) => new Promise<void>((resolve, reject) => (out.write(`${line}\n`) ? resolve() : out.once('drain', resolve).once('error', reject)));

const api = client(values.url);
try {
  const token = await api.signIn(values.user, values.password);
  await exportHistory(
    api,
    token,
    { filter: filter as Record<string, string>, format, pageSize },
    write,
    progressBar(process.stderr, (done, total) => `exported ${done} / ${total} entries`),
  );
  if (out !== process.stdout) await new Promise<void>((resolve) => (out as WriteStream).end(resolve));
} catch (error) {
  console.error(error instanceof ApiError ? `${error.code}: ${error.message}` : `export failed: ${String(error)}`);
  process.exit(1);
}
