import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { isCoordinator } from '../../workflows/types.js';
import type { Actor, EventSpec, Party, VersionRef } from '../../workflows/types.js';
import { workflows, type Workflow } from '../../workflows/registry.js';
import type { Json } from '../crypto/canonical-json.js';
import { entryHash } from '../crypto/evidence.js';
import { canonicalHash, genesisHash } from '../crypto/hash.js';
import type { Viewer } from '../directory/model.js';
import { checkWholeNumber } from '../directory/validation.js';
import { AppError, badInput, forbidden, notFound } from '../errors.js';
import type { CaseStore } from '../store/case-store.js';
import { checkCommandBudget, outsideCommandBudget } from '../store/command-budget.js';
import { claimWaitMs, holdsSlot, type FeedSlot } from '../store/history-feed.js';
import { DuplicateError } from '../store/directory-store.js';
import { definitionHash, persist, restore, topState, type CaseState } from './case-state.js';
import { actorOf, availableActions, awaiting, can, dueActions, inboxKey, refusal, waitingFor, type WaitingParty } from './decisions.js';
import { eventPayload, type ActionInput } from './commands.js';
import type { CaseEvent, CaseSummary, RecentSteps, RecordedActor } from '../store/records.js';
import { recentAfter } from './recent.js';
import { canReadEntry, canSee, internalTo, seesEverything } from './visibility.js';

/** Who sends an event: the viewer whose visibility applies, the machine's actor and what the history records. */
interface Caller {
  viewer: Viewer;
  actor: Actor;
  recorded: RecordedActor;
}

/** The system, which sends only what time decides; it sees every case (as the joint office does). */
const system: Caller = {
  viewer: { userId: 'system', username: 'system', agencyId: 'SYSTEM', region: 'JOINT', roles: [] },
  actor: { kind: 'system' },
  recorded: { kind: 'system' },
};

export interface InboxCursor {
  updatedAt: Date;
  id: string;
}

export type ProjectedSummary = Omit<CaseSummary, 'createdAt'>;

export interface Command {
  type: string;
  /** What the caller wrote; checked against what the workflow requires of this event. */
  input: ActionInput;
  /** Workflow-specific fields of the event (an item, a topic), already validated by the service. */
  fields?: Record<string, Json>;
  /** The seq the caller decided on; a newer history is a VERSION_CONFLICT without trying. */
  expectedVersion?: number | null;
  idempotencyKey?: string | null;
  /** Identifies the request, so that a reused idempotency key with another request is refused. */
  requestHash: string;
}

/** Work that must be stored before the commit (a version, a signature); it may add to the event's payload. */
export type Prepare = (state: CaseState, actor: Actor) => Promise<Record<string, Json>>;

const versionConflict = () =>
  new AppError('VERSION_CONFLICT', { zh: '案件已被他人更新，请刷新后重试', en: 'The case changed meanwhile: reload and try again' });
const caseNotFound = () => notFound('找不到该案件', 'Case not found');
const reusedKey = () => badInput('该幂等键已用于另一个请求', 'This idempotency key was used for a different request', { field: 'idempotencyKey' });

/**
 * The rules projections are derived by: raised whenever what a projection holds is derived differently (rules 2:
 * the inbox keys come from whom the case waits for, `waitingFor`, so a returned case is in its drafters' inbox;
 * rules 3: the projection holds its head entry, so that a case is read by `_id` alone; rules 4: the running cases'
 * projections are listed in `activeCases` too, and every entry has its slot in the history feed).
 */
export const projectionRules = 4;

/** How many feed slots the repair reads at a time. */
const slotsPerRound = 32;
/** The repair records its progress in the database every so many slots (and whenever it rolled a projection forward). */
const resolvedSavedEvery = 64;
/** How long a create that lost its idempotency key to another waits for the winner's record of it (one insert). */
const recordWaitMs = 100;

function nextDue(state: CaseState): Date | null {
  const times = state.workflow.deadlines(state.context).map(({ dueAt }) => Date.parse(dueAt));
  return times.length === 0 ? null : new Date(Math.min(...times));
}

function recorded(viewer: Viewer): RecordedActor {
  return { kind: 'user', userId: viewer.userId, username: viewer.username, agencyId: viewer.agencyId, region: viewer.region, roles: [...viewer.roles] };
}

/** What a migration entry carries besides the two versions: the joint office's reason, required. */
const migrationSpec: EventSpec = { comment: 'required', awaited: false };

/**
 * The case's state in `target`, which must hold the same state value; its context carries over unchanged (the
 * versions of one workflow keep one context). BAD_USER_INPUT when the state does not exist in `target`.
 */
export function migratedSnapshot(state: CaseState, target: Workflow): AnyMachineSnapshot {
  const persisted = persist(state.snapshot);
  let moved: AnyMachineSnapshot;
  try {
    moved = target.machine.resolveState(persisted as Parameters<typeof target.machine.resolveState>[0]);
  } catch {
    throw badInput(`状态 ${state.state} 在 ${target.key} 中不存在`, `The state ${state.state} does not exist in ${target.key}`, { field: 'toWorkflow' });
  }
  if (canonicalHash(persist(moved)) !== canonicalHash(persisted)) {
    throw badInput(`状态 ${state.state} 在 ${target.key} 中不同`, `The state ${state.state} is not the same in ${target.key}`, { field: 'toWorkflow' });
  }
  return moved;
}

/** The default of `CASE_MAX_UNSHARED_ENTRIES`: a thousand steps of one side's drafting before it hands anything over. */
export const defaultMaxUnshared = 1000;

/**
 * Runs every workflow: authorise and decide with the machine, store what the decision needs, and commit by
 * inserting the next history entry. The unique (caseId, seq) index is the commit point (FerretDB updates are
 * not atomic); the case projection written afterwards is only a cache for lists.
 */
export class CaseEngine {
  /**
   * Every feed slot up to `resolved` is resolved (see `repairProjections`), and so is each of `settled`, beyond it: a
   * repair reads only the slots neither covers. The database keeps the mark for every process.
   */
  private resolved = 0;
  private readonly settled = new Set<number>();
  private repairing: Promise<number> | undefined;
  /** When this process first saw each slot still waiting for its entry. */
  private readonly openSince = new Map<number, number>();

  /**
   * @param maxUnshared the most entries in a row a case may hold that one of its parties cannot read
   *   (`CASE_MAX_UNSHARED_ENTRIES`): past it, a user's step that leaves the machine's state as it was (an edit, an
   *   item added or removed) is BAD_USER_INPUT; a step that moves the case on is taken.
   */
  constructor(
    private readonly store: CaseStore,
    private readonly now: () => Date = () => new Date(),
    private readonly maxUnshared = defaultMaxUnshared,
  ) {}

  /**
   * The newest entry from `entry` back that `viewer` may read (`canReadEntry`), undefined when there is none: one
   * lookup by the entry's `readableBefore`, however many entries the other side made since.
   */
  async readableFrom(viewer: Viewer, entry: CaseEvent | undefined): Promise<CaseEvent | undefined> {
    if (entry === undefined || canReadEntry(viewer, entry)) return entry;
    const seq = await this.readableSeqBefore(viewer.agencyId, entry);
    return seq === 0 ? undefined : this.store.entry(entry.caseId, seq);
  }

  /**
   * The seq of the newest entry before `entry` that `agencyId` may read, 0 when none: the entry's `readableBefore`,
   * or, behind entries recorded before those were kept, one entry back at a time within the request's command budget.
   */
  private async readableSeqBefore(agencyId: string, entry: CaseEvent): Promise<number> {
    for (let found: CaseEvent | undefined = entry; found !== undefined && found.seq > 1;) {
      const pointer = found.readableBefore?.find((each) => each.agencyId === agencyId);
      if (pointer !== undefined) return pointer.seq;
      checkCommandBudget();
      found = await this.store.entry(entry.caseId, found.seq - 1);
      if (found?.audience.includes(agencyId) === true) return found.seq;
    }
    return 0;
  }

  /**
   * The seq of the first entry `agencyId` may read, up to `previous` and the entry after it (whose `audience` is
   * given), 0 when none: `previous`'s `firstReadable`, or, behind entries recorded before those were kept, a walk from
   * the first entry (once a case: the entries after carry it).
   */
  private async firstReadableSeq(agencyId: string, previous: CaseEvent, audience: readonly string[]): Promise<number> {
    const known = previous.firstReadable?.find((each) => each.agencyId === agencyId)?.seq;
    if (known !== undefined) return known;
    if (previous.firstReadable === undefined) {
      for (const entry of await this.store.entries(previous.caseId, 1, previous.seq)) if (entry.audience.includes(agencyId)) return entry.seq;
    }
    return audience.includes(agencyId) ? previous.seq + 1 : 0;
  }

  /** `entry`'s `recent` for an entry recorded before those were kept: from every entry up to it (once a case). */
  private async recentByWalk(entry: CaseEvent): Promise<RecentSteps> {
    let previous: { entry: CaseEvent; recent: RecentSteps } | undefined;
    for (const each of await this.store.entries(entry.caseId, 1, entry.seq)) previous = { entry: each, recent: recentAfter(previous, each) };
    return previous?.recent ?? recentAfter(undefined, entry);
  }

  /**
   * When the case began for `viewer`: its first entry they may read (for the counterpart, not the other side's
   * drafting), found by `firstReadable` of the case's head as they are told it, in one lookup.
   */
  async createdAt(viewer: Viewer, state: CaseState): Promise<Date> {
    const head = await this.visibleHead(viewer, state);
    const first = seesEverything(viewer) ? 1 : (head.firstReadable?.find((each) => each.agencyId === viewer.agencyId)?.seq ?? 0);
    if (first === 0) {
      // A head recorded before `firstReadable` was kept: the first entry the viewer may read, a batch at a time.
      for (const entry of await this.store.entries(state.id, 1, head.seq)) if (canReadEntry(viewer, entry)) return entry.at;
      return head.at;
    }
    return first === head.seq ? head.at : ((await this.store.entry(state.id, first))?.at ?? head.at);
  }

  /**
   * The head of the case as `viewer` is told it: the newest entry they may read. The other side's internal entries
   * are not counted in the length, hash and time of the case they are shown, nor in the `expectedVersion` they send:
   * were they, watching the case would tell when each was made.
   */
  async visibleHead(viewer: Viewer, state: CaseState): Promise<CaseEvent> {
    return (await this.readableFrom(viewer, state.head)) ?? state.head;
  }

  /**
   * The case as `viewer` is told it: restored from the newest entry they may read (`visibleHead`). Past it come only
   * the other side's internal entries, whose state, parties awaited and deadlines are that side's alone. What the
   * viewer may do is still decided on the case as it stands (`availableActions`).
   */
  async shownTo(viewer: Viewer, state: CaseState): Promise<CaseState> {
    const head = await this.visibleHead(viewer, state);
    return head.seq === state.head.seq ? state : restore(head);
  }

  /** The case as the viewer may see it; NOT_FOUND when it does not exist or must stay invisible to them. */
  async read(viewer: Viewer, caseId: string): Promise<CaseState> {
    const head = /^[0-9a-f-]{36}$/.test(caseId) ? await this.latest(caseId) : undefined;
    if (head === undefined) throw caseNotFound();
    const state = restore(head);
    if (!canSee(viewer, state)) throw caseNotFound();
    return state;
  }

  /** Whether the case exists and `viewer` may see it (`read` does not answer NOT_FOUND). */
  async visible(viewer: Viewer, caseId: string): Promise<boolean> {
    return this.read(viewer, caseId).then(
      () => true,
      (error: unknown) => {
        if (error instanceof AppError && error.code === 'NOT_FOUND') return false;
        throw error;
      },
    );
  }

  /**
   * The newest entry of a case, undefined when it has none: its projection and a probe for each next entry, all
   * by `_id`. A projection found behind its history is rolled forward on the way.
   */
  async latest(caseId: string, summary?: CaseSummary): Promise<CaseEvent | undefined> {
    const found = await this.store.head(caseId, summary);
    if (found === undefined) return undefined;
    if (found.unprojected.length > 0) await this.project(found.head, found.unprojected);
    return found.head;
  }

  /**
   * After `committed` entries (oldest first, `head` the newest): records their idempotency keys, then writes the
   * projection — in that order, so that a projection that is current means every record is written. A slower writer
   * of an older head may write after us; when an entry beyond `head` exists, the projection is written again from it.
   */
  private async project(head: CaseEvent, committed: readonly CaseEvent[]): Promise<void> {
    await this.store.recordIdempotency(committed.filter((entry) => !entry.idempotencyKey.startsWith('auto:')));
    const state = restore(head);
    const summary = this.summary(state);
    await Promise.all([this.store.writeSummary(summary), this.store.writeActive(summary, state.snapshot.status === 'active')]);
    if ((await this.store.entry(head.caseId, head.seq + 1)) === undefined) return;
    // A newer entry's writer may have written before us: both lists are written again from the newest entry, whatever
    // `cases` says now (a write of ours to `activeCases` may have landed after its writer's).
    const found = await this.store.head(head.caseId);
    if (found !== undefined) await this.project(found.head, found.unprojected);
  }

  /** What the viewer may do now (`availableActions`). */
  availableActions(viewer: Viewer, state: CaseState): string[] {
    return availableActions(viewer, state, this.now());
  }

  /** Of what the viewer may do, what the case waits for from them now (`dueActions`). */
  dueActions(viewer: Viewer, state: CaseState): string[] {
    return dueActions(viewer, state, this.now());
  }

  /** Whom the case waits for now (`waitingFor`). */
  waitingFor(state: CaseState): WaitingParty[] {
    return waitingFor(state, this.now());
  }

  /** Starts a case; `prepare` stores its first document version and answers the machine's input. */
  async create(
    viewer: Viewer,
    workflow: Workflow,
    command: Pick<Command, 'idempotencyKey' | 'requestHash'>,
    prepare: () => Promise<{ input: Record<string, unknown> & { caseId: string }; payload: Record<string, Json> }>,
  ): Promise<CaseState> {
    const key = this.scopedKey(viewer, command.idempotencyKey);
    const replay = await this.replay(viewer, key, command.requestHash);
    if (replay !== undefined) return replay;

    const { input, payload } = await prepare();
    const [snapshot] = initialTransition(workflow.machine, input);
    const event = await this.entry(
      {
        caseId: input.caseId,
        seq: 1,
        caseType: workflow.type,
        type: 'CREATE',
        fromState: null,
        toState: topState(snapshot),
        actor: recorded(viewer),
        at: this.now(),
        payload,
        audience:
          workflow.sharedVersion(snapshot.context) === null
            ? [workflow.parties(snapshot.context).initiator.agencyId]
            : Object.values(workflow.parties(snapshot.context)).map((party) => party.agencyId),
        idempotencyKey: key,
        requestHash: command.requestHash,
        workflow: workflow.key,
        definitionHash: definitionHash(workflow),
        snapshot: persist(snapshot),
        prevHash: genesisHash,
      },
      undefined,
      Object.values(workflow.parties(snapshot.context)),
    );
    // The feed slot goes first, then the summary: a crash before the entry leaves a slot, and the repair removes both.
    const position = await this.store.feed.claim(event);
    await this.store.insertSummary({ ...this.summary(restore(event)), head: undefined, seq: 0, createdAt: event.at });
    return this.commit(viewer, event, position, key, command.requestHash);
  }

  async act(viewer: Viewer, caseId: string, command: Command, prepare?: Prepare): Promise<CaseState> {
    return this.actAs({ viewer, actor: actorOf(viewer), recorded: recorded(viewer) }, caseId, command, prepare);
  }

  /**
   * Fires every deadline that has come: the system sends the event the workflow names, keyed by case, kind and
   * due time, so that of several servers (or a retry after a crash) exactly one firing is recorded. Answers how
   * many deadlines it found due.
   */
  async fireDueDeadlines(limit = 100): Promise<number> {
    const now = this.now();
    let due = 0;
    for (const summary of await this.store.dueSummaries(now, limit)) {
      const head = await this.latest(summary.id, summary);
      if (head === undefined) continue;
      const current = restore(head);
      for (const deadline of current.workflow.deadlines(current.context)) {
        if (Date.parse(deadline.dueAt) > now.getTime()) continue;
        due += 1;
        const key = `deadline:${summary.id}:${deadline.kind}:${deadline.dueAt}`;
        const command: Command = {
          type: deadline.fires.type,
          input: { reason: deadline.fires.reason },
          fields: deadline.fires.fields,
          idempotencyKey: key,
          requestHash: key,
        };
        await this.actAs(system, summary.id, command).catch((error: unknown) => {
          // Another server fired it, or the case moved on meanwhile: either way nothing is left to do here.
          if (!(error instanceof AppError)) throw error;
        });
      }
    }
    return due;
  }

  private async actAs(who: Caller, caseId: string, command: Command, prepare?: Prepare): Promise<CaseState> {
    const { viewer } = who;
    const key = this.scopedKey(viewer, command.idempotencyKey);
    const replay = await this.replay(viewer, key, command.requestHash);
    if (replay !== undefined) return replay;
    try {
      return await this.decide(who, caseId, command, key, prepare);
    } catch (error) {
      // A retry racing its original sees the case already moved on by that very request: answer as the original.
      if (!(error instanceof AppError)) throw error;
      const original = await this.replay(viewer, key, command.requestHash);
      if (original === undefined) throw error;
      return original;
    }
  }

  private async decide(
    { viewer, actor, recorded: recordedActor }: Caller,
    caseId: string,
    command: Command,
    key: string,
    prepare: Prepare | undefined,
  ): Promise<CaseState> {
    const state = await this.read(viewer, caseId);
    if (command.expectedVersion != null && checkWholeNumber('expectedVersion', command.expectedVersion, 1) !== (await this.visibleHead(viewer, state)).seq)
      throw versionConflict();
    const fields: Record<string, Json> = { ...(command.input.resolution == null ? {} : { resolution: command.input.resolution }), ...command.fields };
    await this.authorise(viewer, state, command.type, actor, fields);
    const checked = { ...eventPayload(command.type, state.workflow.events[command.type], command.input), ...command.fields };

    const payload = { ...checked, ...(prepare === undefined ? {} : await prepare(state, actor)) };
    const at = this.commitTime(state.head);
    const machineEvent = { ...payload, type: command.type, actor, at: at.toISOString(), head: state.head.hash, seq: state.head.seq + 1 };
    const [next] = transition(state.workflow.machine, state.snapshot, machineEvent as never);
    if (next === state.snapshot || !state.snapshot.can(machineEvent))
      throw refusal(await this.shownTo(viewer, state), command.type, checked, this.now(), actor);

    const fromState = state.state;
    const toState = topState(next);
    const event = await this.entry(
      {
        caseId: state.id,
        seq: state.head.seq + 1,
        caseType: state.workflow.type,
        type: command.type,
        fromState,
        toState,
        actor: recordedActor,
        at,
        payload,
        audience: this.audience(state, next, fromState, toState, actor),
        idempotencyKey: key,
        requestHash: command.requestHash,
        workflow: state.workflow.key,
        definitionHash: definitionHash(state.workflow),
        snapshot: persist(next),
        prevHash: state.head.hash,
      },
      state.head,
      Object.values(state.workflow.parties(next.context)),
      // The one thing its actor can do, a step that goes nowhere is the way on (an alignment's first item).
      () => availableActions(viewer, state, this.now()).every((type) => type === command.type),
    );
    const position = await this.store.feed.claim(event);
    return this.commit(viewer, event, position, key, command.requestHash);
  }

  /**
   * Moves a running case onto a newer version of its workflow, by an entry of its own (`MIGRATE`, naming both
   * versions): the joint office's decision, recorded like any other. Only where the case's state exists in the newer
   * version, unchanged — value and context — so that the history replays across the move (verifyCase does).
   * Errors: FORBIDDEN for anyone but a coordinator; BAD_USER_INPUT for an unknown, other-type or not newer version,
   * or a state the newer version lacks; INVALID_TRANSITION for a case that has ended.
   */
  async migrate(
    viewer: Viewer,
    caseId: string,
    toKey: string,
    command: Pick<Command, 'input' | 'expectedVersion' | 'idempotencyKey' | 'requestHash'>,
  ): Promise<CaseState> {
    if (!isCoordinator(viewer)) throw forbidden('仅联合办公室协调人可迁移案件', 'Only the joint office’s coordinators move cases onto another version');
    const key = this.scopedKey(viewer, command.idempotencyKey);
    const replay = await this.replay(viewer, key, command.requestHash);
    if (replay !== undefined) return replay;
    const state = await this.read(viewer, caseId);
    if (command.expectedVersion != null && command.expectedVersion !== state.head.seq) throw versionConflict();
    const target = workflows.get(toKey);
    if (target === undefined || target.type !== state.workflow.type || target.version <= state.workflow.version) {
      throw badInput(`须迁移到 ${state.workflow.type} 的更新版本`, `The case can move only onto a newer version of ${state.workflow.type}`, {
        field: 'toWorkflow',
      });
    }
    if (state.snapshot.status !== 'active')
      throw new AppError('INVALID_TRANSITION', { zh: '已结束的案件不能迁移', en: 'A case that has ended is not moved' }, { state: state.state });
    const moved = migratedSnapshot(state, target);
    const at = this.commitTime(state.head);
    const event = await this.entry(
      {
        caseId: state.id,
        seq: state.head.seq + 1,
        caseType: state.workflow.type,
        type: 'MIGRATE',
        fromState: state.state,
        toState: state.state,
        actor: recorded(viewer),
        at,
        payload: { from: state.workflow.key, to: target.key, ...eventPayload('MIGRATE', migrationSpec, command.input) },
        audience: this.audience(state, moved, state.state, state.state, actorOf(viewer)),
        idempotencyKey: key,
        requestHash: command.requestHash,
        workflow: target.key,
        definitionHash: definitionHash(target),
        snapshot: persist(moved),
        prevHash: state.head.hash,
      },
      state.head,
      Object.values(target.parties(moved.context)),
    );
    const position = await this.store.feed.claim(event);
    return this.commit(viewer, event, position, key, command.requestHash);
  }

  /**
   * Refuses an event the machine would not take from this actor: FORBIDDEN if someone else could, else
   * INVALID_TRANSITION. Both, and the state the message names, are judged on the case as `viewer` is told it
   * (`shownTo`): judged on the other side's internal state, the answer would tell it.
   */
  async authorise(viewer: Viewer, state: CaseState, type: string, actor: Actor, payload: Record<string, Json> = {}): Promise<void> {
    if (!can(state, type, actor, payload, this.now())) throw refusal(await this.shownTo(viewer, state), type, payload, this.now(), actor);
  }

  /**
   * Resolves every history feed slot claimed since the last resolved one: a slot whose entry committed has its
   * projection rolled forward if a process died between the two writes; a slot whose seq another entry took (a lost
   * race) is marked void; one still without its entry `claimWaitMs` on (a writer that died before its insert) is
   * no longer waited for, and the summary of a case that never got its first entry is removed. Answers how many projections it rolled forward. The feed's tail is found by `_id`, so a
   * repair reads only the slots claimed since the last one, whatever the size of the history.
   */
  repairProjections(): Promise<number> {
    // One repair at a time in a process: a request arriving meanwhile waits for the one under way. The server's own
    // work, outside the budget of the request that set it off.
    this.repairing ??= outsideCommandBudget(() => this.repair()).finally(() => {
      this.repairing = undefined;
    });
    return this.repairing;
  }

  private async repair(): Promise<number> {
    const feed = this.store.feed;
    const tail = await feed.tail();
    const openIn = (from: number, to: number) =>
      Array.from({ length: Math.max(0, to - from + 1) }, (_, offset) => from + offset).filter((position) => !this.settled.has(position));
    // Every position past the mark settled already (the range is then no longer than the settled set): nothing to do.
    if (tail <= this.resolved || (tail - this.resolved <= this.settled.size && openIn(this.resolved + 1, tail).length === 0)) return 0;
    // Another process may have resolved them already: where the last repair anywhere left off.
    const saved = await feed.state();
    this.settle(saved.resolved);
    let repaired = 0;
    for (let start = this.resolved + 1; start <= tail; start += slotsPerRound) {
      const positions = openIn(start, Math.min(tail, start + slotsPerRound - 1));
      if (positions.length === 0) continue;
      const slots = await feed.slots(positions);
      const outcomes = await Promise.all(slots.map((slot, index) => this.resolveSlot(positions[index] ?? 0, slot)));
      for (const [index, outcome] of outcomes.entries()) {
        if (outcome === 'repaired') repaired += 1;
        if (outcome !== 'in flight') this.settled.add(positions[index] ?? 0);
      }
    }
    const before = this.resolved;
    this.settle(before);
    if (this.resolved - saved.resolved >= resolvedSavedEvery || (this.resolved > before && repaired > 0)) await feed.saveResolved(this.resolved);
    return repaired;
  }

  /** Moves the resolved mark to `at least` and on over every settled position that follows it. */
  private settle(atLeast: number): void {
    this.resolved = Math.max(this.resolved, atLeast);
    for (const position of this.settled) if (position <= this.resolved) this.settled.delete(position);
    while (this.settled.delete(this.resolved + 1)) this.resolved += 1;
  }

  private async resolveSlot(position: number, slot: FeedSlot | undefined): Promise<'resolved' | 'repaired' | 'in flight'> {
    if (slot === undefined) return 'in flight';
    if (slot.void === true) {
      // A case whose first entry lost its race (a create retried under one idempotency key) never got it.
      if (slot.seq === 1) await this.store.deleteSummary(slot.caseId);
      return 'resolved';
    }
    const [committed, summary] = await Promise.all([this.store.committed(slot.caseId, slot.seq), this.store.summary(slot.caseId)]);
    if (holdsSlot(slot, committed)) {
      this.openSince.delete(position);
      if ((summary?.seq ?? 0) >= slot.seq) return 'resolved';
      const found = await this.store.head(slot.caseId, summary);
      if (found !== undefined && found.unprojected.length > 0) await this.project(found.head, found.unprojected);
      return 'repaired';
    }
    if (committed !== undefined) {
      // Another entry (or another writer's identical one) took the seq: this slot's writer lost its race, and no
      // entry will ever match it.
      this.openSince.delete(position);
      await this.store.feed.markVoid(position);
      return 'resolved';
    }
    // No entry yet: its writer is still at work, or died. A slot is never voided for its age (a slow writer may yet
    // commit, and a search would then find the entry): once stale, the repair just stops waiting for it. Stale is
    // judged by this process's clock alone, from when it first saw the slot open (the writer's clock may differ).
    const now = this.now().getTime();
    const seen = this.openSince.get(position) ?? now;
    if (now - seen <= claimWaitMs) {
      this.openSince.set(position, seen);
      return 'in flight';
    }
    this.openSince.delete(position);
    if (slot.seq === 1) await this.store.deleteSummary(slot.caseId);
    return 'resolved';
  }

  /**
   * Starts the history feed on a database written before it existed: every entry there gets its slot, in time order
   * (`HistoryFeed.backfill`). Once per database; servers starting together write the same slots.
   */
  async startFeed(): Promise<number> {
    const feed = this.store.feed;
    const { started } = await feed.state();
    if (started) return 0;
    const times = await this.store.entryTimes();
    await feed.backfill(times, this.store.everyEntry());
    await feed.saveResolved(times.length);
    return times.length;
  }

  /**
   * Derives again every projection derived by older rules (written by an earlier version of the server), from its
   * newest event, and indexes its whole history for search; answers how many. Idempotent, and safe with several
   * servers starting at once: each derives the same projection from the same event. The history is never touched.
   */
  async upgradeProjections(): Promise<number> {
    let upgraded = 0;
    for (const summary of await this.store.summariesDerivedBefore(projectionRules)) {
      const found = await this.store.head(summary.id, summary);
      if (found === undefined) continue;
      await this.store.retireFields(summary.id);
      await this.project(found.head, found.unprojected);
      upgraded += 1;
    }
    return upgraded;
  }

  /**
   * Cases waiting for the viewer. Candidates come from the projection; each is checked against its newest
   * event and the machine, and a lagging projection is rolled forward on the way.
   */
  async inbox(viewer: Viewer, after: InboxCursor | undefined, first: number): Promise<{ items: CaseState[]; next?: InboxCursor }> {
    await this.repairProjections();
    const keys = viewer.roles.map((role) => inboxKey(viewer.region, viewer.agencyId, role));
    const items: CaseState[] = [];
    let cursor = after;
    for (;;) {
      checkCommandBudget();
      const batch = await this.store.awaiting(keys, cursor, first);
      const heads = await Promise.all(batch.map((summary) => this.latest(summary.id, summary)));
      for (const [index, summary] of batch.entries()) {
        cursor = { updatedAt: summary.updatedAt, id: summary.id };
        const head = heads[index];
        if (head === undefined) continue;
        const state = restore(head);
        if (this.dueActions(viewer, state).length > 0) items.push(state);
        if (items.length === first) return { items, next: cursor };
      }
      if (batch.length < first) return { items };
    }
  }

  /**
   * Inserts `event`, which claimed feed slot `position`, and projects it. A writer that lost its race marks its slot
   * void; one that dies leaves it to the repair.
   */
  private async commit(viewer: Viewer, event: CaseEvent, position: number, key: string, requestHash: string): Promise<CaseState> {
    try {
      await this.store.appendEvent(event, position);
    } catch (error) {
      if (!(error instanceof DuplicateError)) throw error;
      const committed = await this.store.committed(event.caseId, event.seq);
      // Our own insert, answered as taken (the driver sent it again), is no loss: the slot is then ours. The same
      // request sent twice at once commits one byte-identical entry, under the other writer's slot: ours is void.
      const sameEntry = committed?.entry.hash === event.hash;
      if (sameEntry && !holdsSlot({ hash: event.hash, position }, committed)) await this.store.feed.markVoid(position);
      if (!sameEntry) {
        // Either our own retry got there first (same idempotency key), or another writer took this seq.
        const [replay] = await Promise.all([
          this.replay(viewer, key, requestHash, event),
          this.store.feed.markVoid(position),
          // A case whose first entry lost: its projection, made just before, goes too.
          event.seq === 1 ? this.store.deleteSummary(event.caseId) : undefined,
        ]);
        if (replay !== undefined) return replay;
        throw versionConflict();
      }
    }
    await this.project(event, [event]);
    return restore(event);
  }

  /** The case as the request committed under `key` left it, when one did; BAD_USER_INPUT for another request under it. */
  private async replay(viewer: Viewer, key: string, requestHash: string, lost?: CaseEvent): Promise<CaseState | undefined> {
    if (key.startsWith('auto:')) return undefined;
    const previous = await this.committedUnder(key, lost);
    if (previous === undefined) return undefined;
    if (previous.requestHash !== requestHash) throw reusedKey();
    // The first result: the case as the entry committed under the key left it, however far it has moved on since.
    const current = await this.read(viewer, previous.caseId);
    const committed = previous.seq === current.head.seq ? undefined : await this.store.entry(previous.caseId, previous.seq);
    return committed === undefined ? current : restore(committed);
  }

  /**
   * Where the request under `key` committed: its record, by `_id`. After our insert of `lost` failed, also the entry
   * that took its place when that is ours (a retry racing its original); when no entry took it, the key itself
   * collided before its record was written (or its writer died in between): the entries' own unique index finds it.
   */
  private async committedUnder(key: string, lost: CaseEvent | undefined): Promise<{ caseId: string; seq: number; requestHash: string } | undefined> {
    const record = await this.store.idempotencyRecord(key);
    if (record !== undefined || lost === undefined) return record;
    const winner = await this.store.entry(lost.caseId, lost.seq);
    if (winner !== undefined) return winner.idempotencyKey === key ? winner : undefined;
    // The key collided with an entry of another case: a create sent twice at once. Its writer records the key by
    // `_id` straight after its entry, and the repair does for a writer that died in between; only a key committed
    // before those records existed is left to the scan of the entries' own unique index. A storm of resends waiting
    // on that scan had every server's database busy for minutes.
    for (const settle of [() => setTimeout(recordWaitMs), () => this.repairProjections()]) {
      await settle();
      const settled = await this.store.idempotencyRecord(key);
      if (settled !== undefined) return settled;
    }
    return this.store.eventByIdempotencyKey(key);
  }

  private scopedKey(viewer: Viewer, key: string | null | undefined): string {
    if (key == null) return `auto:${randomUUID()}`;
    if (!/^[A-Za-z0-9._:-]{8,128}$/.test(key)) {
      throw badInput('幂等键须为 8–128 个字母、数字或 ._:-', 'Idempotency keys are 8–128 letters, digits or ._:-', { field: 'idempotencyKey' });
    }
    return `${viewer.userId}:${key}`;
  }

  /**
   * When the next entry after `head` is recorded: now, or the head's own time if this server's clock is behind the
   * one that wrote it. A case's entries are so in time order along its chain, which `caseAsOf` relies on to find
   * the entry of a moment by bisection (CaseStore.entryAt), whatever the clocks of the servers that wrote them.
   */
  private commitTime(head: CaseEvent): Date {
    const now = this.now();
    return now.getTime() < head.at.getTime() ? head.at : now;
  }

  /**
   * Who may read an entry, from the machine's state meta: `internalTo: 'initiator'` keeps entries between such
   * states with the initiating agency, `internalTo: 'actor'` with the acting side (each city drafting its own
   * section); otherwise both sides read it once the counterpart has the case.
   */
  private audience(state: CaseState, next: AnyMachineSnapshot, fromState: string, toState: string, actor: Actor): string[] {
    const { initiator, counterpart } = state.workflow.parties(state.context);
    const [from, to] = [internalTo(state.workflow, fromState), internalTo(state.workflow, toState)];
    if (from === 'actor' && to === 'actor' && actor.kind === 'user') return [actor.agencyId];
    if (from === 'initiator' && to === 'initiator') return [initiator.agencyId];
    return state.workflow.sharedVersion(next.context) === null ? [initiator.agencyId] : [initiator.agencyId, counterpart.agencyId];
  }

  /**
   * The entry, with its pointers (`readableBefore` for each party agency it hides from, `firstReadable`, `recent`;
   * `previous` is the entry before it) and its hash: the hash chain, each entry's hash covering its canonical JSON,
   * the previous entry's hash included. Errors: BAD_USER_INPUT past `maxUnshared` (see the constructor).
   */
  private async entry(
    fields: Omit<CaseEvent, 'hash' | 'readableBefore' | 'firstReadable' | 'recent'>,
    previous: CaseEvent | undefined,
    parties: readonly Party[],
    onlyWayOn: () => boolean = () => true,
  ): Promise<CaseEvent> {
    const agencies = [...new Set(parties.map((party) => party.agencyId))];
    const hidden = agencies.filter((agencyId) => !fields.audience.includes(agencyId));
    const readableBefore = await Promise.all(
      hidden.map(async (agencyId) => ({
        agencyId,
        seq: previous === undefined ? 0 : previous.audience.includes(agencyId) ? previous.seq : await this.readableSeqBefore(agencyId, previous),
      })),
    );
    // The other side reads past such a run only a page at a time (history) or not at all (its view of the case stands
    // before it), but an auditor's verifyCase and bundle read all of it: one side alone may not grow it without bound
    // by a step that leaves the machine where it was (an item added and removed, an edit). A step that moves the case
    // on is never refused, nor one that is all its actor can do (`onlyWayOn`), so that no case is held where it stands.
    const unshared = Math.max(0, ...readableBefore.map(({ seq }) => fields.seq - seq));
    const stays = () => previous !== undefined && canonicalHash(fields.snapshot.value) === canonicalHash(previous.snapshot.value);
    // Asked in this order, only a step past the limit costs the machine's judgement of what else its actor may do.
    if (fields.actor.kind === 'user' && unshared > this.maxUnshared && stays() && !onlyWayOn()) {
      throw badInput(
        `案件已有 ${this.maxUnshared} 条对方不可见的连续记录：请先提交给对方`,
        `The case already holds ${this.maxUnshared} entries in a row the other side cannot read: hand it over before going on`,
        { limit: 'unsharedEntries', maxUnsharedEntries: this.maxUnshared },
      );
    }
    const firstReadable = (
      await Promise.all(
        agencies.map(async (agencyId) => ({
          agencyId,
          seq:
            fields.audience.includes(agencyId) && fields.seq === 1
              ? 1
              : previous === undefined
                ? 0
                : await this.firstReadableSeq(agencyId, previous, fields.audience),
        })),
      )
    ).filter(({ seq }) => seq > 0);
    const recent = recentAfter(
      previous === undefined ? undefined : { entry: previous, recent: previous.recent ?? (await this.recentByWalk(previous)) },
      fields,
    );
    const body = { ...fields, ...(readableBefore.length === 0 ? {} : { readableBefore }), firstReadable, recent };
    return { ...body, hash: entryHash(body) };
  }

  summary(state: CaseState): ProjectedSummary {
    const { initiator, counterpart }: { initiator: Party; counterpart: Party } = state.workflow.parties(state.context);
    const version: VersionRef = state.workflow.currentVersion(state.context);
    return {
      id: state.id,
      type: state.workflow.type,
      workflow: state.workflow.key,
      title: version.title,
      state: state.state,
      seq: state.head.seq,
      headHash: state.head.hash,
      initiator,
      counterpart,
      awaiting: awaiting(state, this.now()),
      updatedAt: state.head.at,
      nextDueAt: nextDue(state),
      head: state.head,
      rules: projectionRules,
    };
  }
}
