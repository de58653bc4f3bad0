import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adversarialDocuments, fragmentFanOut, type Adversary } from '../support/adversarial.js';
import { Actors, sampleDocument } from '../support/cases.js';
import { codes, gql, login } from '../support/graphql.js';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';

/** CPU time (user and system) the process has used, in milliseconds, as Linux counts it (10 ms ticks). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The server's default token limit (GRAPHQL_MAX_TOKENS): every shape is made as large as it allows. */
const maxTokens = 2000;

describe('no document costs more to check than its size allows', () => {
  let server: RunningServer;
  let token: string;

  beforeAll(async () => {
    server = await startServer(productionEnv(uniqueDatabaseName('limits')));
    token = await login(server.graphqlUrl, 'cd.reviewer');
  });
  afterAll(async () => {
    await server.stop();
  });

  const send = (adversary: Adversary, method: 'POST' | 'GET', authorised: boolean) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'apollo-require-preflight': 'true', ...(authorised ? { authorization: `Bearer ${token}` } : {}) };
    const body = { query: adversary.query, variables: adversary.variables, operationName: adversary.operationName };
    // A server that froze would fail the test here rather than hold it.
    const signal = AbortSignal.timeout(30_000);
    if (method === 'POST') return fetch(server.graphqlUrl, { method, headers, body: JSON.stringify(body), signal });
    const search = new URLSearchParams({ query: body.query, ...(body.variables === undefined ? {} : { variables: JSON.stringify(body.variables) }), ...(body.operationName === undefined ? {} : { operationName: body.operationName }) });
    return fetch(`${server.graphqlUrl}?${search.toString()}`, { method, headers, signal });
  };

  // Each shape, by POST and (where the address is short enough for a URL) by GET, signed in and not: never a 5xx,
  // within 100 ms of the server's CPU (the median of three sends, so that a garbage collection falls on one), and
  // /healthz answers all along.
  const cases = adversarialDocuments(maxTokens).flatMap((adversary) =>
    (['POST', 'GET'] as const)
      .filter((method) => method === 'POST' || adversary.query.length + JSON.stringify(adversary.variables ?? {}).length < 6000)
      .flatMap((method) => [true, false].map((authorised) => [`${adversary.name} by ${method}${authorised ? ', signed in' : ''}`, adversary, method, authorised] as const)),
  );

  it.each(cases)('%s', async (_, adversary, method, authorised) => {
    let probing = true;
    const probes: number[] = [];
    const prober = (async () => {
      while (probing) {
        probes.push((await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(30_000) })).status);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const spent: number[] = [];
    for (let i = 0; i < 3; i++) {
      const before = cpuMs(server.process.pid!);
      const response = await send(adversary, method, authorised);
      const text = await response.text();
      spent.push(cpuMs(server.process.pid!) - before);
      expect(response.status, text.slice(0, 300)).toBeLessThan(500);
      const errors = (JSON.parse(text) as { errors?: { extensions: { code: string } }[] }).errors ?? [];
      for (const error of errors) expect(['BAD_USER_INPUT', 'UNAUTHENTICATED', 'NOT_FOUND']).toContain(error.extensions.code);
    }
    probing = false;
    await prober;
    const median = spent.sort((a, b) => a - b)[1]!;
    process.stdout.write(`server CPU ${String(median).padStart(3)} ms (median of ${spent.join(', ')}): ${adversary.name} by ${method}${authorised ? ', signed in' : ''}\n`);
    expect(median, `CPU ms of the three sends: ${spent.join(', ')}`).toBeLessThanOrEqual(100);
    expect(probes.length).toBeGreaterThan(0);
    expect(probes.every((status) => status === 200)).toBe(true);
  });

  it('refuses the 1 KB fragment fan-out that froze the server, naming the depth limit, and leaves the server serving', async () => {
    const response = await gql(server.graphqlUrl, fragmentFanOut(30));
    expect(response.status).toBe(400);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.extensions.messages?.zh).toMatch(/嵌套超过 12 层/);
    expect((await gql(server.graphqlUrl, '{ me { username } }', {}, { token })).data).toEqual({ me: { username: 'cd.reviewer' } });
  });

  it('weighs a list by its page size, written in the document, passed as a variable or served by default', async () => {
    const heavy = 'query($n: Int) { inbox(first: $n) { edges { node { history(first: 100) { edges { node { caseId comment actor { username } } } } } } } }';
    // inbox serves 20 by default: 20 inboxed cases × 100 entries each weighs as much as if the 20 were written.
    for (const [query, variables] of [
      [heavy, { n: 100 }],
      [heavy.replace('(first: $n)', '(first: 100)').replace('($n: Int)', ''), {}],
      [heavy.replace('(first: $n)', '').replace('($n: Int)', ''), {}],
    ] as const) {
      const response = await gql(server.graphqlUrl, query, variables, { token });
      expect(codes(response), query).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.extensions.messages?.en).toMatch(/costs more than/);
    }
    for (const [query, variables] of [
      [heavy, { n: 5 }],
      [heavy.replace('(first: $n)', '').replace('($n: Int)', '').replace('(first: 100)', '(first: 5)'), {}],
    ] as const) {
      expect((await gql(server.graphqlUrl, query, variables, { token })).errors, query).toBeUndefined();
    }
  });

  it('weighs the fields whose work no page size tells: one redline of a long text rewritten throughout, not several', async () => {
    const actors = await Actors.signIn(server.graphqlUrl);
    // 200,000 characters of short lines, then every line changed: the redline of a document as large as allowed.
    const body = (prefix: string) => Array.from({ length: 25_000 }, (_, i) => `${prefix}${i}`).join('\n').slice(0, 199_000);
    const { id } = await actors.createProposal('cq.drafter', { document: { ...sampleDocument(), body: body('x') } });
    const edited = await actors.query('cq.drafter', 'mutation($i: EditDocumentInput!) { editDocument(input: $i) { id } }', { i: { caseId: id, baseVersion: 1, document: { ...sampleDocument(), body: body('y') }, changeNote: '全部改写' } });
    expect(edited.errors).toBeUndefined();
    const DIFF = 'documentDiff(caseId: $id, from: 1, to: 2) { changedFields body { kind text } redline { field omittedLines lines { kind fromLine toLine segments { kind text } } } }';
    const before = cpuMs(server.process.pid!);
    const one = await actors.query<{ documentDiff: { redline: { field: string; omittedLines: number; lines: unknown[] }[] } }>('cq.drafter', `query($id: ID!) { ${DIFF} }`, { id });
    const spent = cpuMs(server.process.pid!) - before;
    process.stdout.write(`server CPU ${spent} ms: the redline of 200,000 characters rewritten throughout\n`);
    const redline = one.data!.documentDiff.redline.find((diff) => diff.field === 'body')!;
    expect(redline.lines).toHaveLength(2000);
    expect(redline.omittedLines).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(300);
    for (const query of [`query($id: ID!) { a: ${DIFF} b: ${DIFF} }`, `query($id: ID!) { ...D ...E } fragment D on Query { a: ${DIFF} } fragment E on Query { b: ${DIFF} }`]) {
      const refused = await actors.query('cq.drafter', query, { id });
      expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
      expect(refused.errors?.[0]?.extensions.messages?.en).toMatch(/costly fields/);
    }
    const definitions = await actors.query('cq.drafter', `{ ${Array.from({ length: 5 }, (_, i) => `w${i}: workflowDefinitions { key }`).join(' ')} }`);
    expect(codes(definitions)).toEqual(['BAD_USER_INPUT']);
  });

  it('logs no error for any of them: each was the client’s mistake', () => {
    expect(server.logs.filter((entry) => typeof entry.level === 'number' && entry.level >= 50)).toEqual([]);
  });

  it('tells a client its first ten mistakes, not ten thousand', async () => {
    const response = await gql(server.graphqlUrl, `query(${Array.from({ length: 400 }, (_, i) => `$v${i}: Int`).join(' ')}) { me { id } }`, {}, { token });
    expect(codes(response).length).toBeLessThanOrEqual(11);
    expect(codes(response).every((code) => code === 'BAD_USER_INPUT')).toBe(true);
  });
});
