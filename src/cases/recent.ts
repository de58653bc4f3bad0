import { workflows } from '../../workflows/registry.js';
import type { CaseEvent, RecentSteps } from '../store/records.js';
import { namedId } from './named-ids.js';

/*
 * Where along a case's chain its versions, signatures and handovers were made (`CaseEvent.recent`), so that a read
 * of them follows those entries back instead of reading every entry. Pure: no database.
 */

export type RecentKind = keyof RecentSteps;

/** None of the steps yet: what comes before a case's first entry. */
const none: RecentSteps = { version: 0, signature: 0, current: 0, shared: 0 };

/** The current and shared version an entry's machine context holds (ids; null when none is shared). */
export function versionsHeld(entry: Pick<CaseEvent, 'workflow' | 'snapshot' | 'caseId'>): { current: string; shared: string | null } {
  const workflow = workflows.get(entry.workflow);
  if (workflow === undefined) throw new Error(`case ${entry.caseId} uses unknown workflow ${entry.workflow}`);
  const context = entry.snapshot.context as Record<string, unknown>;
  return { current: workflow.currentVersion(context).id, shared: workflow.sharedVersion(context)?.id ?? null };
}

/**
 * `entry`'s `recent`: for each kind, its own seq when it made such a step (named a version or a signature in its
 * payload, or changed the current or the shared version), else `previous`'s (`previous` is the entry before it with
 * its `recent`, undefined for the first entry).
 */
export function recentAfter(previous: { entry: CaseEvent; recent: RecentSteps } | undefined, entry: Omit<CaseEvent, 'hash'>): RecentSteps {
  const before = previous === undefined ? none : previous.recent;
  const [was, is] = [previous === undefined ? { current: null, shared: null } : versionsHeld(previous.entry), versionsHeld(entry)];
  const made: Record<RecentKind, boolean> = {
    version: namedId(entry, 'version') !== undefined,
    signature: namedId(entry, 'signature') !== undefined,
    current: is.current !== was.current,
    shared: is.shared !== was.shared,
  };
  return {
    version: made.version ? entry.seq : before.version,
    signature: made.signature ? entry.seq : before.signature,
    current: made.current ? entry.seq : before.current,
    shared: made.shared ? entry.seq : before.shared,
  };
}
