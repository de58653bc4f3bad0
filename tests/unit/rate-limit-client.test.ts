import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from '../../src/cli/api.js';
import { retryAfterMs, sendHonouringRateLimit } from '../../src/cli/rate-limit.js';

/** A server that refuses the first `refusals` requests of each test with 429 and the given Retry-After. */
function refusingServer(): { server: Server; url: () => string; reset: (refusals: number, retryAfter: string | undefined) => void; received: () => number } {
  let left = 0;
  let retryAfter: string | undefined;
  let received = 0;
  const server = createServer((req, res) => {
    received += 1;
    req.resume();
    if (left > 0) {
      left -= 1;
      res.writeHead(429, { 'content-type': 'application/json', ...(retryAfter === undefined ? {} : { 'retry-after': retryAfter }) });
      res.end(JSON.stringify({ errors: [{ message: 'Too many requests', extensions: { code: 'RATE_LIMITED' } }] }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data: { me: { id: 'u1' } } }));
  });
  return {
    server,
    url: () => {
      const address = server.address();
      return `http://127.0.0.1:${String(typeof address === 'object' && address !== null ? address.port : 0)}/graphql`;
    },
    reset: (refusals, header) => {
      left = refusals;
      retryAfter = header;
      received = 0;
    },
    received: () => received,
  };
}

describe('a client told RATE_LIMITED', () => {
  const fake = refusingServer();
  const slept: number[] = [];
  const sleep = (ms: number) => {
    slept.push(ms);
    return Promise.resolve();
  };
  beforeAll(() => new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve)));
  afterAll(() => new Promise<void>((resolve) => fake.server.close(() => resolve())));

  it('waits as long as Retry-After says, each time, and then gets its answer', async () => {
    fake.reset(2, '3');
    slept.length = 0;
    const response = await sendHonouringRateLimit(() => fetch(fake.url(), { method: 'POST', body: '{}' }), { sleep });
    expect(response.status).toBe(200);
    expect(slept).toEqual([3000, 3000]);
    expect(fake.received()).toBe(3);
  });

  it('gives the 429 back once waiting longer would pass its bound', async () => {
    fake.reset(5, '30');
    slept.length = 0;
    const response = await sendHonouringRateLimit(() => fetch(fake.url(), { method: 'POST', body: '{}' }), { sleep, maxWaitMs: 60_000 });
    expect(response.status).toBe(429);
    expect(slept).toEqual([30_000, 30_000]);
    expect(fake.received()).toBe(3);
  });

  it('waits a second when the header is missing, and never less than a tenth of one', async () => {
    fake.reset(1, undefined);
    slept.length = 0;
    await sendHonouringRateLimit(() => fetch(fake.url(), { method: 'POST', body: '{}' }), { sleep });
    fake.reset(1, '0');
    await sendHonouringRateLimit(() => fetch(fake.url(), { method: 'POST', body: '{}' }), { sleep });
    expect(slept).toEqual([1000, 100]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-12-04T02:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Fri, 04 Dec 2026 02:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Fri, 04 Dec 2026 01:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBe(1000);
  });

  it('is how the command-line client speaks: the caller sees only the answer', async () => {
    fake.reset(1, '1');
    slept.length = 0;
    const api = client(fake.url(), 'en', { sleep });
    expect(await api.call<{ me: { id: string } }>('{ me { id } }')).toEqual({ me: { id: 'u1' } });
    expect(slept).toEqual([1000]);
  });
});
