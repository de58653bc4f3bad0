import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/auth/passwords.js';
import { decodeCursor, encodeCursor } from '../../src/graphql/connection.js';
import { RateLimiter } from '../../src/http/rate-limit.js';
import { languageFrom, requestIdFrom } from '../../src/http/request-context.js';

describe('rate limiter', () => {
  it('allows a burst, then refills at the set rate', () => {
    let now = 0;
    const limiter = new RateLimiter(60, 3, () => now);
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('b').allowed).toBe(true);
    now += 1000;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('neither locks out nor refills when the clock it is given goes back', () => {
    let now = 10_000;
    const limiter = new RateLimiter(60, 2, () => now);
    limiter.take('a');
    now -= 7 * 86_400_000;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('runs on the monotonic clock by default, whatever the wall clock does', () => {
    const limiter = new RateLimiter(60, 1);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });
});

describe('request scope', () => {
  it.each([
    [undefined, 'zh'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['en;q=0.4,zh-TW;q=0.8', 'zh'],
    ['fr-FR', 'zh'],
  ])('answers Accept-Language %s in %s', (header, language) => {
    expect(languageFrom(header)).toBe(language);
  });

  it('keeps a well-formed caller request id and replaces anything else', () => {
    expect(requestIdFrom('client-req-0001')).toBe('client-req-0001');
    expect(requestIdFrom('bad id\n')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('cursors', () => {
  it('round-trip and refuse tampering', () => {
    expect(decodeCursor(encodeCursor('cq.drafter'))).toBe('cq.drafter');
    expect(decodeCursor(null)).toBeUndefined();
    expect(() => decodeCursor('!!')).toThrow(/Invalid cursor/);
    expect(() => decodeCursor('')).toThrow(/Invalid cursor/);
  });
});

describe('passwords', () => {
  it('are hashed with scrypt and a random salt', async () => {
    const [a, b] = await Promise.all([hashPassword('correct horse battery'), hashPassword('correct horse battery')]);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterz', a)).toBe(false);
    expect(await verifyPassword('anything', 'plain-text')).toBe(false);
  });
});
