import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, gql, login } from '../support/graphql.js';
import { productionEnv, readiness, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';

async function post(url: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const response = await fetch(url, { method: 'POST', headers, body });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: (await response.json()) as { errors?: { extensions: { code: string } }[] },
  };
}

describe('API hygiene', () => {
  let server: RunningServer;
  let token: string;

  beforeAll(async () => {
    server = await startServer(
      productionEnv(uniqueDatabaseName('hygiene'), {
        GRAPHQL_MAX_DEPTH: '4',
        GRAPHQL_MAX_ALIASES: '5',
        GRAPHQL_MAX_TOKENS: '300',
        BODY_LIMIT_BYTES: '8192',
        // No database work of its own between two readings of its command counter.
        DEADLINE_POLL_SECONDS: '0',
        REPAIR_INTERVAL_SECONDS: '0',
      }),
    );
    token = await login(server.graphqlUrl, 'cq.reviewer');
  });
  afterAll(async () => {
    await server.stop();
  });

  const expectHealthy = async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await readiness(server.url)).status).toBe(200);
  };

  it('answers malformed JSON with a JSON error, not an HTML page', async () => {
    const response = await post(server.graphqlUrl, '{"query": "{ me { id } }"');
    expect(response.status).toBe(400);
    expect(response.type).toMatch(/^application\/json/);
    expect(response.body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    await expectHealthy();
  });

  it('refuses an oversized body with a JSON error', async () => {
    const response = await post(server.graphqlUrl, JSON.stringify({ query: '{ me { id } }', variables: { pad: 'x'.repeat(20_000) } }));
    expect(response.status).toBe(413);
    expect(response.body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    await expectHealthy();
  });

  it('refuses a query nested too deep', async () => {
    const response = await gql(server.graphqlUrl, '{ users { edges { node { agency { name } } } } }', {}, { token });
    expect(response.status).toBe(400);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toMatch(/4/);
    await expectHealthy();
  });

  it('refuses an alias flood', async () => {
    const query = `{ ${Array.from({ length: 50 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    const response = await gql(server.graphqlUrl, query, {}, { token });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.data).toBeUndefined();
    await expectHealthy();
  });

  it('refuses a document with too many tokens', async () => {
    const response = await gql(server.graphqlUrl, `{ me { ${'id '.repeat(400)} } }`, {}, { token });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.extensions.messages?.en).toMatch(/tokens/);
  });

  it('gives no schema hints in errors', async () => {
    const response = await gql(server.graphqlUrl, '{ me { usernam } }', {}, { token });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(response)).not.toMatch(/did you mean/i);
    // Nor in a variable of an enum type, which graphql-js checks apart from the document.
    const variable = await gql(server.graphqlUrl, 'query($f: HistoryFilter) { historyCount(filter: $f) }', { f: { caseType: 'joint_project' } }, { token });
    expect(codes(variable)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(variable)).not.toMatch(/did you mean/i);
    expect(JSON.stringify(variable)).not.toContain('JOINT_PROJECT');
  });

  it('refuses introspection in production', async () => {
    const response = await gql(server.graphqlUrl, '{ __schema { types { name } } }', {}, { token });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
  });

  it('blocks requests a browser could send cross-site (CSRF)', async () => {
    const simple = await post(server.graphqlUrl, JSON.stringify({ query: '{ me { id } }' }), { 'content-type': 'text/plain' });
    expect(simple.status).toBe(400);
    expect(simple.body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const get = await fetch(`${server.graphqlUrl}?query=${encodeURIComponent('{ me { id } }')}`, { headers: { authorization: `Bearer ${token}` } });
    expect(get.status).toBe(400);
    const preflighted = await fetch(`${server.graphqlUrl}?query=${encodeURIComponent('{ me { username } }')}`, {
      headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    });
    expect(await preflighted.json()).toEqual({ data: { me: { username: 'cq.reviewer' } } });
  });

  it('answers in Chinese by default and in English when asked, with both in extensions', async () => {
    const query = '{ users { edges { cursor } } }';
    const zh = await gql(server.graphqlUrl, query, {}, { token });
    const en = await gql(server.graphqlUrl, query, {}, { token, headers: { 'accept-language': 'en-GB,en;q=0.9,zh;q=0.5' } });
    expect(codes(zh)).toEqual(['FORBIDDEN']);
    expect(zh.errors?.[0]?.message).toBe('您没有执行此操作的权限');
    expect(en.errors?.[0]?.message).toBe('You are not allowed to do this');
    expect(en.errors?.[0]?.extensions.messages).toEqual({ zh: '您没有执行此操作的权限', en: 'You are not allowed to do this' });
    expect(en.errors?.[0]?.extensions.requestId).toBe(en.headers.get('x-request-id'));
  });

  it('answers an unknown path with a JSON error', async () => {
    const response = await fetch(`${server.url}/wp-admin`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('serves Prometheus metrics: the process, requests by path and status, and database commands', async () => {
    const counted = async () => {
      const text = await (await fetch(server.metricsUrl!)).text();
      const commands = text.split('\n').filter((line) => line.startsWith('twincity_database_commands_total{'));
      return { text, commands: commands.reduce((sum, line) => sum + Number(line.split(' ').pop()), 0) };
    };
    const before = await counted();
    expect(before.text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(await gql(server.graphqlUrl, 'query { me { username } }', {}, { token })).toMatchObject({ data: { me: { username: 'cq.reviewer' } } });
    await fetch(`${server.url}/no-such-path-${String(Date.now())}`);
    const after = await counted();
    // Signing the caller in reads the user (agencies are kept in memory), and `me` reads the user record again.
    expect(after.commands - before.commands).toBe(2);
    expect(after.text).toMatch(/twincity_database_commands_total\{command="find"\} \d/);
    expect(after.text).toMatch(/twincity_http_request_duration_seconds_count\{path="\/graphql",status="200"\} \d/);
    expect(after.text).toMatch(/twincity_http_request_duration_seconds_count\{path="other",status="404"\} \d/);
    expect(after.text).not.toMatch(/no-such-path/);
  });

  it('serves /metrics only on its own listener, apart from the API', async () => {
    const onApi = await fetch(`${server.url}/metrics`);
    expect(onApi.status).toBe(404);
    expect(await onApi.text()).not.toMatch(/process_cpu_seconds_total/);
    expect(new URL(server.metricsUrl!).hostname).toBe('127.0.0.1');
    expect(new URL(server.metricsUrl!).port).not.toBe(new URL(server.url).port);
  });

  /** Operation shapes that Apollo took to execution, or refused in English only. */
  const shapes: [string, { get?: true; query: string; operationName?: string }, number, string | undefined][] = [
    ['a subscription', { query: 'subscription { me { id } }' }, 400, 'query'],
    ['a subscription to a field no type has', { query: 'subscription Changes { caseChanged { id } }' }, 400, 'query'],
    [
      'a subscription chosen from a document already run once for its query',
      { query: 'query Mine { me { id } } subscription Changes { me { id } }', operationName: 'Changes' },
      400,
      'query',
    ],
    ['an operation name the document does not have', { query: 'query Mine { me { id } }', operationName: 'Theirs' }, 400, 'operationName'],
    ['an empty operation name', { query: 'query Mine { me { id } }', operationName: '' }, 400, 'operationName'],
    ['several operations and no name', { query: 'query A { me { id } } query B { me { username } }' }, 400, 'operationName'],
    ['several anonymous operations', { query: '{ me { id } } { me { username } }' }, 400, 'query'],
    ['a document of fragments only', { query: 'fragment Who on User { id username }' }, 400, 'query'],
    ['a GET carrying a mutation', { get: true, query: 'mutation { login(username: "cq.reviewer", password: "x") { token } }' }, 405, undefined],
    ['a GET carrying a subscription', { get: true, query: 'subscription { me { id } }' }, 405, undefined],
    [
      'a GET choosing the mutation of its document',
      { get: true, query: 'query Mine { me { id } } mutation Out { login(username: "a", password: "b") { token } }', operationName: 'Out' },
      405,
      undefined,
    ],
  ];

  /** One request as a client sends it, with the operation name beside the document. */
  const send = async ({ get, ...request }: { get?: true; query: string; operationName?: string }) => {
    const headers = { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' };
    const response = get
      ? await fetch(`${server.graphqlUrl}?${new URLSearchParams(request).toString()}`, { headers })
      : await fetch(server.graphqlUrl, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(request) });
    type Body = { data?: unknown; errors?: { message: string; extensions: { code: string; field?: string; messages: { zh: string; en: string } } }[] };
    return { status: response.status, requestId: response.headers.get('x-request-id'), body: (await response.json()) as Body };
  };

  it.each(shapes)('refuses %s as the client’s mistake, in both languages, logging no error', async (_, request, status, field) => {
    if (request.operationName === 'Changes') expect((await send({ ...request, operationName: 'Mine' })).body.errors).toBeUndefined();
    const { status: answered, requestId, body } = await send(request);
    expect(answered).toBe(status);
    expect(body.data).toBeUndefined();
    expect(body.errors!.map((error) => error.extensions.code).every((code) => code === 'BAD_USER_INPUT')).toBe(true);
    const [first] = body.errors!;
    expect(first!.message).toBe(first!.extensions.messages.zh);
    expect(first!.extensions.messages.zh).toMatch(/\p{Script=Han}/u);
    expect(first!.extensions.messages.en).toMatch(/^[\x20-\x7e]+$/);
    if (field !== undefined) {
      // Ours, not graphql-js's English under a Chinese prefix.
      expect(first!.extensions.field).toBe(field);
      expect(first!.extensions.messages.zh).not.toMatch(/[A-Za-z]+ [a-z]+/);
    }
    await server.waitForLog((entry) => entry.requestId === requestId && entry.msg === 'request');
    expect(server.logs.filter((entry) => entry.requestId === requestId && Number(entry.level) >= 50)).toEqual([]);
    await expectHealthy();
  });

  it('passes the GraphQL-over-HTTP server audits of graphql-http (which need introspection)', async () => {
    const open = await startServer(productionEnv(uniqueDatabaseName('audit'), { GRAPHQL_INTROSPECTION: 'true' }));
    const results = await auditServer({ url: open.graphqlUrl });
    await open.stop();
    const failures = results.flatMap((result) => (result.status === 'error' ? [`${result.id} ${result.name}: ${result.reason}`] : []));
    expect(failures).toEqual([]);
    expect(results.filter((result) => result.status === 'ok').length).toBeGreaterThan(20);
    await expectHealthy();
  });
});

describe('rate limit', () => {
  let server: RunningServer;

  beforeAll(async () => {
    // A burst of six, then one request back every 5 s.
    server = await startServer(productionEnv(uniqueDatabaseName('ratelimit'), { RATE_LIMIT_BURST: '6', RATE_LIMIT_PER_MINUTE: '12' }));
  });
  afterAll(async () => {
    await server.stop();
  });

  it('limits each user on their own, and a client that waits as told gets through', async () => {
    const busy = await login(server.graphqlUrl, 'cq.drafter');
    const other = await login(server.graphqlUrl, 'cd.drafter');
    const started = Date.now();
    const answers = [];
    while (answers.length < 100 && answers.at(-1)?.status !== 429)
      answers.push(await gql(server.graphqlUrl, '{ me { id } }', {}, { token: busy, rateLimit: false }));
    const elapsedMs = Date.now() - started;
    const limited = answers.at(-1)!;
    expect(limited.status).toBe(429);
    // The burst, plus one request back for every 5 s the requests took, however fast or slow the machine.
    const passed = answers.length - 1;
    expect(answers.slice(0, passed).every((answer) => answer.status === 200)).toBe(true);
    expect(passed).toBeGreaterThanOrEqual(6);
    expect(passed).toBeLessThanOrEqual(6 + Math.ceil(elapsedMs / 5000));
    expect(codes(limited)).toEqual(['RATE_LIMITED']);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(5);
    expect(limited.errors?.[0]?.extensions.retryAfterSeconds).toBe(retryAfter);
    expect((await gql(server.graphqlUrl, '{ me { id } }', {}, { token: other, rateLimit: false })).status).toBe(200);

    const waits: number[] = [];
    const patient = await gql<{ me: { id: string } }>(
      server.graphqlUrl,
      '{ me { id } }',
      {},
      { token: busy, rateLimit: { onRateLimited: (ms) => waits.push(ms) } },
    );
    expect(patient.status).toBe(200);
    expect(patient.data?.me.id).toBeTruthy();
    expect(waits.every((ms) => ms > 0 && ms <= 5000)).toBe(true);
  });
});
