import type { VersionRef } from '../../workflows/types.js';
import type { Viewer } from '../directory/model.js';
import { notFound } from '../errors.js';
import type { CaseStore } from '../store/case-store.js';
import { diffDocuments, type DocumentDiff } from './diff.js';
import type { CaseEngine } from './engine.js';
import { restore, type CaseState } from './case-state.js';
import { namedIds } from './named-ids.js';
import { recentAfter, versionsHeld, type RecentKind } from './recent.js';
import { checkCommandBudget } from '../store/command-budget.js';
import type { CaseEvent, DocumentVersion, RecentSteps, StoredSignature } from '../store/records.js';
import { canReadEntry, canSee, readsAsCounterpart } from './visibility.js';
import { inRound } from '../crypto/signature-binding.js';

export interface CaseAsOf {
  at: Date;
  state: CaseState;
}

export interface SignatureView extends StoredSignature {
  current: boolean;
}

/** What the counterpart was handed of a case, up to its head: read off the history, so old cases are served alike. */
interface Handovers {
  /** Every version that was the shared one after some entry (each handover shares one), by id and by number. */
  versionIds: Set<string>;
  numbers: Set<number>;
}

/**
 * A version as the counterpart reads it. Its change note says what changed since the version before it; when
 * that one was an internal draft, the note is about the initiator's internal work and is not shown.
 */
function handedVersion(version: DocumentVersion, handovers: Handovers): DocumentVersion {
  if (version.number === 1 || handovers.numbers.has(version.number - 1)) return version;
  return { ...version, changeNote: internalChangeNote };
}

const missingVersion = (number: number) => notFound(`找不到第 ${number} 版`, `Version ${number} not found`, { versionNumber: number });

/** The longest case whose versions, signatures and handovers are read off all its entries (`readSteps`). */
const readWholeUpTo = 32;

/** What the counterpart reads in place of a change note written against an internal draft. */
const internalChangeNote = '对方移交的版本（内部修改说明不对外）/ the version handed over (internal change notes are not shared)';

/**
 * Reads done once per case state read and key, so that the fields of one response, and aliases of one field, read
 * the history once; they go with the state they were read for.
 */
class PerState<K, V> {
  private readonly reads = new WeakMap<CaseState, Map<K, Promise<V>>>();

  once(state: CaseState, key: K, read: () => Promise<V>): Promise<V> {
    const reads = this.reads.get(state) ?? new Map<K, Promise<V>>();
    this.reads.set(state, reads);
    let found = reads.get(key);
    if (found === undefined) {
      found = read();
      reads.set(key, found);
    }
    return found;
  }
}

/** What a viewer may read of a case: its versions, signatures and history, each limited by visibility. */
export class CaseReader {
  private readonly handovers = new PerState<null, Handovers>();
  private readonly histories = new PerState<null, CaseEvent[]>();
  /** By side: the counterpart's or the initiator's. */
  private readonly versionReads = new PerState<boolean, DocumentVersion[]>();
  /** By kind of step (`steps`). */
  private readonly stepReads = new PerState<RecentKind, CaseEvent[]>();

  constructor(
    private readonly engine: CaseEngine,
    private readonly store: CaseStore,
  ) {}

  /** The version the viewer sees as current: for the counterpart, the one last handed over. */
  currentVersionRef(viewer: Viewer, state: CaseState): VersionRef {
    const current = state.workflow.currentVersion(state.context);
    return readsAsCounterpart(viewer, state) ? (state.workflow.sharedVersion(state.context) ?? current) : current;
  }

  /**
   * The machine context the viewer reads the case's content from (a project's plan and milestones): for the
   * counterpart while the initiator revises internally, the context as of the last handover, never the draft's.
   */
  async contextFor(viewer: Viewer, state: CaseState): Promise<Record<string, unknown>> {
    if (!readsAsCounterpart(viewer, state) || this.currentVersionRef(viewer, state).id === state.workflow.currentVersion(state.context).id)
      return state.context;
    return this.handedContext(state);
  }

  /**
   * The machine context as of the newest entry whose current version is the one shared now: the last before the next
   * change of the current version, or the head. Its cost follows the number of versions, so only the views that show
   * the counterpart the content of a context (a project's plan) read it.
   */
  private async handedContext(state: CaseState): Promise<Record<string, unknown>> {
    const shared = state.workflow.sharedVersion(state.context);
    const changes = await this.steps(state, 'current');
    const at = shared === null ? -1 : changes.findIndex((entry) => versionsHeld(entry).current === shared.id);
    if (at < 0) return state.context;
    const newest = changes[at + 1]?.seq === undefined ? state.head.seq : changes[at + 1]!.seq - 1;
    const entry = newest === state.head.seq ? state.head : newest === changes[at]!.seq ? changes[at] : await this.store.entry(state.id, newest);
    return entry === undefined ? state.context : restore(entry).context;
  }

  private handedOver(state: CaseState): Promise<Handovers> {
    return this.handovers.once(state, null, () => this.readHandovers(state));
  }

  /** Every entry of the case up to its head, read once per case state. */
  private committed(state: CaseState): Promise<CaseEvent[]> {
    return this.histories.once(state, null, () => this.store.entries(state.id, 1, state.head.seq));
  }

  /**
   * The entries up to the head of `state` that made a `kind` step (`recentAfter`), oldest first, once per case state
   * and kind: followed back by `recent`, two lookups side by side a step, so that their cost follows the number of
   * such steps and not the case's length. Behind entries recorded before `recent` was kept, every entry is read.
   */
  private steps(state: CaseState, kind: RecentKind): Promise<CaseEvent[]> {
    return this.stepReads.once(state, kind, () => this.readSteps(state, kind));
  }

  private async readSteps(state: CaseState, kind: RecentKind): Promise<CaseEvent[]> {
    const found: CaseEvent[] = [];
    // A short case is read whole, its entries side by side in one batch: fewer round trips than following it back.
    let seq = state.head.seq <= readWholeUpTo ? undefined : state.head.recent?.[kind];
    while (seq !== undefined && seq > 0) {
      checkCommandBudget();
      const [made, before] = await Promise.all([
        seq === state.head.seq ? state.head : this.store.entry(state.id, seq),
        seq > 1 ? this.store.entry(state.id, seq - 1) : undefined,
      ]);
      if (made === undefined) break;
      found.push(made);
      seq = seq === 1 ? 0 : before?.recent?.[kind];
    }
    if (seq === 0) return found.reverse();
    const steps: CaseEvent[] = [];
    let previous: { entry: CaseEvent; recent: RecentSteps } | undefined;
    for (const entry of await this.committed(state)) {
      previous = { entry, recent: recentAfter(previous, entry) };
      if (previous.recent[kind] === entry.seq) steps.push(entry);
    }
    return steps;
  }

  /**
   * Every item of a list a machine keeps newest-only (a project's reports from jointProject@3, `Entry.seq`), oldest
   * first: `newest` as the viewer's context holds it, and before its first item, `listIn` the context of the entry
   * before the one that recorded that item, and so on back — one lookup per earlier item, whatever the case's length.
   * An item recorded without a seq (by a version that kept every item in the context) ends the walk, as does an
   * entry the viewer may not read.
   */
  async earlierItems<T extends { seq?: number }>(
    viewer: Viewer,
    state: CaseState,
    newest: readonly T[],
    listIn: (context: Record<string, unknown>) => readonly T[],
  ): Promise<T[]> {
    const items = [...newest];
    let before = items[0]?.seq;
    while (before !== undefined && before > 1) {
      checkCommandBudget();
      const entry = await this.store.entry(state.id, before - 1);
      if (entry === undefined || entry.seq >= state.head.seq || !canReadEntry(viewer, entry)) break;
      const bound = before;
      const earlier = listIn(restore(entry).context).filter((item) => item.seq === undefined || item.seq < bound);
      items.unshift(...earlier);
      before = earlier[0]?.seq;
    }
    return items;
  }

  /** What the counterpart was handed: every version that was the shared one, found by the entries that changed it. */
  private async readHandovers(state: CaseState): Promise<Handovers> {
    const handovers: Handovers = { versionIds: new Set(), numbers: new Set() };
    for (const entry of await this.steps(state, 'shared')) {
      const { workflow, context } = restore(entry);
      const handed = workflow.sharedVersion(context);
      if (handed !== null) {
        handovers.versionIds.add(handed.id);
        handovers.numbers.add(handed.number);
      }
    }
    return handovers;
  }

  /**
   * The committed versions the viewer may read, in number order: those the case's entries name (a version stored
   * for an entry that lost its race is named by none), each read by `_id`; for the counterpart, exactly those handed over.
   */
  async versions(viewer: Viewer, state: CaseState): Promise<DocumentVersion[]> {
    const counterpart = readsAsCounterpart(viewer, state);
    const handovers = counterpart ? await this.handedOver(state) : undefined;
    // The counterpart's are those handed over, found without reading the other side's drafts.
    const read = this.versionReads.once(state, counterpart, () =>
      handovers === undefined
        ? this.steps(state, 'version').then((entries) => this.store.versionsByIds(namedIds(entries, 'version')))
        : this.store.versionsByIds([...handovers.versionIds]),
    );
    const versions = [...(await read)].sort((a, b) => a.number - b.number);
    return handovers === undefined ? versions : versions.map((version) => handedVersion(version, handovers));
  }

  /** Errors: NOT_FOUND for a number past the newest version the viewer may read (found without reading any). */
  async version(viewer: Viewer, state: CaseState, number: number): Promise<DocumentVersion> {
    this.checkNumber(viewer, state, number);
    const found = (await this.versions(viewer, state)).find((version) => version.number === number);
    if (found === undefined) throw missingVersion(number);
    return found;
  }

  /** NOT_FOUND for a version number past the newest the viewer may read. */
  private checkNumber(viewer: Viewer, state: CaseState, number: number): void {
    if (number > this.currentVersionRef(viewer, state).number) throw missingVersion(number);
  }

  async currentVersion(viewer: Viewer, state: CaseState): Promise<DocumentVersion> {
    const ref = this.currentVersionRef(viewer, state);
    const version = await this.store.version(ref.id);
    if (version === undefined) throw new Error(`version ${ref.id} of case ${state.id} is missing`);
    return readsAsCounterpart(viewer, state) ? handedVersion(version, await this.handedOver(state)) : version;
  }

  /** The committed signatures, in signing order: those the case's entries name, each read by `_id`. */
  async signatures(state: CaseState): Promise<SignatureView[]> {
    const signatures = await this.store.signaturesByIds(namedIds(await this.steps(state, 'signature'), 'signature'));
    const version = state.workflow.currentVersion(state.context);
    const round = state.workflow.signingAnchor(state.context);
    return signatures
      .sort((a, b) => a.signedAt.getTime() - b.signedAt.getTime())
      .map((signature) => ({ ...signature, current: inRound(signature, version, round) }));
  }

  /**
   * The case as it stood at `at`: the machine state restored from the entry then newest that the viewer may read
   * (the version of the machine the case used), with the versions and signatures committed by then.
   */
  async asOf(viewer: Viewer, caseId: string, at: Date): Promise<CaseAsOf> {
    const now = await this.engine.read(viewer, caseId);
    // Each side is answered as of the newest entry by then that it may read: were the other side's internal entries
    // counted, bisecting on `at` would tell when each was made.
    const entry = await this.engine.readableFrom(viewer, await this.store.entryAt(caseId, at, now.head.seq));
    const state = entry === undefined ? undefined : restore(entry);
    if (state === undefined || !canSee(viewer, state))
      throw notFound('该时刻案件尚不存在或不可见', 'The case did not exist, or was not visible to you, at that time');
    return { at, state };
  }

  async diff(viewer: Viewer, caseId: string, from: number, to: number): Promise<DocumentDiff & { from: DocumentVersion; to: DocumentVersion }> {
    const state = await this.engine.read(viewer, caseId);
    for (const number of [from, to]) this.checkNumber(viewer, state, number);
    const [before, after] = await Promise.all([this.version(viewer, state, from), this.version(viewer, state, to)]);
    return { ...diffDocuments(before.content, after.content), from: before, to: after };
  }
}
