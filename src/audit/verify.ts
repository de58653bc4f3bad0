import { initialTransition, transition } from 'xstate';
import type { Actor } from '../../workflows/types.js';
import { workflows, type Workflow } from '../../workflows/registry.js';
import { requireViewer } from '../auth/permissions.js';
import { definitionHash, persist, topState } from '../cases/case-state.js';
import { namedIds } from '../cases/named-ids.js';
import type { CaseEvent, RecentSteps } from '../store/records.js';
import { recentAfter } from '../cases/recent.js';
import { seesEverything } from '../cases/visibility.js';
import { canonicalize } from '../crypto/canonical-json.js';
import { checkEvidence, type Problem } from '../crypto/evidence.js';
import type { Viewer } from '../directory/model.js';
import { forbidden, notFound } from '../errors.js';
import type { CaseStore } from '../store/case-store.js';
import type { CheckpointService } from './checkpoints.js';
import { isCoordinator } from '../../workflows/types.js';
import { withoutCommandLimit } from '../store/command-budget.js';

export interface Verification {
  caseId: string;
  valid: boolean;
  entriesChecked: number;
  versionsChecked: number;
  signaturesChecked: number;
  headSeq: number;
  headHash: string;
  problems: Problem[];
  checkedAt: Date;
}

const machineActor = ({ actor }: CaseEvent): Actor =>
  actor.kind === 'system'
    ? { kind: 'system' }
    : { kind: 'user', userId: actor.userId ?? '', agencyId: actor.agencyId ?? '', region: actor.region ?? 'JOINT', roles: actor.roles ?? [] };

/**
 * A migration entry moves the case onto a newer version of its own workflow, by the joint office, leaving its state
 * as it was: the same value and context, the state existing in the newer version (see `CaseEngine.migrate`).
 */
function checkMigration(previous: CaseEvent | undefined, entry: CaseEvent, target: Workflow): Problem[] {
  const source = previous === undefined ? undefined : workflows.get(previous.workflow);
  const moved = isCoordinator(entry.actor);
  const same =
    previous !== undefined &&
    canonicalize(previous.snapshot) === canonicalize(entry.snapshot) &&
    previous.toState === entry.fromState &&
    entry.fromState === entry.toState;
  const newer =
    source !== undefined &&
    source.type === target.type &&
    source.version < target.version &&
    entry.payload.from === source.key &&
    entry.payload.to === target.key;
  let resolvable = true;
  try {
    target.machine.resolveState(entry.snapshot as Parameters<typeof target.machine.resolveState>[0]);
  } catch {
    resolvable = false;
  }
  return moved && same && newer && resolvable
    ? []
    : [
        {
          kind: 'REPLAY_MISMATCH',
          seq: entry.seq,
          message: `entry ${entry.seq} does not move the case unchanged onto a newer version of its workflow by the joint office`,
        },
      ];
}

/**
 * Each entry's `recent` changes of the current and the shared version (src/cases/recent.ts), which only the machine
 * versions' own reading of the context tells: the offline check (`checkEvidence`) covers its versions and signatures.
 */
function checkRecent(entries: readonly CaseEvent[]): Problem[] {
  const problems: Problem[] = [];
  let previous: { entry: CaseEvent; recent: RecentSteps } | undefined;
  for (const entry of [...entries].sort((a, b) => a.seq - b.seq)) {
    if (!workflows.has(entry.workflow)) return problems;
    const recent = recentAfter(previous, entry);
    for (const kind of ['current', 'shared'] as const) {
      if (entry.recent !== undefined && entry.recent[kind] !== recent[kind]) {
        problems.push({
          kind: 'RECENT_MISMATCH',
          seq: entry.seq,
          message: `entry ${entry.seq} names entry ${String(entry.recent[kind])} as the newest to change the ${kind} version, not ${String(recent[kind])}`,
        });
      }
    }
    previous = { entry, recent };
  }
  return problems;
}

/**
 * Replays every entry through the machine version it names and compares the outcome with what was
 * recorded: proof that each decision was one the rules of that version allowed, from that actor.
 */
function replay(entries: readonly CaseEvent[]): Problem[] {
  const problems: Problem[] = [];
  let previous: CaseEvent | undefined;
  for (const entry of [...entries].sort((a, b) => a.seq - b.seq)) {
    const workflow = workflows.get(entry.workflow);
    if (workflow === undefined) {
      problems.push({ kind: 'UNKNOWN_WORKFLOW', seq: entry.seq, message: `entry ${entry.seq} names unknown workflow ${entry.workflow}` });
      return problems;
    }
    if (definitionHash(workflow) !== entry.definitionHash) {
      problems.push({ kind: 'DEFINITION_MISMATCH', seq: entry.seq, message: `entry ${entry.seq} was decided by another definition of ${entry.workflow}` });
    }
    if (entry.type === 'MIGRATE') {
      problems.push(...checkMigration(previous, entry, workflow));
      previous = entry;
      continue;
    }
    const [next] =
      previous === undefined
        ? initialTransition(workflow.machine, entry.snapshot.context)
        : transition(workflow.machine, workflow.machine.resolveState(previous.snapshot as Parameters<typeof workflow.machine.resolveState>[0]), {
            ...entry.payload,
            type: entry.type,
            actor: machineActor(entry),
            at: entry.at.toISOString(),
            head: previous.hash,
            seq: entry.seq,
          });
    if (
      canonicalize(persist(next)) !== canonicalize(entry.snapshot) ||
      topState(next) !== entry.toState ||
      (previous !== undefined && previous.toState !== entry.fromState)
    ) {
      problems.push({
        kind: 'REPLAY_MISMATCH',
        seq: entry.seq,
        message: `replaying entry ${entry.seq} through ${entry.workflow} does not give the recorded state`,
      });
    }
    previous = entry;
  }
  return problems;
}

/** verifyCase: recomputes the chain, every content hash and every signature, and replays every decision. */
export class CaseVerifier {
  constructor(
    private readonly store: CaseStore,
    private readonly checkpoints: CheckpointService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * The hash chain cannot show that its newest entries were deleted, or that the whole chain was rewritten
   * and re-hashed; the checkpoints can: the case must still hold every entry a checkpoint recorded, unchanged.
   */
  private async againstCheckpoints(entries: readonly CaseEvent[], caseId: string): Promise<Problem[]> {
    const problems: Problem[] = [];
    const bySeq = new Map(entries.map((entry) => [entry.seq, entry]));
    const reported = new Set<string>();
    for (const head of await this.checkpoints.recordedHeads(caseId)) {
      const recorded = bySeq.get(head.seq);
      const kind = recorded === undefined ? 'HISTORY_TRUNCATED' : recorded.hash === head.hash ? undefined : 'CHECKPOINT_MISMATCH';
      if (kind === undefined || reported.has(`${kind}:${head.seq}`)) continue;
      reported.add(`${kind}:${head.seq}`);
      problems.push({
        kind,
        seq: head.seq,
        message:
          kind === 'HISTORY_TRUNCATED'
            ? `checkpoint ${head.number} recorded entry ${head.seq}, which is gone`
            : `entry ${head.seq} differs from the one checkpoint ${head.number} recorded`,
      });
    }
    return problems;
  }

  /** Without a limit on its database commands (it reads what the case holds, and its weight bounds how many a request asks), still stopped when its request is abandoned. */
  verify(viewer: Viewer | undefined, caseId: string): Promise<Verification> {
    return withoutCommandLimit(() => this.verified(viewer, caseId));
  }

  private async verified(viewer: Viewer | undefined, caseId: string): Promise<Verification> {
    const auditor = requireViewer(viewer);
    if (!seesEverything(auditor)) throw forbidden('仅审计与联合办公室可核验案件', 'Only auditors and the joint office verify cases');
    const found = /^[0-9a-f-]{36}$/.test(caseId) ? await this.store.head(caseId) : undefined;
    if (found === undefined) throw notFound('找不到该案件', 'Case not found');
    // Every entry up to the newest one found; an entry missing in between is a gap the chain check names.
    const entries = await this.store.entries(caseId, 1, found.head.seq);
    // What the entries name, each by `_id`: one that is not there is named missing by the evidence check.
    const [versions, signatures] = await Promise.all([
      this.store.versionsByIds(namedIds(entries, 'version')),
      this.store.signaturesByIds(namedIds(entries, 'signature')),
    ]);
    const keys = await this.store.keysByIds([...new Set(signatures.map((signature) => signature.keyId))]);
    const problems = [
      ...checkEvidence({ caseId, entries, versions, signatures, keys }),
      ...replay(entries),
      ...checkRecent(entries),
      ...(await this.againstCheckpoints(entries, caseId)),
    ];
    const head = entries.at(-1)!;
    return {
      caseId,
      valid: problems.length === 0,
      entriesChecked: entries.length,
      versionsChecked: namedIds(entries, 'version').length,
      signaturesChecked: namedIds(entries, 'signature').length,
      headSeq: head.seq,
      headHash: head.hash,
      problems,
      checkedAt: this.now(),
    };
  }
}
