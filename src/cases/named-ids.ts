import type { CaseEvent } from '../store/records.js';

/** The id a payload names as its `version` or `signature` (`payload.version.id`), undefined when it names none. */
export function namedId(entry: Pick<CaseEvent, 'payload'>, field: 'version' | 'signature'): string | undefined {
  const id = (entry.payload[field] as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

/** The ids of the versions or signatures that `entries` name, once each, in entry order. */
export function namedIds(entries: readonly CaseEvent[], field: 'version' | 'signature'): string[] {
  return [...new Set(entries.flatMap((entry) => namedId(entry, field) ?? []))];
}
