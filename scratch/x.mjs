import { setup, assign, transition, initialTransition } from 'xstate';
const m = setup({ guards: { isDrafter: ({ event }) => event.actor?.roles.includes('DRAFTER') } }).createMachine({
  id: 'p', context: ({ input }) => ({ n: 0, ...input }), initial: 'a',
  states: { a: { on: { GO: { target: 'b', guard: 'isDrafter', actions: assign({ n: ({ context }) => context.n + 1 }) } } }, b: { type: 'parallel', states: { x: { initial: 'w', states: { w: { on: { S1: 'd' } }, d: { type: 'final' } } }, y: { initial: 'w', states: { w: { on: { S2: 'd' } }, d: { type: 'final' } } } }, onDone: 'c' }, c: { type: 'final' } },
});
const [s0] = initialTransition(m, { k: 1 });
console.log(s0.value, s0.context, s0.can({ type: 'GO', actor: { roles: ['DRAFTER'] } }), s0.can({ type: 'GO', actor: { roles: [] } }));
const [s1] = transition(m, s0, { type: 'GO', actor: { roles: ['DRAFTER'] } });
const persisted = m.getPersistedSnapshot(s1);
console.log(JSON.stringify(persisted));
const restored = m.resolveState({ value: persisted.value, context: persisted.context });
console.log(restored.value, restored.can({ type: 'S1' }), restored.status);
const [s2] = transition(m, restored, { type: 'S1' });
const [s3] = transition(m, s2, { type: 'S2' });
console.log(s3.value, s3.status);
const [s4] = transition(m, s0, { type: 'NOPE' });
console.log('unknown', s4 === s0, s4.value);
console.log(JSON.stringify(m.definition.states.a.on).slice(0, 300));
console.log(Object.keys(m.definition));
