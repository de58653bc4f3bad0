/**
 * Exports a history search to JSON Lines or CSV, streamed page by page, with progress on standard error.
 *
 *   npm run export-history -- --format csv --out history.csv [--from 2026-01-01T00:00:00Z] [--to …]
 *     [--region CHENGDU] [--agency CD-DRC] [--actor cd.reviewer] [--event-type SIGN] [--state adopted] [--case ID]
 *     [--url http://127.0.0.1:4000/graphql] [--user auditor] [--password demo-password] [--page-size 500]
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { ApiError, client } from './client.js';

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
    'event-type': { type: 'string' },
    state: { type: 'string' },
    case: { type: 'string' },
  },
});

interface Entry {
  caseId: string;
  caseType: string;
  seq: number;
  type: string;
  fromState: string | null;
  toState: string;
  at: string;
  actor: { username: string | null; agencyId: string | null; region: string | null; system: boolean };
  comment: string | null;
  reason: string | null;
  resolution: string | null;
  versionNumber: number | null;
  signatureId: string | null;
  workflow: string;
  definitionHash: string;
  prevHash: string;
  hash: string;
}

const columns = ['at', 'caseId', 'caseType', 'seq', 'type', 'fromState', 'toState', 'actor', 'agencyId', 'region', 'comment', 'reason', 'resolution', 'versionNumber', 'signatureId', 'workflow', 'definitionHash', 'prevHash', 'hash'] as const;

/** RFC 4180 quoting; a leading = + - @ is neutralised so that a spreadsheet never runs a cell as a formula. */
function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvRow(entry: Entry): string {
  const row: Record<(typeof columns)[number], string | number | null> = {
    ...entry,
    actor: entry.actor.system ? 'system' : entry.actor.username,
    agencyId: entry.actor.agencyId,
    region: entry.actor.region,
  };
  return columns.map((column) => csvCell(row[column])).join(',');
}

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
  Object.entries({ from: values.from, to: values.to, region: values.region, agencyId: values.agency, actor: values.actor, eventType: values['event-type'], state: values.state, caseId: values.case }).filter(([, v]) => v !== undefined),
);
const out: WriteStream | NodeJS.WriteStream = values.out === undefined ? process.stdout : createWriteStream(values.out);
const write = (line: string) => new Promise<void>((resolve, reject) => (out.write(`${line}\n`) ? resolve() : out.once('drain', resolve).once('error', reject)));

const api = client(values.url);
try {
  const token = await api.signIn(values.user, values.password);
  const { historyCount: total } = await api.call<{ historyCount: number }>('query($f: HistoryFilter) { historyCount(filter: $f) }', { f: filter }, token);
  if (format === 'csv') await write(columns.join(','));
  let done = 0;
  let after: string | null = null;
  const progress = () => process.stderr.write(`${process.stderr.isTTY ? '\r' : ''}exported ${done} / ${total} entries (${total === 0 ? 100 : Math.floor((done * 100) / total)}%)${process.stderr.isTTY ? '' : '\n'}`);
  for (;;) {
    const page: { history: { edges: { node: Entry }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await api.call(
      `query($f: HistoryFilter, $after: String, $first: Int) { history(filter: $f, order: OLDEST_FIRST, first: $first, after: $after) {
        edges { node { caseId caseType seq type fromState toState at actor { username agencyId region system } comment reason resolution versionNumber signatureId workflow definitionHash prevHash hash } }
        pageInfo { hasNextPage endCursor } } }`,
      { f: filter, after, first: pageSize },
      token,
    );
    for (const { node } of page.history.edges) await write(format === 'csv' ? csvRow(node) : JSON.stringify(node));
    done += page.history.edges.length;
    progress();
    if (!page.history.pageInfo.hasNextPage) break;
    after = page.history.pageInfo.endCursor;
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  if (out !== process.stdout) await new Promise<void>((resolve) => (out as WriteStream).end(resolve));
} catch (error) {
  console.error(error instanceof ApiError ? error.message : `export failed: ${String(error)}`);
  process.exit(1);
}
