import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/auth/passwords.js';
import { CursorSeal } from '../../src/graphql/connection.js';
import { jsonBytesOver } from '../../src/graphql/server.js';
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
  const secret = generateKeyPairSync('ed25519').privateKey;
  const seal = new CursorSeal(secret);

  it('open on every server holding the same secret, and say nothing of the key they hold', () => {
    const cursor = seal.seal('history', 'p3056');
    expect(new CursorSeal(secret).open('history', cursor)).toBe('p3056');
    expect(Buffer.from(cursor, 'base64url').toString('latin1')).not.toContain('3056');
    // One position, one cursor (a page read twice reads the same); the next position's tells nothing of this one's.
    expect(seal.seal('history', 'p3056')).toBe(cursor);
    expect(seal.seal('history', 'p3057').slice(0, 16)).not.toBe(cursor.slice(0, 16));
    expect(seal.open('history', null)).toBeUndefined();
    // The shortest key there is, a one-digit seq of a case's own history.
    expect(seal.open('case history', seal.seal('case history', '5'))).toBe('5');
    // Not even its length: positions of 1 and of 12 digits seal to cursors of one length.
    expect(new Set(['p1', 'p3056', 'p999999999999'].map((key) => seal.seal('history', key).length)).size).toBe(1);
  });

  it('refuse what they did not seal for that connection, on the field it came in', () => {
    const cursor = seal.seal('history', 'p3056');
    const flipped = Buffer.from(cursor, 'base64url');
    flipped[14] = flipped[14]! ^ 1;
    const forgeries = [
      flipped.toString('base64url'),
      Buffer.from('p3057').toString('base64url'),
      new CursorSeal(generateKeyPairSync('ed25519').privateKey).seal('history', 'p3056'),
      // A cursor of another connection: an agencies list must not take an inbox's or a history's.
      seal.seal('inbox', 'p3056'),
      '!!',
      '',
      `${cursor}A`,
    ];
    for (const forged of forgeries) {
      let refusal: unknown;
      try {
        seal.open('history', forged, 'before');
      } catch (error) {
        refusal = error;
      }
      expect(refusal, forged).toMatchObject({ message: 'Invalid cursor', details: { field: 'before' } });
    }
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

describe('the size of an answer', () => {
  it('is counted to the byte JSON.stringify writes, Chinese, escapes and all, without writing it', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const bytes = Buffer.byteLength(JSON.stringify(value));
        expect(jsonBytesOver(value, bytes)).toBe(false);
        expect(jsonBytesOver(value, bytes - 1)).toBe(true);
      }),
      { numRuns: 500 },
    );
    expect(jsonBytesOver({ data: { t: '成渝"\n' } }, 27)).toBe(false);
    expect(jsonBytesOver({ data: { t: '成渝"\n' } }, 26)).toBe(true);
  });
});
