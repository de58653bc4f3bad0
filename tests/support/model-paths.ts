import { adjacencyMapToArray, getAdjacencyMap } from '@xstate/graph';
import { getInitialSnapshot, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { Actor } from '../../workflows/types.js';
import type { DemoUser } from './cases.js';
import { userOf } from './model-actors.js';

export interface ModelStep<E> {
  user: DemoUser;
  event: E;
  /** The machine's top state after the step. */
  toState: string;
}

export interface EdgePath<E> {
  name: string;
  steps: ModelStep<E>[];
  finalState: string;
}

export interface ModelOptions<E> {
  input: unknown;
  events: (snapshot: AnyMachineSnapshot) => E[];
  serializeState: (snapshot: AnyMachineSnapshot) => string;
  serializeEvent: (event: E) => string;
}

/** A workflow's newest machine with the events the demo users could send in each of its snapshots. */
export interface WalkModel<E> extends ModelOptions<E> {
  machine: AnyStateMachine;
}

export const topOf = (snapshot: AnyMachineSnapshot): string => {
  const value = snapshot.value as string | Record<string, unknown>;
  return typeof value === 'string' ? value : Object.keys(value)[0]!;
};

interface Edge<E> {
  from: string;
  to: string;
  event: E;
  kind: string;
}

/** Longest walk: the proposal test reads a case's whole history in one page of 100. */
const maxSteps = 40;

/**
 * Walks that take every kind of transition of a machine (as `kindOf` groups them: what the machine decided, not
 * every context it decided it in) in few steps: each step is a request through the server, and on SQLite the
 * suite sends them one at a time. A walk goes from the initial state to the nearest kind not yet taken, then on
 * to the next nearest (through taken transitions when none leaves the state it is in) while that is no further
 * than starting again; a new walk starts when it is, or when none is left in reach.
 */
export function edgePaths<E extends { type: string; actor: Actor }>(
  machine: AnyStateMachine,
  options: ModelOptions<E>,
  kindOf: (state: AnyMachineSnapshot, event: E, next: AnyMachineSnapshot) => string,
  describe: (step: ModelStep<E>) => string,
): EdgePath<E>[] {
  const leaving = new Map<string, Edge<E>[]>();
  for (const { state, event, nextState } of adjacencyMapToArray(getAdjacencyMap(machine, options as never))) {
    const [from, e, next] = [state as AnyMachineSnapshot, event as E, nextState as AnyMachineSnapshot];
    const edge = { from: options.serializeState(from), to: options.serializeState(next), event: e, kind: kindOf(from, e, next) };
    leaving.set(edge.from, [...(leaving.get(edge.from) ?? []), edge]);
  }
  const untaken = new Set([...leaving.values()].flat().map((edge) => edge.kind));

  /** The fewest transitions from `start` that end with a kind not yet taken (breadth first). */
  const route = (start: string): Edge<E>[] | undefined => {
    const arrivedBy = new Map<string, Edge<E> | undefined>([[start, undefined]]);
    const queue = [start];
    for (const state of queue) {
      const edges = leaving.get(state) ?? [];
      const wanted = edges.find((edge) => untaken.has(edge.kind));
      if (wanted !== undefined) {
        const found = [wanted];
        for (let edge = arrivedBy.get(state); edge !== undefined; edge = arrivedBy.get(edge.from)) found.unshift(edge);
        return found;
      }
      for (const edge of edges) {
        if (arrivedBy.has(edge.to)) continue;
        arrivedBy.set(edge.to, edge);
        queue.push(edge.to);
      }
    }
    return undefined;
  };

  /**
   * The edge taken from the snapshot a walk has actually reached: its state key may stand for many contexts
   * (ids count up as a walk goes on), so the event is made again from that snapshot, and must lead where the
   * edge leads.
   */
  const take = (from: AnyMachineSnapshot, edge: Edge<E>): { event: E; next: AnyMachineSnapshot } | undefined => {
    for (const event of options.events(from)) {
      if (event.type !== edge.event.type || userOf(event.actor) !== userOf(edge.event.actor)) continue;
      const [next] = transition(machine, from, event);
      if (options.serializeState(next) === edge.to) return { event, next };
    }
    return undefined;
  };

  const start = getInitialSnapshot(machine, options.input);
  const initial = options.serializeState(start);
  const walks: EdgePath<E>[] = [];
  while (untaken.size > 0) {
    const before = untaken.size;
    const steps: ModelStep<E>[] = [];
    let at = start;
    let onward = route(initial);
    walking: while (onward !== undefined && steps.length + onward.length <= maxSteps) {
      for (const edge of onward) {
        const taken = take(at, edge);
        if (taken === undefined) break walking;
        untaken.delete(kindOf(at, taken.event, taken.next));
        steps.push({ user: userOf(taken.event.actor), event: taken.event, toState: topOf(taken.next) });
        at = taken.next;
      }
      const afresh = route(initial);
      onward = route(options.serializeState(at));
      if (onward !== undefined && afresh !== undefined && onward.length > afresh.length) break;
    }
    if (untaken.size === before) throw new Error(`${machine.id}: no walk takes ${[...untaken].join(', ')}`);
    walks.push({ name: steps.map(describe).join(' → '), steps, finalState: topOf(at) });
  }
  return walks;
}
