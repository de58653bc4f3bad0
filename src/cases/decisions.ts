import type { AnyEventObject } from 'xstate';
import { anyUser } from '../../workflows/registry.js';
import type { Actor, AwaitedProbe, Region, Role } from '../../workflows/types.js';
import type { Json } from '../crypto/canonical-json.js';
import type { Viewer } from '../directory/model.js';
import { AppError, forbidden } from '../errors.js';
import type { CaseState } from './case-state.js';
import { canSee } from './visibility.js';

/*
 * The case core's decisions, for every workflow alike: what a caller may do, whom a case waits for, which inboxes
 * hold it and why an action is refused — each asked of the case's machine at a given time, with stand-in events.
 * Pure: no database, no clock (the time is an argument).
 */

/** The machine's actor for a signed-in user. */
export function actorOf(viewer: Viewer): Actor {
  return { kind: 'user', userId: viewer.userId, agencyId: viewer.agencyId, region: viewer.region, roles: [...viewer.roles] };
}

/** The inbox key of an agency's role (`agencyId:ROLE`); the joint office has one per role (`JOINT:COORDINATOR`). */
export const inboxKey = (region: string, agencyId: string, role: string): string => `${region === 'JOINT' ? 'JOINT' : agencyId}:${role}`;

/** Stand-ins for what a real event carries, so the machine can be asked whether someone *could* send it. */
function probes(state: CaseState, type: string, actor: Actor, payload: Record<string, Json>, at: Date): AnyEventObject[] {
  const spec = state.workflow.events[type];
  const version = state.workflow.currentVersion(state.context);
  const base = {
    comment: 'probe',
    reason: 'probe',
    version: { ...version, id: 'probe', number: version.number + 1 },
    signature: { id: 'probe', versionId: version.id },
    type,
    actor,
    at: at.toISOString(),
    head: state.head.hash,
    seq: state.head.seq + 1,
  };
  // Without the caller's own fields, ask with every variant the workflow names (each pair's topic, say).
  const variants: Record<string, unknown>[] = Object.keys(payload).length > 0 ? [payload] : (state.workflow.probeFields?.(type, state.context) ?? [{}]);
  const resolutions = payload.resolution === undefined ? (spec?.resolution ?? []) : [];
  return variants.flatMap((fields) =>
    resolutions.length === 0 ? [{ ...base, ...fields }] : resolutions.map((resolution) => ({ ...base, ...fields, resolution })),
  );
}

/** Whether the machine would take `type` from `actor` at `at` (time-bound guards, such as deadlines, ask the time). */
export const can = (state: CaseState, type: string, actor: Actor, payload: Record<string, Json>, at: Date): boolean =>
  probes(state, type, actor, payload, at).some((event) => state.snapshot.can(event));

/** Whether `type` from `actor` is due now: the machine would take it, and the workflow says the case waits for it. */
function due(state: CaseState, type: string, actor: Actor, at: Date): boolean {
  const awaited = state.workflow.events[type]?.awaited ?? false;
  if (awaited === false) return false;
  return probes(state, type, actor, {}, at).some(
    (event) => state.snapshot.can(event) && (awaited === true || awaited(state.context, event as unknown as AwaitedProbe)),
  );
}

/**
 * A party the case waits for: an agency's role (the joint office's coordinators have no one agency), and the users
 * by id where the case names them (a signing quorum of named signatories); `actions` are those due from it.
 */
export interface WaitingParty {
  region: Region;
  agencyId: string | null;
  role: Role;
  userIds: string[];
  actions: string[];
}

/** What the viewer may do now, straight from the machine's guards. */
export function availableActions(viewer: Viewer, state: CaseState, at: Date): string[] {
  if (!canSee(viewer, state)) return [];
  return Object.keys(state.workflow.events).filter((type) => can(state, type, actorOf(viewer), {}, at));
}

/** Of what the viewer may do, what the case waits for from them now (what puts it in their inbox). */
export function dueActions(viewer: Viewer, state: CaseState, at: Date): string[] {
  if (!canSee(viewer, state)) return [];
  return Object.keys(state.workflow.events).filter((type) => due(state, type, actorOf(viewer), at));
}

/**
 * Whom the case waits for: every party whose action is due now, asked of the machine with a representative of
 * each side and role (and each user a quorum names). Empty only when nothing can be due: in a final state.
 */
export function waitingFor(state: CaseState, at: Date): WaitingParty[] {
  const parties = new Map<string, WaitingParty & { anyone: boolean }>();
  for (const actor of state.workflow.probeActors(state.context)) {
    if (actor.kind !== 'user') continue;
    const actions = Object.keys(state.workflow.events).filter((type) => due(state, type, actor, at));
    if (actions.length === 0) continue;
    for (const role of actor.roles) {
      const agencyId = actor.agencyId === anyUser ? null : actor.agencyId;
      const key = `${actor.region}|${agencyId ?? ''}|${role}`;
      const party = parties.get(key) ?? { region: actor.region, agencyId, role, userIds: [], actions: [], anyone: false };
      if (actor.userId === anyUser) party.anyone = true;
      else party.userIds.push(actor.userId);
      party.actions = [...new Set([...party.actions, ...actions])].sort();
      parties.set(key, party);
    }
  }
  return [...parties.values()].map(({ anyone, ...party }) => ({ ...party, userIds: anyone ? [] : party.userIds.sort() }));
}

/** Who the case waits for, as inbox keys (`agencyId:ROLE`, `JOINT:COORDINATOR`): the candidates of every inbox. */
export function awaiting(state: CaseState, at: Date): string[] {
  return [...new Set(waitingFor(state, at).map((party) => inboxKey(party.region, party.agencyId ?? anyUser, party.role)))].sort();
}

/**
 * Why `actor` may not take `type` on the case as `state` stands: FORBIDDEN (reason ALREADY_SIGNED for a signatory who
 * signed in this round) when someone, or time, could take it now; INVALID_TRANSITION when nobody could.
 */
export function refusal(state: CaseState, type: string, payload: Record<string, Json>, at: Date, actor?: Actor): AppError {
  if (actor?.kind === 'user' && state.workflow.events[type]?.signature === true && state.workflow.signedBy(state.context).includes(actor.userId)) {
    return forbidden('您已在本轮签署，无需再次签署', 'You have already signed in this round', { action: type, state: state.state, reason: 'ALREADY_SIGNED' });
  }
  const someoneCould = state.workflow.probeActors(state.context).some((probe) => can(state, type, probe, payload, at));
  const systemCould = can(state, type, { kind: 'system' }, payload, at);
  if (someoneCould || systemCould) {
    return forbidden('您无权在此阶段执行该操作', 'You may not take this action on the case now', { action: type, state: state.state });
  }
  return new AppError(
    'INVALID_TRANSITION',
    { zh: `案件当前状态（${state.state}）不接受操作 ${type}`, en: `The case in state ${state.state} does not accept ${type}` },
    { action: type, state: state.state },
  );
}
