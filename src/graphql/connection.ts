import { badInput } from '../errors.js';
import type { Page } from '../store/directory-store.js';

/** Cursors are opaque to clients: the sort key, base64url-encoded. */
export const encodeCursor = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');

export function decodeCursor(cursor: string | null | undefined, field = 'after'): string | undefined {
  if (cursor == null) return undefined;
  const key = /^[A-Za-z0-9_-]{1,300}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (key === '' || encodeCursor(key) !== cursor) throw badInput('分页游标无效', 'Invalid cursor', { field });
  return key;
}

/**
 * A Relay connection over `items`, each edge's cursor made from its sort key; `startKey`/`endKey` replace the first or
 * last edge's cursor where a page stopped reading before it was full (the next page goes on from there).
 */
export function connection<T>(items: readonly T[], keyOf: (item: T) => string, page: { hasNextPage: boolean; hasPreviousPage: boolean; startKey?: string; endKey?: string }) {
  const edges = items.map((node) => ({ node, cursor: encodeCursor(keyOf(node)) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: page.startKey === undefined ? (edges[0]?.cursor ?? null) : encodeCursor(page.startKey),
      endCursor: page.endKey === undefined ? (edges.at(-1)?.cursor ?? null) : encodeCursor(page.endKey),
    },
  };
}

export function toConnection<T>(page: Page<T>, keyOf: (item: T) => string, after: string | undefined) {
  return connection(page.items, keyOf, { hasNextPage: page.hasNextPage, hasPreviousPage: after !== undefined });
}
