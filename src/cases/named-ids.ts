import type { CaseEvent } from '../store/records.js';

/** The ids of the versions or signatures that `entries` name (`payload.version.id`, `payload.signature.id`), once each, in entry order. */
export function namedIds(entries: readonly CaseEvent[], field: 'version' | 'signature'): string[] {
  const ids = entries.flatMap((entry) => {
    const id = (entry.payload[field] as { id?: unknown } | undefined)?.id;
    return typeof id === 'string' ? [id] : [];
  });
  return [...new Set(ids)];
}
