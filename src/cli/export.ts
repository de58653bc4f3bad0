import type { Api } from './api.js';

/** One history entry as an export writes it. */
export interface ExportedEntry {
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
  subject: string | null;
  text: string | null;
  versionNumber: number | null;
  signatureId: string | null;
  workflow: string;
  definitionHash: string;
  prevHash: string;
  hash: string;
}

const columns = [
  'at',
  'caseId',
  'caseType',
  'seq',
  'type',
  'fromState',
  'toState',
  'actor',
  'agencyId',
  'region',
  'comment',
  'reason',
  'resolution',
  'subject',
  'text',
  'versionNumber',
  'signatureId',
  'workflow',
  'definitionHash',
  'prevHash',
  'hash',
] as const;

/** RFC 4180 quoting; a leading = + - @ is neutralised so that a spreadsheet never runs a cell as a formula. */
function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvRow(entry: ExportedEntry): string {
  const row: Record<(typeof columns)[number], string | number | null> = {
    ...entry,
    actor: entry.actor.system ? 'system' : entry.actor.username,
    agencyId: entry.actor.agencyId,
    region: entry.actor.region,
  };
  return columns.map((column) => csvCell(row[column])).join(',');
}

export const exportFormats = ['jsonl', 'csv'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/**
 * Streams a history search, oldest first, page by page: each line goes to `write` (which waits for the
 * sink), and `progress` hears how far it got of the total the server counted first.
 */
export async function exportHistory(
  api: Api,
  token: string,
  { filter, format, pageSize }: { filter: Record<string, string>; format: ExportFormat; pageSize: number },
  write: (line: string) => Promise<void>,
  progress: (done: number, total: number) => void,
): Promise<number> {
  const { historyCount: total } = await api.call<{ historyCount: number }>('query($f: HistoryFilter) { historyCount(filter: $f) }', { f: filter }, token);
  if (format === 'csv') await write(columns.join(','));
  let done = 0;
  let after: string | null = null;
  for (;;) {
    const page: { history: { edges: { node: ExportedEntry }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await api.call(
      `query($f: HistoryFilter, $after: String, $first: Int) { history(filter: $f, order: OLDEST_FIRST, first: $first, after: $after) {
        edges { node { caseId caseType seq type fromState toState at actor { username agencyId region system } comment reason resolution subject text versionNumber signatureId workflow definitionHash prevHash hash } }
        pageInfo { hasNextPage endCursor } } }`,
      { f: filter, after, first: pageSize },
      token,
    );
    for (const { node } of page.history.edges) await write(format === 'csv' ? csvRow(node) : JSON.stringify(node));
    done += page.history.edges.length;
    progress(done, total);
    if (!page.history.pageInfo.hasNextPage) return done;
    after = page.history.pageInfo.endCursor;
  }
}

/** A progress bar on a terminal, a line per page otherwise. */
export function progressBar(stream: NodeJS.WriteStream, label: (done: number, total: number) => string): (done: number, total: number) => void {
  return (done, total) => {
    const share = total === 0 ? 1 : Math.min(1, done / total);
    if (stream.isTTY) {
      const bar = `${'█'.repeat(Math.round(share * 30))}${'░'.repeat(30 - Math.round(share * 30))}`;
      stream.write(`\r${bar} ${Math.floor(share * 100)}% ${label(done, total)}${done >= total ? '\n' : ''}`);
    } else {
      stream.write(`${label(done, total)} (${Math.floor(share * 100)}%)\n`);
    }
  };
}
