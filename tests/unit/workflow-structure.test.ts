import { describe, expect, it } from 'vitest';
import { and, createMachine, not, or, type AnyStateMachine } from 'xstate';
import { definitionView } from '../../src/cases/definitions.js';
import { jointProjectMachine } from '../../workflows/joint-project.js';
import { workflowLabels } from '../../workflows/labels.js';
import { planAlignmentMachine } from '../../workflows/plan-alignment.js';
import { workflows } from '../../workflows/registry.js';
import { machineStructure, UndescribableMachine, type GuardStructure, type MachineStructure } from '../../workflows/structure.js';

const registered = [...workflows.values()];

/**
 * The states a case can be in, starting from the initial state: entering a state enters its ancestors, the
 * initial child of each compound state and every region of each parallel state on the way.
 */
function reachable({ states, transitions }: MachineStructure): Set<string> {
  const byId = new Map(states.map((state) => [state.id, state]));
  const children = (id: string) => states.filter((state) => state.parent === id).map((state) => state.id);
  const seen = new Set<string>();
  const descend = (id: string) => {
    seen.add(id);
    const state = byId.get(id)!;
    if (state.type === 'compound') descend(state.initial!);
    if (state.type === 'parallel') children(id).forEach(descend);
  };
  const enter = (target: string) => {
    const path: string[] = [];
    for (let id: string | null = target; id !== null; id = byId.get(id)!.parent) path.unshift(id);
    path.forEach((id, i) => {
      seen.add(id);
      if (byId.get(id)!.type === 'parallel')
        children(id)
          .filter((child) => child !== path[i + 1])
          .forEach(descend);
    });
    descend(target);
  };
  enter('');
  for (let before = -1; before !== seen.size;) {
    before = seen.size;
    transitions.filter((transition) => seen.has(transition.source)).forEach((transition) => transition.targets.forEach(enter));
  }
  return seen;
}

it('the reachability check enters nested initial states and parallel regions, and nothing else', () => {
  const machine = createMachine({
    id: 'm',
    initial: 'a',
    states: {
      a: { on: { GO: 'p.r1.y' } },
      p: { type: 'parallel', states: { r1: { initial: 'x', states: { x: {}, y: {} } }, r2: { initial: 'u', states: { u: {}, v: {} } } } },
      z: {},
    },
  });
  expect([...reachable(machineStructure(machine))].sort()).toEqual(['', 'a', 'p', 'p.r1', 'p.r1.y', 'p.r2', 'p.r2.u']);
});

const guardNames = (guard: GuardStructure | null): string[] => (guard === null ? [] : guard.kind === 'named' ? [guard.name] : guard.guards.flatMap(guardNames));

describe.each(registered.map((workflow) => [workflow.key, workflow] as const))('the structure of %s', (_, workflow) => {
  const structure = machineStructure(workflow.machine);

  it('reaches every state from the initial state through its transitions', () => {
    expect(structure.states.map((state) => state.id).filter((id) => !reachable(structure).has(id))).toEqual([]);
  });

  it('labels every state and event in both languages and describes every guard', () => {
    const labels = workflowLabels[workflow.type];
    expect(labels, workflow.type).toBeDefined();
    const events = new Set([
      ...Object.keys(workflow.events),
      ...structure.transitions.flatMap(({ trigger }) => (trigger.kind === 'event' ? [trigger.event] : [])),
    ]);
    const guards = new Set(structure.transitions.flatMap((transition) => guardNames(transition.guard)));
    const missing = [
      ...structure.states.filter((state) => state.id !== '' && labels!.states[state.id] === undefined).map((state) => `state ${state.id}`),
      ...[...events].filter((event) => labels!.events[event] === undefined).map((event) => `event ${event}`),
      ...[...guards].filter((guard) => labels!.guards[guard] === undefined).map((guard) => `guard ${guard}`),
    ];
    expect(missing).toEqual([]);
    for (const label of [labels!.title, ...Object.values(labels!.states), ...Object.values(labels!.events), ...Object.values(labels!.guards)]) {
      expect(label.zh).toMatch(/\p{Script=Han}/u);
      expect(label.en).toMatch(/^[\x20-\x7e’–]+$/);
    }
  });

  it('names no event with an internal XState name, in the structure or the definition shown', () => {
    const events = [
      ...structure.transitions.flatMap(({ trigger }) => (trigger.kind === 'event' ? [trigger.event] : [])),
      ...definitionView(workflow).transitions.map((t) => t.event),
    ];
    expect(events.filter((event) => event.startsWith('xstate.'))).toEqual([]);
  });

  it('is plain, deterministic data', () => {
    expect(JSON.parse(JSON.stringify(structure))).toEqual(structure);
    expect(JSON.stringify(machineStructure(workflow.machine))).toBe(JSON.stringify(structure));
  });
});

type Config = Record<string, unknown> & { states: Record<string, Record<string, unknown>> };
const configOf = (machine: AnyStateMachine) => machine.config as Config;
/** A copy of a machine with one state's definition changed; names need no implementations to be described. */
const withState = (machine: AnyStateMachine, key: string, change: (state: Record<string, unknown>) => Record<string, unknown>) => {
  const config = configOf(machine);
  return createMachine({ ...config, states: { ...config.states, [key]: change(config.states[key]!) } } as never);
};

describe('the structure covers every rule', () => {
  const original = JSON.stringify(machineStructure(jointProjectMachine));

  it('changes when a guard parameter changes', () => {
    const copy = withState(jointProjectMachine, 'terminating', (state) => ({
      ...state,
      on: {
        DECLINE_TERMINATION: [
          { guard: and(['isReviewerOrSignatory', { type: 'cameFrom', params: { from: 'inProgress' } }]), target: 'suspended', actions: 'forgetTermination' },
          ...(state.on as { DECLINE_TERMINATION: unknown[] }).DECLINE_TERMINATION.slice(1),
        ],
      },
    }));
    expect(JSON.stringify(machineStructure(copy))).not.toBe(original);
  });

  it('changes when an eventless transition changes: its guard, its target, or its actions', () => {
    const always = (change: Record<string, unknown>) =>
      withState(jointProjectMachine, 'inProgress', (state) => ({ ...state, always: { ...(state.always as Record<string, unknown>), ...change } }));
    for (const copy of [always({ guard: 'inspectionOpen' }), always({ target: 'completed' }), always({ actions: [] })]) {
      expect(JSON.stringify(machineStructure(copy))).not.toBe(original);
    }
    const reconciling = machineStructure(withState(planAlignmentMachine, 'reconciling', (state) => ({ ...state, always: undefined })));
    expect(reconciling.transitions.filter((t) => t.trigger.kind === 'always')).toEqual([]);
    expect(JSON.stringify(reconciling)).not.toBe(JSON.stringify(machineStructure(planAlignmentMachine)));
  });

  it('stays the same when only the way the machine is written changes', () => {
    const written = (state: Record<string, unknown>) =>
      createMachine({
        id: 'm',
        initial: 'a',
        states: { a: { on: { GO: state } }, b: { type: 'final' } },
      });
    const plain = machineStructure(written({ guard: 'g', target: 'b', actions: 'x' }));
    const spelled = machineStructure(written({ guard: { type: 'g' }, target: ['#m.b'], actions: [{ type: 'x' }] }));
    expect(spelled).toEqual(plain);
    const params = (p: Record<string, unknown>) => machineStructure(written({ guard: { type: 'g', params: p }, target: 'b' }));
    expect(params({ side: 'initiator', action: 'SIGN' })).toEqual(params({ action: 'SIGN', side: 'initiator' }));
  });

  it('refuses what plain data cannot hold instead of leaving a rule out', () => {
    const inline = createMachine({ id: 'm', initial: 'a', states: { a: { on: { GO: { guard: () => true, target: 'b' } } }, b: {} } });
    expect(() => machineStructure(inline)).toThrow(UndescribableMachine);
    // A function that merely looks like a connective is an inline guard too.
    const lookalike = Object.assign(
      function and() {
        return true;
      },
      { guards: ['g'] },
    );
    const disguised = createMachine({ id: 'm', initial: 'a', states: { a: { on: { GO: { guard: lookalike, target: 'b' } } }, b: {} } });
    expect(() => machineStructure(disguised)).toThrow(UndescribableMachine);
    expect(
      machineStructure(createMachine({ id: 'm', initial: 'a', states: { a: { on: { GO: { guard: not(or(['g', 'h'])), target: 'b' } } }, b: {} } }))
        .transitions[0]!.guard,
    ).toEqual({
      kind: 'not',
      guards: [
        {
          kind: 'or',
          guards: [
            { kind: 'named', name: 'g', params: null },
            { kind: 'named', name: 'h', params: null },
          ],
        },
      ],
    });
    const delayed = createMachine({ id: 'm', initial: 'a', states: { a: { after: { 1000: 'b' } }, b: {} } });
    expect(() => machineStructure(delayed)).toThrow(UndescribableMachine);
  });
});
