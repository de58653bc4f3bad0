import { readFileSync } from 'node:fs';
import { buildSchema, getNamedType, isInputObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { actions } from '../../src/cli/commands/cases.js';
import { generateKey, open, seal, WrongPassphraseError } from '../../src/cli/vault.js';
import { verifySignature } from '../../src/crypto/signatures.js';

const schema = buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));
const mutations = schema.getMutationType()!.getFields();

describe('the client’s action subcommands', () => {
  it('each send a mutation the schema has, with its input type and fields', () => {
    for (const [name, action] of Object.entries(actions)) {
      const mutation = mutations[action.mutation];
      expect(mutation, name).toBeDefined();
      const input = getNamedType(mutation!.args.find((arg) => arg.name === 'input')!.type);
      expect(input.name, name).toBe(action.input);
      if (!isInputObjectType(input)) throw new Error(`${input.name} is not an input type`);
      for (const field of [...action.texts, ...(action.ids ?? [])].map((f) => f.name).concat(action.numbers ?? []))
        expect(Object.keys(input.getFields()), `${name} ${field}`).toContain(field);
    }
  });

  it('cover every action mutation of the three workflows', () => {
    const covered = new Set([
      ...Object.values(actions).map((action) => action.mutation),
      'createProposal',
      'createPlanAlignment',
      'createJointProject',
      'editDocument',
      'reviseJointProject',
      'signCase',
    ]);
    const administrative = [
      'login',
      'createAgency',
      'createUser',
      'setUserRoles',
      'disableUser',
      'enableUser',
      'registerSigningKey',
      'revokeSigningKey',
      'createCheckpoint',
      'countersignCheckpoint',
      'loadCalendarYear',
    ];
    expect(Object.keys(mutations).filter((name) => !administrative.includes(name) && !covered.has(name))).toEqual([]);
  });
});

describe('keys sealed with a passphrase', () => {
  it.each(['ED25519', 'SM2'] as const)('open only with the passphrase and sign verifiably (%s)', (algorithm) => {
    const { key, secret } = generateKey(algorithm);
    const sealed = seal(key, secret, 'correct horse battery');
    expect(JSON.stringify(sealed)).not.toContain(secret.toString('base64'));
    const opened = open(sealed, 'correct horse battery');
    const message = Buffer.from('{"action":"SIGN"}');
    expect(verifySignature(algorithm, key.publicKey, message, opened.sign(message))).toBe(true);
    expect(() => open(sealed, 'wrong horse battery')).toThrow(WrongPassphraseError);
    // The public half is bound to the sealed private half: swapping it in the file is caught.
    expect(() => open({ ...sealed, publicKey: generateKey(algorithm).key.publicKey }, 'correct horse battery')).toThrow(WrongPassphraseError);
  });
});
