import { badInput } from '../errors.js';
import type { Page } from '../store/directory-store.js';

/** Cursors are opaque to clients: the sort key, base64url-encoded. */
export const encodeCursor = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');

export function decodeCursor(cursor: string | null | undefined): string | undefined {
  if (cursor == null) return undefined;
  const key = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (key === '' || encodeCursor(key) !== cursor) throw badInput('分页游标无效', 'Invalid cursor', { field: 'after' });
  return key;
}

export function toConnection<T>(page: Page<T>, keyOf: (item: T) => string) {
  const edges = page.items.map((node) => ({ node, cursor: encodeCursor(keyOf(node)) }));
  return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
}
