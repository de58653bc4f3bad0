import { and, not, or, type AnyStateMachine, type AnyStateNode, type AnyTransitionDefinition as AnyTransition } from 'xstate';

/**
 * The rules of a machine as plain data: every state and every transition with its guard and actions, by name
 * and parameters, in a stable order, with no functions. It is what a drawing is made from and what a new version
 * of a machine hashes: two machines written differently (a guard as `'g'` or `{ type: 'g' }`, a target as
 * `'x'`, `['x']` or `'#machine.x'`, parameters in any key order) give the same structure, and any change of a rule
 * (a guard, its parameters, an eventless transition, a target, an action) gives another. What a named guard or
 * action does is its implementation's business: the structure names it, the machine's setup defines it.
 *
 * States are identified by their path from the machine's root, joined with `.` (`signing.initiatorSide`); the
 * root itself is `''`, and its transitions apply in every state.
 */
export interface MachineStructure {
  /** The machine's id (`policyProposal`). */
  machine: string;
  /** Depth first, children in the order the machine defines them (the order XState enters parallel regions in). */
  states: StateStructure[];
  /** By source state in the order of `states`; within a state see {@link TransitionStructure.trigger}. */
  transitions: TransitionStructure[];
}

export type StateType = 'atomic' | 'compound' | 'parallel' | 'final';

export interface StateStructure {
  id: string;
  /** null for the root. */
  parent: string | null;
  type: StateType;
  /** The child a compound state enters first; null otherwise (a parallel state enters all its regions). */
  initial: string | null;
  meta: Data | null;
  tags: string[];
  entry: ActionStructure[];
  exit: ActionStructure[];
}

/**
 * What makes a transition run: an event; `always`, an eventless transition the machine takes as soon as its guard
 * holds; or `done`, taken when the source state is done (a compound state reached a final child, every region of a
 * parallel state did).
 */
export type Trigger = { kind: 'event'; event: string } | { kind: 'always' } | { kind: 'done' };

export interface TransitionStructure {
  source: string;
  /**
   * A state's transitions come eventless ones first, then by event name, then the done transition. Transitions
   * with the same trigger keep their order: the first whose guard holds is taken.
   */
  trigger: Trigger;
  /** Empty for a transition that stays in its state (it only runs its actions). */
  targets: string[];
  /** Whether a transition to its own state or a descendant leaves and re-enters the source. */
  reenter: boolean;
  guard: GuardStructure | null;
  actions: ActionStructure[];
}

export type GuardStructure = { kind: 'named'; name: string; params: Data | null } | { kind: 'and' | 'or' | 'not'; guards: GuardStructure[] };

export interface ActionStructure {
  name: string;
  params: Data | null;
}

/** JSON data with object keys in sorted order, so that equal data is equal text. */
export type Data = null | boolean | number | string | Data[] | { [key: string]: Data };

/** A machine uses something the structure cannot describe: hashing it would miss a rule. */
export class UndescribableMachine extends Error {
  constructor(where: string, what: string) {
    super(`${where}: ${what} cannot be described as plain data; name it in the machine's setup`);
    this.name = 'UndescribableMachine';
  }
}

const doneEvent = (node: AnyStateNode) => `xstate.done.state.${node.id}`;
const idOf = (node: AnyStateNode) => node.path.join('.');

function data(value: unknown, where: string): Data {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (Array.isArray(value)) return value.map((item) => data(item, where));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, item]) => [key, data(item, where)]));
  }
  throw new UndescribableMachine(where, `a value that is not plain JSON data (${typeof value})`);
}

const optionalData = (value: unknown, where: string): Data | null => (value === undefined ? null : data(value, where));

// XState's `and`, `or` and `not` make functions that carry their parts and share their connective's `check`.
const checkOf = (guard: unknown): unknown => (guard as { check?: unknown }).check;
const connectives = new Map<unknown, 'and' | 'or' | 'not'>([
  [checkOf(and([])), 'and'],
  [checkOf(or([])), 'or'],
  [checkOf(not('')), 'not'],
]);

/** A guard as a tree: any function but a connective's is an inline guard, which has no name to describe it by. */
function guardOf(guard: unknown, where: string): GuardStructure {
  if (typeof guard === 'string') return { kind: 'named', name: guard, params: null };
  if (typeof guard === 'function') {
    const { guards } = guard as { guards?: unknown };
    const kind = connectives.get(checkOf(guard));
    if (kind === undefined || !Array.isArray(guards)) throw new UndescribableMachine(where, 'an inline guard');
    return { kind, guards: guards.map((part) => guardOf(part, where)) };
  }
  const { type, params } = guard as { type?: unknown; params?: unknown };
  if (typeof type !== 'string') throw new UndescribableMachine(where, 'a guard without a name');
  if (typeof params === 'function') throw new UndescribableMachine(where, `the dynamic parameters of guard ${type}`);
  return { kind: 'named', name: type, params: optionalData(params, where) };
}

function actionOf(action: unknown, where: string): ActionStructure {
  if (typeof action === 'string') return { name: action, params: null };
  const { type, params } = (typeof action === 'object' && action !== null ? action : {}) as { type?: unknown; params?: unknown };
  if (typeof type !== 'string') throw new UndescribableMachine(where, 'an inline action');
  if (typeof params === 'function') throw new UndescribableMachine(where, `the dynamic parameters of action ${type}`);
  return { name: type, params: optionalData(params, where) };
}

const actionsOf = (actions: readonly unknown[], where: string) => actions.map((action) => actionOf(action, where));

function stateOf(node: AnyStateNode): StateStructure {
  const where = `state '${idOf(node)}'`;
  if (node.type === 'history') throw new UndescribableMachine(where, 'a history state');
  if (node.invoke.length > 0) throw new UndescribableMachine(where, 'an invoked actor');
  if (node.after.length > 0) throw new UndescribableMachine(where, 'a delayed transition');
  if (node.output !== undefined) throw new UndescribableMachine(where, 'the output of a final state');
  return {
    id: idOf(node),
    parent: node.parent === undefined ? null : idOf(node.parent),
    type: node.type,
    initial: node.type === 'compound' ? (node.initial.target[0] === undefined ? null : idOf(node.initial.target[0])) : null,
    meta: optionalData(node.meta, where),
    tags: [...node.tags].sort(),
    entry: actionsOf(node.entry, where),
    exit: actionsOf(node.exit, where),
  };
}

function triggerOf(node: AnyStateNode, event: string, where: string): Trigger {
  if (event === doneEvent(node)) return { kind: 'done' };
  if (event.startsWith('xstate.')) throw new UndescribableMachine(where, `the internal event ${event}`);
  return { kind: 'event', event };
}

const rank = (trigger: Trigger) => ({ always: 0, event: 1, done: 2 })[trigger.kind];
const eventName = (trigger: Trigger) => (trigger.kind === 'event' ? trigger.event : '');

function transitionsOf(node: AnyStateNode): TransitionStructure[] {
  const where = `state '${idOf(node)}'`;
  const groups: [Trigger, readonly AnyTransition[]][] = [
    ...[...node.transitions.entries()].map(([event, list]): [Trigger, AnyTransition[]] => [triggerOf(node, event, where), list]),
    ...(node.always === undefined ? [] : [[{ kind: 'always' }, node.always] as [Trigger, AnyTransition[]]]),
  ];
  groups.sort(([a], [b]) => rank(a) - rank(b) || (eventName(a) < eventName(b) ? -1 : eventName(a) > eventName(b) ? 1 : 0));
  return groups.flatMap(([trigger, list]) =>
    list.map((transition) => ({
      source: idOf(node),
      trigger,
      targets: (transition.target ?? []).map(idOf),
      reenter: transition.reenter,
      guard: transition.guard === undefined ? null : guardOf(transition.guard, where),
      actions: actionsOf(transition.actions, where),
    })),
  );
}

/**
 * Reads a machine's rules (see {@link MachineStructure}). Throws {@link UndescribableMachine} for what plain data
 * cannot hold — inline guards and actions, dynamic parameters, invoked actors, delays, history states — rather
 * than describe a machine with a rule missing.
 */
export function machineStructure(machine: AnyStateMachine): MachineStructure {
  const nodes: AnyStateNode[] = [];
  const visit = (node: AnyStateNode) => {
    nodes.push(node);
    Object.values(node.states as Record<string, AnyStateNode>).forEach(visit);
  };
  visit(machine.root);
  return { machine: machine.id, states: nodes.map(stateOf), transitions: nodes.flatMap(transitionsOf) };
}
