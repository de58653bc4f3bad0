import { createHmac, createPrivateKey, generateKeyPairSync, randomUUID, sign as rawSign } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { codes, gql, login } from '../support/graphql.js';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';

const issuer = 'twincity-policy';
const audience = 'twincity-policy-api';
const ME = '{ me { id username } }';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Builds a token by hand, so that every field an attacker controls can be set. */
function forge(header: Record<string, unknown>, payload: Record<string, unknown>, signer: (input: string) => string): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${signer(input)}`;
}

describe('sign-in and tokens', () => {
  let server: RunningServer;
  let adminToken: string;
  let drafterId: string;
  const keys = inject('keys');
  const now = () => Math.floor(Date.now() / 1000);
  const claims = (extra: Record<string, unknown> = {}) => ({ sub: drafterId, iss: issuer, aud: audience, iat: now(), exp: now() + 600, ...extra });
  const signActive = (payload: Record<string, unknown>) => jwt.sign(payload, keys.active.privatePem, { algorithm: 'RS256', keyid: keys.active.kid });

  beforeAll(async () => {
    // The default lifetime (the other test servers issue longer tokens).
    server = await startServer(productionEnv(uniqueDatabaseName('auth'), { JWT_TTL_SECONDS: '' }));
    adminToken = await login(server.graphqlUrl, 'admin');
    const me = await gql<{ me: { id: string } }>(server.graphqlUrl, ME, {}, { token: await login(server.graphqlUrl, 'cq.drafter') });
    drafterId = me.data!.me.id;
  });
  afterAll(async () => {
    await server.stop();
  });

  it('signs in a demo user with a short-lived token', async () => {
    const response = await gql<{ login: { token: string; expiresAt: string; user: { username: string; region: string; roles: string[] } } }>(
      server.graphqlUrl,
      'mutation { login(username: "cd.signatory", password: "demo-password") { token expiresAt user { username region roles } } }',
    );
    const result = response.data!.login;
    expect(result.user).toEqual({ username: 'cd.signatory', region: 'CHENGDU', roles: ['SIGNATORY'] });
    const decoded = jwt.decode(result.token, { complete: true })!;
    // The lifetime as the token states it, not as the test's clock happens to see it.
    const { iat, exp } = decoded.payload as { iat: number; exp: number };
    expect(exp - iat).toBe(900);
    expect(Date.parse(result.expiresAt)).toBe(exp * 1000);
    expect(decoded.header).toMatchObject({ alg: 'RS256', kid: keys.active.kid });
    expect(decoded.payload).toMatchObject({ iss: issuer, aud: audience });
    const me = await gql<{ me: { username: string } }>(server.graphqlUrl, ME, {}, { token: result.token });
    expect(me.data?.me.username).toBe('cd.signatory');
  });

  it('refuses an unknown user and a wrong password alike', async () => {
    const attempt = (username: string, password: string) =>
      gql(server.graphqlUrl, 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', { u: username, p: password });
    const unknown = await attempt('no.such.user', 'demo-password');
    const wrong = await attempt('cq.drafter', 'not-the-password');
    expect(codes(unknown)).toEqual(['UNAUTHENTICATED']);
    expect(codes(wrong)).toEqual(['UNAUTHENTICATED']);
    expect(unknown.errors![0]!.extensions.messages).toEqual(wrong.errors![0]!.extensions.messages);
    expect(unknown.data).toBeNull();
  });

  it('shuts a disabled user out at once, token and password alike; enabled again, they sign in anew and no old token revives', async () => {
    const created = await gql<{ createUser: { id: string } }>(
      server.graphqlUrl,
      'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
      { input: { username: 'cq.temp', displayName: '临时用户', agencyId: 'CQ-DRC', roles: ['DRAFTER'], password: 'harbour-lantern-quiet-river' } },
      { token: adminToken },
    );
    const userId = created.data!.createUser.id;
    const token = await login(server.graphqlUrl, 'cq.temp', 'harbour-lantern-quiet-river');
    expect((await gql(server.graphqlUrl, ME, {}, { token })).data).toBeTruthy();

    await gql(server.graphqlUrl, 'mutation($id: ID!) { disableUser(userId: $id) { disabled } }', { id: userId }, { token: adminToken });
    const refused = await gql(server.graphqlUrl, ME, {}, { token });
    expect(refused.status).toBe(401);
    expect(codes(refused)).toEqual(['UNAUTHENTICATED']);
    // A disabled account answers the right password as it answers a wrong one: the answer confirms nothing.
    const relogin = await gql(server.graphqlUrl, 'mutation { login(username: "cq.temp", password: "harbour-lantern-quiet-river") { token } }');
    const wrong = await gql(server.graphqlUrl, 'mutation { login(username: "cq.temp", password: "not-the-password") { token } }');
    expect(codes(relogin)).toEqual(['UNAUTHENTICATED']);
    expect([relogin.status, relogin.errors![0]!.extensions.messages]).toEqual([wrong.status, wrong.errors![0]!.extensions.messages]);

    await gql(server.graphqlUrl, 'mutation($id: ID!) { enableUser(userId: $id) { disabled } }', { id: userId }, { token: adminToken });
    expect(codes(await gql(server.graphqlUrl, ME, {}, { token }))).toEqual(['UNAUTHENTICATED']);
    const fresh = await login(server.graphqlUrl, 'cq.temp', 'harbour-lantern-quiet-river');
    expect((await gql(server.graphqlUrl, ME, {}, { token: fresh })).data).toBeTruthy();
    // Disabled and enabled once more, the token of the second sign-in stops too.
    await gql(server.graphqlUrl, 'mutation($id: ID!) { disableUser(userId: $id) { disabled } }', { id: userId }, { token: adminToken });
    await gql(server.graphqlUrl, 'mutation($id: ID!) { enableUser(userId: $id) { disabled } }', { id: userId }, { token: adminToken });
    expect(codes(await gql(server.graphqlUrl, ME, {}, { token: fresh }))).toEqual(['UNAUTHENTICATED']);
  });

  it('accepts a token of the previous key until that key is retired', async () => {
    const token = jwt.sign(claims(), keys.previous.privatePem, { algorithm: 'ES256', keyid: keys.previous.kid });
    const response = await gql<{ me: { id: string } }>(server.graphqlUrl, ME, {}, { token });
    expect(response.data?.me.id).toBe(drafterId);
  });

  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const forgeries: [string, () => string][] = [
    ['expired', () => signActive(claims({ iat: now() - 1200, exp: now() - 600 }))],
    ['not yet valid', () => signActive(claims({ nbf: now() + 600 }))],
    ['wrong audience', () => signActive(claims({ aud: 'another-api' }))],
    ['wrong issuer', () => signActive(claims({ iss: 'someone-else' }))],
    [
      'without exp',
      () => {
        const { exp: _exp, ...withoutExp } = claims();
        return signActive(withoutExp);
      },
    ],
    ['with a lifetime beyond the maximum', () => signActive(claims({ exp: now() + 30 * 86_400 }))],
    ['alg none', () => forge({ alg: 'none', typ: 'JWT', kid: keys.active.kid }, claims(), () => '')],
    [
      'HS256 keyed with the RSA public key',
      () =>
        forge({ alg: 'HS256', typ: 'JWT', kid: keys.active.kid }, claims(), (input) =>
          createHmac('sha256', keys.active.publicPem).update(input).digest('base64url'),
        ),
    ],
    ['an unknown kid', () => jwt.sign(claims(), stranger, { algorithm: 'RS256', keyid: 'k2099' })],
    ['no kid', () => jwt.sign(claims(), keys.active.privatePem, { algorithm: 'RS256' })],
    ['a stranger key under the active kid', () => jwt.sign(claims(), stranger, { algorithm: 'RS256', keyid: keys.active.kid })],
    ['the previous key under the active kid', () => jwt.sign(claims(), keys.previous.privatePem, { algorithm: 'ES256', keyid: keys.active.kid })],
    [
      'a tampered payload',
      () => {
        const [header, , signature] = signActive(claims()).split('.');
        return `${header!}.${b64(claims({ sub: randomUUID() }))}.${signature!}`;
      },
    ],
    [
      'labelled RS256 but signed by another key type',
      () =>
        forge({ alg: 'RS256', kid: keys.active.kid }, claims(), (input) =>
          rawSign('sha256', Buffer.from(input), createPrivateKey(keys.previous.privatePem)).toString('base64url'),
        ),
    ],
    ['garbage', () => 'not-a-token'],
    // RFC 7515 §4.1.11: a critical extension this server does not know must be refused.
    [
      'with a critical header extension',
      () =>
        jwt.sign(claims(), keys.active.privatePem, {
          algorithm: 'RS256',
          keyid: keys.active.kid,
          header: { alg: 'RS256', kid: keys.active.kid, crit: ['exp-ext'], 'exp-ext': 1 } as jwt.JwtHeader,
        }),
    ],
    // RFC 8725 §3.11: a token of another type (a device token, an access token of another profile) is not this one.
    [
      'of a foreign type',
      () =>
        jwt.sign(claims(), keys.active.privatePem, {
          algorithm: 'RS256',
          keyid: keys.active.kid,
          header: { alg: 'RS256', kid: keys.active.kid, typ: 'at+jwt' },
        }),
    ],
    // A header whose fields are not of their types, unsigned: nothing of it may be trusted, nor may it break the check.
    ['with a typ that is no text', () => forge({ alg: 'RS256', typ: 1, kid: keys.active.kid }, claims(), () => 'AAAA')],
    ['with a typ that is an object', () => forge({ alg: 'RS256', typ: {}, kid: keys.active.kid }, claims(), () => 'AAAA')],
    ['with a kid that is no text', () => forge({ alg: 'RS256', kid: 7 }, claims(), () => 'AAAA')],
    // Issued in the future: its lifetime would be counted from a time that has not come.
    ['issued in the future', () => signActive(claims({ iat: now() + 600, exp: now() + 1200 }))],
  ];

  it.each(forgeries)('refuses a token %s with UNAUTHENTICATED and nothing else', async (_, make) => {
    const response = await gql(server.graphqlUrl, ME, {}, { token: make() });
    expect(response.status).toBe(401);
    expect(codes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.data).toBeUndefined();
  });
});
