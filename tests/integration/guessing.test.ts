import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, gql, login } from '../support/graphql.js';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';

const LOGIN = 'mutation($u: String!, $p: String!, $d: String) { login(username: $u, password: $p, deviceToken: $d) { token deviceToken } }';

describe('password guessing is slowed per account, and every denial is seen', () => {
  let server: RunningServer;

  beforeAll(async () => {
    // A first lock of an hour: however slow the machine, no lock runs out while a test looks at it.
    server = await startServer(productionEnv(uniqueDatabaseName('guessing'), { SIGNIN_LOCK_SECONDS: '3600' }));
  });
  afterAll(async () => {
    await server.stop();
  });

  /** A sign-in from its own loopback address (127.0.0.`host`), as separate machines of an attacker would send it. */
  function signIn(host: number, username: string, password: string, deviceToken?: string) {
    const body = JSON.stringify({ query: LOGIN, variables: { u: username, p: password, d: deviceToken ?? null } });
    const { port } = new URL(server.url);
    return new Promise<{ status: number; retryAfter: string | undefined; codes: string[]; login: { token: string; deviceToken: string } | undefined }>(
      (resolve, reject) => {
        const request = httpRequest(
          {
            host: '127.0.0.1',
            port,
            localAddress: `127.0.0.${host}`,
            method: 'POST',
            path: '/graphql',
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          },
          (response) => {
            let text = '';
            response.on('data', (chunk: Buffer) => (text += chunk.toString()));
            response.on('end', () => {
              const parsed = JSON.parse(text) as {
                data?: { login: { token: string; deviceToken: string } } | null;
                errors?: { extensions: { code: string } }[];
              };
              const retryAfter: string | undefined = response.headers['retry-after'];
              resolve({
                status: response.statusCode ?? 0,
                retryAfter,
                codes: (parsed.errors ?? []).map((e) => e.extensions.code),
                login: parsed.data?.login ?? undefined,
              });
            });
          },
        );
        request.on('error', reject);
        request.end(body);
      },
    );
  }

  it('locks an account after a few wrong passwords from 60 addresses, while its owner signs in from a known device', async () => {
    const owner = await signIn(2, 'cq.reviewer', 'demo-password');
    const deviceToken = owner.login!.deviceToken;

    const answers = [];
    for (let i = 0; i < 60; i++) answers.push(await signIn(10 + i, 'cq.reviewer', `guess-${i}`));
    const checked = answers.filter((answer) => answer.codes[0] === 'UNAUTHENTICATED');
    const refused = answers.filter((answer) => answer.codes[0] === 'RATE_LIMITED');
    // Three free failures and the one that locks.
    expect(checked.length).toBe(4);
    expect(refused.length).toBe(60 - checked.length);
    for (const answer of refused) {
      expect(answer.status).toBe(429);
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    // The right password from an unknown client waits too: the answer does not tell a right guess from a wrong one.
    expect((await signIn(99, 'cq.reviewer', 'demo-password')).codes).toEqual(['RATE_LIMITED']);
    // The owner, from the device it signed in from before, is not locked out by others' guesses.
    const again = await signIn(2, 'cq.reviewer', 'demo-password', deviceToken);
    expect(again.codes).toEqual([]);
    expect(again.login?.token).toBeTruthy();
    // A device token of another account gives nothing.
    const other = await signIn(3, 'cd.reviewer', 'demo-password');
    expect((await signIn(99, 'cq.reviewer', 'demo-password', other.login!.deviceToken)).codes).toEqual(['RATE_LIMITED']);
  });

  it('keeps a denial line short whatever name a client writes', async () => {
    await signIn(78, `x${'y'.repeat(5000)}`, 'not-the-password');
    const line = await server.waitForLog((entry) => entry.msg === 'denied' && entry.client === '127.0.0.78');
    expect(String(line.user).length).toBeLessThanOrEqual(101);
  });

  it('checks one guess at a time per account, however many are sent at once', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(100 + i, 'cd.drafter', `guess-${i}`)));
    const checked = answers.filter((answer) => answer.codes[0] === 'UNAUTHENTICATED').length;
    // Sent together, they wait their turn, and the fifth meets the lock the fourth set.
    expect(checked).toBe(4);
    expect(answers.every((answer) => answer.codes.length === 1 && ['UNAUTHENTICATED', 'RATE_LIMITED'].includes(answer.codes[0]!))).toBe(true);
  });

  it('logs each denial as one line naming the event, the user, the client address, the operation, the code and the request id, and counts it', async () => {
    const token = await login(server.graphqlUrl, 'cd.signatory');
    await signIn(77, 'cq.signatory', 'not-the-password');
    // A city action the user may not take, a change aimed at a case that does not exist, a bad token.
    await gql(server.graphqlUrl, 'mutation { createCheckpoint { number } }', {}, { token });
    await gql(
      server.graphqlUrl,
      'mutation($i: CaseActionInput!) { withdrawCase(input: $i) { id } }',
      { i: { caseId: '00000000-0000-4000-8000-000000000000' } },
      { token },
    );
    const bad = await gql(server.graphqlUrl, '{ me { id } }', {}, { token: `${token.slice(0, -4)}AAAA` });
    expect(codes(bad)).toEqual(['UNAUTHENTICATED']);
    // No token at all, and a refusal under an operation name of the client's choosing.
    await gql(server.graphqlUrl, 'query login { me { id } }');
    await gql(server.graphqlUrl, 'query healthcheck { users { edges { node { id } } } }', {}, { token });

    const denied = (event: string, user: string | undefined) =>
      server.waitForLog((entry) => entry.msg === 'denied' && entry.event === event && entry.user === user);
    const signIn77 = await denied('sign-in failed', 'cq.signatory');
    expect(signIn77).toMatchObject({ security: true, client: '127.0.0.77', field: 'login', operationType: 'mutation', code: 'UNAUTHENTICATED' });
    expect(signIn77.requestId).toEqual(expect.any(String));
    expect(await denied('forbidden', 'cd.signatory')).toMatchObject({ client: '127.0.0.1', field: 'createCheckpoint', code: 'FORBIDDEN' });
    expect(await denied('not found', 'cd.signatory')).toMatchObject({ field: 'withdrawCase', code: 'NOT_FOUND' });
    expect(await denied('bad token', undefined)).toMatchObject({ client: '127.0.0.1', code: 'UNAUTHENTICATED' });
    expect(await denied('rate limited', 'cq.reviewer')).toMatchObject({ field: 'login', code: 'RATE_LIMITED' });
    // What ran is logged, whatever the client named it.
    expect(await denied('not signed in', undefined)).toMatchObject({ field: 'me', operationName: 'login', code: 'UNAUTHENTICATED' });
    await server.waitForLog((entry) => entry.msg === 'denied' && entry.field === 'users' && entry.operationName === 'healthcheck');

    const metrics = await (await fetch(server.metricsUrl!)).text();
    for (const event of ['sign-in failed', 'forbidden', 'not found', 'bad token', 'not signed in', 'rate limited'])
      expect(metrics).toMatch(new RegExp(`twincity_denials_total\\{event="${event}"\\} [1-9]`));
  });
});
