import type { VersionRef } from '../../workflows/types.js';
import type { Viewer } from '../directory/model.js';
import { notFound } from '../errors.js';
import type { CaseStore } from '../store/case-store.js';
import { diffDocuments, type DocumentDiff } from './diff.js';
import { restore, type CaseEngine, type CaseState } from './engine.js';
import type { CaseEvent, DocumentVersion, StoredSignature } from './model.js';
import { canReadEntry, canSee, visibleVersionLimit } from './visibility.js';

export interface CaseAsOf {
  at: Date;
  state: CaseState;
}

export interface SignatureView extends StoredSignature {
  current: boolean;
}

/** What a viewer may read of a case: its versions, signatures and history, each limited by visibility. */
export class CaseReader {
  constructor(
    private readonly engine: CaseEngine,
    private readonly store: CaseStore,
  ) {}

  /** The version the viewer sees as current: for the counterpart, the one last handed over. */
  currentVersionRef(viewer: Viewer, state: CaseState): VersionRef {
    const limit = visibleVersionLimit(viewer, state);
    const current = state.workflow.currentVersion(state.context);
    return current.number <= limit ? current : (state.workflow.sharedVersion(state.context) ?? current);
  }

  async versions(viewer: Viewer, state: CaseState): Promise<DocumentVersion[]> {
    const candidates = await this.store.versionsOfCase(state.id, visibleVersionLimit(viewer, state));
    const committed = await this.store.referenced(state.id, 'payload.version.id', candidates.map((v) => v.id), state.head.seq);
    return candidates.filter((version) => committed.has(version.id));
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
    return version;
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
