import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { gzipSync, deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, requestHangGuardMs } from '../support/graphql.js';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';

interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** Sends exactly these bytes and headers (fetch would fix some up), and answers the status and body. */
function send(server: RunningServer, { method, path, headers, body }: RawRequest): Promise<{ status: number; body: string }> {
  const { port } = new URL(server.url);
  // A body only where HTTP gives it a meaning; a server may answer others before reading one, and close.
  const sent = ['POST', 'PUT', 'PATCH'].includes(method) ? body : undefined;
  return new Promise((resolve, reject) => {
    // A connection of its own, for the same reason; a server that never answers fails the test here.
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        timeout: requestHangGuardMs,
        headers: { ...headers, ...(sent === undefined ? {} : { 'content-length': String(sent.length) }) },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${String(requestHangGuardMs / 1000)} s to ${method} ${path}`)));
    request.on('error', reject);
    request.end(sent);
  });
}

const query = (text: string) => JSON.stringify({ query: text });

/** Bodies a client might send by mistake or on purpose: valid, truncated, of the wrong shape, huge, nested deep. */
const bodies = fc.oneof(
  fc.constant(Buffer.from(query('{ me { username } }'))),
  fc.constant(Buffer.from(query('{ me { username } }').slice(0, 12))),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  fc.json().map((text) => Buffer.from(text)),
  fc.constant(Buffer.from(JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]))),
  fc.constant(Buffer.from(`${'['.repeat(50_000)}${']'.repeat(50_000)}`)),
  fc.constant(
    Buffer.from(
      JSON.stringify({
        query: 'query($r: [Region!]) { agencies(region: $r) { edges { node { id } } } }',
        variables: { r: Array.from({ length: 60_000 }, () => 'NOWHERE') },
      }),
    ),
  ),
  fc.constant(Buffer.from(JSON.stringify({ query: '{ me { id } }', variables: Array.from({ length: 1000 }, () => 1) }))),
  fc.constant(Buffer.from(JSON.stringify({ query: 42, variables: 'x', operationName: {}, extensions: [] }))),
  fc.constant(Buffer.from('{"query": "{ me { id } }", "query": "{ me { username } }"}')),
);

const encodings = fc.constantFrom<[string | undefined, (body: Buffer) => Buffer]>(
  [undefined, (body) => body],
  ['identity', (body) => body],
  ['gzip', (body) => gzipSync(body)],
  ['deflate', (body) => deflateSync(body)],
  ['gzip', (body) => Buffer.concat([gzipSync(body).subarray(0, 12), Buffer.from('corrupt')])],
  ['gzip', (body) => body],
  ['br', (body) => body],
  ['compress', (body) => body],
  ['gzip, gzip', (body) => gzipSync(gzipSync(body))],
);

const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=klingon',
  'application/graphql-response+json',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  '',
);

const strangeHeaders = fc.record(
  {
    'accept-language': fc.oneof(fc.constantFrom('en', 'zh-CN', 'en;q=abc, zh;q=-1', '*'), fc.string({ maxLength: 300 })),
    'x-request-id': fc.oneof(fc.string({ maxLength: 100 }), fc.constant('x'.repeat(5000))),
    accept: fc.constantFrom('application/json', 'text/html', 'application/graphql-response+json', '*/*', 'image/png'),
    'apollo-require-preflight': fc.constant('true'),
    authorization: fc.oneof(fc.constantFrom('Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', 'Bearer a.b.c', 'bearer x'), fc.string({ maxLength: 100 })),
  },
  { requiredKeys: [] },
);

/** Header values must be Latin-1 text without line breaks, or Node refuses to send them at all. */
const sendable = (headers: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).filter(([, value]) => /^[\t\x20-\x7e\x80-\xff]*$/.test(value)));

describe('the HTTP layer: a client’s mistake is never an internal error', () => {
  let server: RunningServer;
  let token: string;

  beforeAll(async () => {
    // A generous rate, so that the fuzzer's requests are all looked at (the rate limit has its own tests).
    server = await startServer(productionEnv(uniqueDatabaseName('httpfuzz'), { RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_BURST: '10000' }));
    token = await login(server.graphqlUrl, 'cq.reviewer');
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers in JSON, in the language asked for, a request Node’s HTTP parser cannot read', async () => {
    const { port } = new URL(server.url);
    const oversizedToken = `Bearer ${'a'.repeat(20_000)}.b.c`;
    for (const [raw, status, message] of [
      ['POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', 400, '请求格式错误'],
      ['POST /graphql HTTP/1.1\r\nHost: x\r\nAccept-Language: en-GB,en;q=0.9\r\nContent-Length: abc\r\n\r\n', 400, 'Malformed HTTP request'],
      ['GET /graphql HTTP/1.1\r\nHost x\r\n\r\n', 400, '请求格式错误'],
      ['BREW / HTCPCP/1.0\r\n\r\n', 400, '请求格式错误'],
      [`POST /graphql HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\nAuthorization: ${oversizedToken}\r\n\r\n`, 431, 'The request headers are too large'],
      [`POST /graphql HTTP/1.1\r\nHost: x\r\nAuthorization: ${oversizedToken}\r\n\r\n`, 431, '请求头过大'],
    ] as const) {
      const answer = await new Promise<string>((resolve, reject) => {
        let text = '';
        const socket = connect(Number(port), '127.0.0.1', () => socket.end(raw));
        socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      const shown = raw.slice(0, 120);
      expect(answer, shown).toMatch(new RegExp(`^HTTP/1\\.1 ${String(status)} `));
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)), shown).toMatchObject({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] });
    }
  });

  it('answers every mix of method, path, content type, encoding, headers and body below 500, in JSON, without an error in the log', async () => {
    const requests = fc.record({
      method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
      path: fc.constantFrom(
        '/graphql',
        '/graphql?query=%7B%20me%20%7B%20id%20%7D%20%7D',
        '/graphql?query={&variables=[',
        '/graphql?variables=%7B%7D&query=%7Bme%7Bid%7D%7D',
        '/graphql/..%2f',
        '/healthz?x',
        '/%',
      ),
      contentType: contentTypes,
      encoding: encodings,
      headers: strangeHeaders,
      signedIn: fc.boolean(),
      body: bodies,
    });
    await fc.assert(
      fc.asyncProperty(requests, async ({ method, path, contentType, encoding: [encoding, encode], headers, signedIn, body }) => {
        const sent = {
          method,
          path,
          headers: sendable({
            ...headers,
            ...(contentType === '' ? {} : { 'content-type': contentType }),
            ...(encoding === undefined ? {} : { 'content-encoding': encoding }),
            ...(signedIn ? { authorization: `Bearer ${token}` } : {}),
          }),
          body: encode(body),
        };
        const answer = await send(server, sent);
        const described = `${method} ${path} ${JSON.stringify(sent.headers)} (${sent.body.length} bytes): ${answer.status} ${answer.body.slice(0, 200)}`;
        expect(answer.status, described).toBeLessThan(500);
        if (method !== 'HEAD' && answer.body !== '') expect(() => JSON.parse(answer.body) as unknown, described).not.toThrow();
      }),
      { numRuns: 300 },
    );
    const errors = server.logs.filter((entry) => typeof entry.level === 'number' && entry.level >= 50);
    expect(errors).toEqual([]);
  });
});
