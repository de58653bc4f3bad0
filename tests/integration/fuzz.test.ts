import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { useTestBed } from '../support/bed.js';
import type { DemoUser } from '../support/cases.js';

/**
 * A GraphQL input fuzzer: every mutation, as a drafter and as a reviewer of the cases it names, with random and
 * malformed variables (a seeded generator, so that a failure can be replayed). Whatever arrives, the server answers
 * with a stable code, never an internal error, and a refused request changes nothing.
 */
const schema = buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));

/** mulberry32: small, seeded, good enough to pick inputs. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const nastyStrings = [
  '',
  ' ',
  'x'.repeat(70_000),
  '\u0000\u0007\u001b[31m',
  '{"$gt": ""}',
  '$where',
  'M1',
  'I1',
  'SIGN',
  '2026-02-30',
  '9999-12-31',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '成渝地区双城经济圈',
  '\ud800',
  'CD-ONLINE-GOV',
  'a'.repeat(64),
];

describe('a GraphQL input fuzzer', () => {
  const bed = useTestBed('fuzz');

  /** Every document a request could change, as one string. */
  const everything = async () =>
    JSON.stringify(
      await Promise.all(
        (['events', 'cases', 'versions', 'signatures', 'keys', 'users', 'agencies', 'checkpoints'] as const).map((name) => bed.database[name].countDocuments()),
      ),
    );

  function value(type: GraphQLInputType, next: () => number, caseId: string, depth = 0): unknown {
    const roll = next();
    // Now and then the wrong kind of value altogether, or nothing where something is required.
    if (roll < 0.05) return null;
    if (roll < 0.1) return [{ $ne: null }, 42, true][Math.floor(next() * 3)];
    if (isNonNullType(type)) return value(type.ofType, next, caseId, depth);
    if (isListType(type)) return depth > 3 ? [] : Array.from({ length: Math.floor(next() * 3) }, () => value(type.ofType, next, caseId, depth + 1));
    const named = getNamedType(type);
    if (isEnumType(named)) {
      const values = named.getValues().map((v) => v.name);
      return next() < 0.9 ? values[Math.floor(next() * values.length)] : 'NOT_A_VALUE';
    }
    if (isInputObjectType(named)) {
      if (depth > 3) return {};
      const fields = Object.entries(named.getFields()).filter(() => next() < 0.9);
      const object = Object.fromEntries(
        fields.map(([name, field]) => [name, name === 'caseId' && next() < 0.7 ? caseId : value(field.type, next, caseId, depth + 1)]),
      );
      if (next() < 0.05) object.unexpected = 'field';
      return object;
    }
    if (isScalarType(named)) {
      switch (named.name) {
        case 'Int':
          return [0, -1, 1, 2 ** 31 - 1, 7, 500][Math.floor(next() * 6)];
        case 'Amount':
          return ['0', '-0.5', '1e308', '800.5', 1.005][Math.floor(next() * 5)];
        case 'Boolean':
          return next() < 0.5;
        case 'DateTime':
          return ['2026-11-24T08:00:00.000Z', 'yesterday', '1970-01-01T00:00:00Z'][Math.floor(next() * 3)];
        case 'ID':
          return next() < 0.5 ? caseId : nastyStrings[Math.floor(next() * nastyStrings.length)];
        default:
          return nastyStrings[Math.floor(next() * nastyStrings.length)];
      }
    }
    return null;
  }

  function operation(name: string, field: GraphQLField<unknown, unknown>): string {
    const args = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
    const passed = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
    const named = getNamedType(field.type);
    const selection =
      isScalarType(named) || isEnumType(named)
        ? ''
        : named.name === 'LoginResult'
          ? '{ expiresAt }'
          : named.name === 'Checkpoint'
            ? '{ number }'
            : '{ __typename }';
    return `mutation${args === '' ? '' : `(${args})`} { ${name}${passed === '' ? '' : `(${passed})`} ${selection} }`;
  }

  it('never answers with an internal error, and a refused mutation changes nothing', async () => {
    const { actors } = bed;
    const caseId = (await actors.createProposal('cq.drafter')).id;
    const mutations = Object.entries(schema.getMutationType()!.getFields());
    const next = random(20261127);
    const seen = new Map<string, number>();
    for (let round = 0; round < 6; round += 1) {
      for (const [name, field] of mutations) {
        const user: DemoUser = (['cq.drafter', 'cd.reviewer', 'cq.signatory', 'joint.coordinator'] as const)[round % 4]!;
        const variables = Object.fromEntries(field.args.map((arg) => [arg.name, value(arg.type, next, caseId)]));
        const before = await everything();
        const response = await actors.query(user, operation(name, field), variables);
        const codes = (response.errors ?? []).map((error) => error.extensions.code);
        for (const code of codes) seen.set(code, (seen.get(code) ?? 0) + 1);
        expect(codes, `${name} as ${user} with ${JSON.stringify(variables).slice(0, 300)}`).not.toContain('INTERNAL_SERVER_ERROR');
        expect(response.status, name).toBeLessThan(500);
        if (codes.length > 0) expect(await everything(), `${name} changed something while refusing it`).toBe(before);
      }
    }
    // The inputs reach past validation: into authorization, lookups and the machines.
    expect([...seen.keys()]).toEqual(expect.arrayContaining(['BAD_USER_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_TRANSITION']));
  });
});
