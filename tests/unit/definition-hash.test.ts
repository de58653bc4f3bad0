import { describe, expect, it } from 'vitest';
import { and, createMachine, not, or, type AnyStateMachine } from 'xstate';
import { workflows } from '../../workflows/registry.js';
import { definitionHash } from '../../src/cases/case-state.js';

type Config = Record<string, unknown>;

/** A copy of plain data that keeps functions (XState's `and`/`or` guards) as they are. */
function copy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copy) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copy(item)])) as T;
  return value;
}

/** Every transition object of a machine config, wherever it stands: `on`, `always`, `onDone`. */
function transitionsOf(config: Config, found: Config[] = []): Config[] {
  const take = (value: unknown) => {
    for (const transition of Array.isArray(value) ? value : [value])
      if (transition !== null && typeof transition === 'object') found.push(transition as Config);
  };
  for (const value of Object.values((config.on ?? {}) as Record<string, unknown>)) take(value);
  if (config.always !== undefined) take(config.always);
  if (config.onDone !== undefined) take(config.onDone);
  for (const state of Object.values((config.states ?? {}) as Record<string, Config>)) transitionsOf(state, found);
  return found;
}

const checkOf = (guard: unknown): unknown => (guard as { check?: unknown }).check;
const connectives = [and, or] as const;

/**
 * Every guard of a transition changed one at a time: each part of a composite negated in turn (XState's `and`/`or`
 * carry their parts), and a parameterised guard given other parameters.
 */
function variants(guard: unknown): unknown[] {
  const connective = connectives.find((make) => checkOf(make([])) === checkOf(guard));
  if (connective !== undefined) {
    const parts = (guard as { guards: unknown[] }).guards;
    return parts.flatMap((part, i) => variants(part).map((variant) => connective(parts.map((other, j) => (i === j ? variant : other)) as never)));
  }
  const params = (guard as { params?: Record<string, unknown> }).params;
  return [not(guard as never), ...(params === undefined ? [] : [{ ...(guard as object), params: { ...params, changed: true } }])];
}

let machinesHashed = 0;
/** The hash the engine records for `machine` under the scheme of `key` (a key of its own: hashes are kept per key). */
const hashOf = (machine: AnyStateMachine, key: string): string =>
  definitionHash({ ...workflows.get(key)!, key: `${key}#${String((machinesHashed += 1))}`, machine });

describe('the recorded definition hash covers every rule (from @2)', () => {
  const versions = [...workflows.values()].filter((workflow) => workflow.hashScheme === 'structure');

  it.each(versions.map((workflow) => [workflow.key, workflow] as const))(
    '%s: negating any guard, changing its parameters or dropping an eventless transition moves the hash',
    (key, workflow) => {
      const original = definitionHash(workflow);
      const config = workflow.machine.config as Config;
      const count = transitionsOf(config).length;
      let guarded = 0;
      for (let index = 0; index < count; index += 1) {
        const guard = transitionsOf(config)[index]!.guard;
        if (guard === undefined) continue;
        for (const variant of variants(guard)) {
          guarded += 1;
          const changed = copy(config);
          transitionsOf(changed)[index]!.guard = variant;
          expect(hashOf(createMachine(changed as never), key), `guard of transition ${String(index)} changed`).not.toBe(original);
        }
      }
      expect(guarded).toBeGreaterThan(5);
      const eventless = JSON.stringify(config).includes('"always"');
      if (eventless) {
        const without = copy(config);
        const strip = (state: Config) => {
          delete state.always;
          for (const child of Object.values((state.states ?? {}) as Record<string, Config>)) strip(child);
        };
        strip(without);
        expect(hashOf(createMachine(without as never), key)).not.toBe(original);
      }
      // Written another way — the same rules — the hash stays.
      expect(hashOf(createMachine(copy(config) as never), key)).toBe(original);
    },
  );
});
