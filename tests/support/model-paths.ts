import { adjacencyMapToArray, getAdjacencyMap, getShortestPaths } from '@xstate/graph';
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import type { Actor } from '../../workflows/types.js';
import type { DemoUser } from './cases.js';
import { userOf } from './model-actors.js';

export interface ModelStep<E> {
  user: DemoUser;
  event: E;
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

export const topOf = (snapshot: AnyMachineSnapshot): string => {
  const value = snapshot.value as string | Record<string, unknown>;
  return typeof value === 'string' ? value : Object.keys(value)[0]!;
};

/**
 * Paths that take every kind of transition of a machine: for each kind of edge (as `kindOf` groups them: what
 * the machine decided, not every context it decided it in), the shortest path to its source and the edge.
 */
export function edgePaths<E extends { type: string; actor: Actor }>(
  machine: AnyStateMachine,
  options: ModelOptions<E>,
  kindOf: (state: AnyMachineSnapshot, event: E, next: AnyMachineSnapshot) => string,
  describe: (step: ModelStep<E>) => string,
): EdgePath<E>[] {
  const shortest = new Map(getShortestPaths(machine, options as never).map((path) => [options.serializeState(path.state as AnyMachineSnapshot), path]));
  const chosen = new Map<string, EdgePath<E>>();
  for (const { state, event, nextState } of adjacencyMapToArray(getAdjacencyMap(machine, options as never))) {
    const [from, e, next] = [state as AnyMachineSnapshot, event as E, nextState as AnyMachineSnapshot];
    const prefix = shortest.get(options.serializeState(from))!;
    const steps = [...prefix.steps.slice(1).map((step) => step.event as E), e].map((step) => ({ user: userOf(step.actor), event: step }));
    const candidate = { name: steps.map(describe).join(' → '), steps, finalState: topOf(next) };
    const kind = kindOf(from, e, next);
    const current = chosen.get(kind);
    if (current === undefined || current.steps.length > steps.length) chosen.set(kind, candidate);
  }
  return [...chosen.values()];
}
