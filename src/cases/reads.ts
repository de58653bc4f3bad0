import type { VersionRef } from '../../workflows/types.js';
import type { Viewer } from '../directory/model.js';
import { notFound } from '../errors.js';
import type { CaseStore } from '../store/case-store.js';
import { diffDocuments, type DocumentDiff } from './diff.js';
import { restore, type CaseEngine, type CaseState } from './engine.js';
import type { CaseEvent, DocumentVersion, StoredSignature } from './model.js';
import { canReadEntry, canSee, readsAsCounterpart } from './visibility.js';

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
  /** The machine context as of the newest entry whose current version was the shared one. */
  context: Record<string, unknown>;
}

/**
 * A version as the counterpart reads it. Its change note says what changed since the version before it; when
 * that one was an internal draft, the note is about the initiator's internal work and is not shown.
 */
function handedVersion(version: DocumentVersion, handovers: Handovers): DocumentVersion {
  if (version.number === 1 || handovers.numbers.has(version.number - 1)) return version;
  return { ...version, changeNote: internalChangeNote };
}

/** What the counterpart reads in place of a change note written against an internal draft. */
const internalChangeNote = '对方移交的版本（内部修改说明不对外）/ the version handed over (internal change notes are not shared)';

/** What a viewer may read of a case: its versions, signatures and history, each limited by visibility. */
export class CaseReader {
  /** Per case state read, so that the fields of one response read the history once. */
  private readonly handovers = new WeakMap<CaseState, Promise<Handovers>>();

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
    if (!readsAsCounterpart(viewer, state) || this.currentVersionRef(viewer, state).id === state.workflow.currentVersion(state.context).id) return state.context;
    return (await this.handedOver(state)).context;
  }

  private handedOver(state: CaseState): Promise<Handovers> {
    let found = this.handovers.get(state);
    if (found === undefined) {
      found = this.readHandovers(state);
      this.handovers.set(state, found);
    }
    return found;
  }

  private async readHandovers(state: CaseState): Promise<Handovers> {
    const handovers: Handovers = { versionIds: new Set(), numbers: new Set(), context: state.context };
    const shared = state.workflow.sharedVersion(state.context);
    for (const entry of await this.store.history(state.id, 0, state.head.seq)) {
      const { workflow, context } = restore(entry);
      const handed = workflow.sharedVersion(context);
      if (handed !== null) {
        handovers.versionIds.add(handed.id);
        handovers.numbers.add(handed.number);
      }
      if (shared !== null && workflow.currentVersion(context).id === shared.id) handovers.context = context;
    }
    return handovers;
  }

  /** The committed versions the viewer may read: for the counterpart, exactly those handed over. */
  async versions(viewer: Viewer, state: CaseState): Promise<DocumentVersion[]> {
    const candidates = await this.store.versionsOfCase(state.id, state.workflow.currentVersion(state.context).number);
    const committed = await this.store.referenced(state.id, 'payload.version.id', candidates.map((v) => v.id), state.head.seq);
    if (!readsAsCounterpart(viewer, state)) return candidates.filter((version) => committed.has(version.id));
    const handovers = await this.handedOver(state);
    return candidates.filter((version) => committed.has(version.id) && handovers.versionIds.has(version.id)).map((version) => handedVersion(version, handovers));
  }

  async version(viewer: Viewer, state: CaseState, number: number): Promise<DocumentVersion> {
    const found = (await this.versions(viewer, state)).find((version) => version.number === number);
    if (found === undefined) throw notFound(`找不到第 ${number} 版`, `Version ${number} not found`, { versionNumber: number });
    return found;
  }

  async currentVersion(viewer: Viewer, state: CaseState): Promise<DocumentVersion> {
    const ref = this.currentVersionRef(viewer, state);
    const version = await this.store.version(ref.id);
    if (version === undefined) throw new Error(`version ${ref.id} of case ${state.id} is missing`);
    return readsAsCounterpart(viewer, state) ? handedVersion(version, await this.handedOver(state)) : version;
  }

  async signatures(state: CaseState): Promise<SignatureView[]> {
    const candidates = await this.store.signaturesOfCase(state.id);
    const committed = await this.store.referenced(state.id, 'payload.signature.id', candidates.map((s) => s.id), state.head.seq);
    const version = state.workflow.currentVersion(state.context);
    const anchor = state.workflow.signingAnchor(state.context);
    return candidates
      .filter((signature) => committed.has(signature.id))
      .map((signature) => ({ ...signature, current: signature.versionId === version.id && signature.anchor === anchor }));
  }

  /** History in sequence order; the counterpart does not see the initiator's internal entries. */
  async history(viewer: Viewer, state: CaseState, afterSeq: number, first: number): Promise<{ items: CaseEvent[]; hasNextPage: boolean }> {
    const items: CaseEvent[] = [];
    let cursor = afterSeq;
    for (;;) {
      const batch = await this.store.history(state.id, cursor, first + 1);
      for (const event of batch) {
        if (items.length === first) return { items, hasNextPage: true };
        cursor = event.seq;
        if (canReadEntry(viewer, event)) items.push(event);
      }
      if (batch.length <= first) return { items, hasNextPage: false };
    }
  }

  /**
   * The case as it stood at `at`: the machine state restored from the entry then newest (the version of the
   * machine the case used), with the versions and signatures committed by then.
   */
  async asOf(viewer: Viewer, caseId: string, at: Date): Promise<CaseAsOf> {
    await this.engine.read(viewer, caseId);
    const entry = await this.store.entryAt(caseId, at);
    const state = entry === undefined ? undefined : restore(entry);
    if (state === undefined || !canSee(viewer, state)) throw notFound('该时刻案件尚不存在或不可见', 'The case did not exist, or was not visible to you, at that time');
    return { at, state };
  }

  async createdAt(state: CaseState): Promise<Date> {
    const [first] = await this.store.history(state.id, 0, 1);
    return first?.at ?? state.head.at;
  }

  async diff(viewer: Viewer, caseId: string, from: number, to: number): Promise<DocumentDiff & { from: DocumentVersion; to: DocumentVersion }> {
    const state = await this.engine.read(viewer, caseId);
    const [before, after] = await Promise.all([this.version(viewer, state, from), this.version(viewer, state, to)]);
    return { ...diffDocuments(before.content, after.content), from: before, to: after };
  }
}
