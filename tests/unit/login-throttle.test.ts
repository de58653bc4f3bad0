import { describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../src/auth/login-throttle.js';

describe('the sign-in throttle, on an injected clock', () => {
  const make = () => {
    const clock = { now: 1_000_000 };
    return { clock, throttle: new LoginThrottle({ freeFailures: 3, baseLockMs: 1000, maxLockMs: 60_000 }, () => clock.now) };
  };
  const fail = async (throttle: LoginThrottle, key: string) => {
    const verdict = await throttle.begin(key);
    if (verdict.allowed) throttle.settle(key, false);
    return verdict;
  };

  it('lets three failures pass, then locks for a time that doubles with each further one, up to the cap', async () => {
    const { clock, throttle } = make();
    for (let i = 0; i < 3; i++) expect((await fail(throttle, 'account:a')).allowed).toBe(true);
    const locks: number[] = [];
    for (let i = 0; i < 10; i++) {
      expect((await fail(throttle, 'account:a')).allowed).toBe(true);
      const refused = await throttle.begin('account:a');
      expect(refused.allowed).toBe(false);
      locks.push(refused.retryAfterMs);
      clock.now += refused.retryAfterMs;
    }
    expect(locks).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000]);
  });

  it('checks attempts on one account one after another: those sent together wait, and meet the lock the first ones set', async () => {
    const { throttle } = make();
    const order: string[] = [];
    const attempts = Array.from({ length: 8 }, async (_, i) => {
      const verdict = await throttle.begin('account:a');
      order.push(`${i}:${verdict.allowed ? 'checked' : 'refused'}`);
      if (verdict.allowed) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        throttle.settle('account:a', false);
      }
    });
    await Promise.all(attempts);
    expect(order).toEqual(['0:checked', '1:checked', '2:checked', '3:checked', '4:refused', '5:refused', '6:refused', '7:refused']);
  });

  it('lets several sign-ins with the right password at once all through, one after another', async () => {
    const { throttle } = make();
    const verdicts = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const verdict = await throttle.begin('account:a');
        if (verdict.allowed) throttle.settle('account:a', true);
        return verdict.allowed;
      }),
    );
    expect(verdicts.every(Boolean)).toBe(true);
  });

  it('refuses at once beyond sixteen attempts waiting on one account', async () => {
    const { throttle } = make();
    const first = await throttle.begin('account:a');
    expect(first.allowed).toBe(true);
    const waiting = Array.from({ length: 16 }, () => throttle.begin('account:a'));
    expect(await throttle.begin('account:a')).toEqual({ allowed: false, retryAfterMs: 1000 });
    throttle.settle('account:a', true);
    for (const verdict of waiting) {
      const settled = await verdict;
      if (settled.allowed) throttle.settle('account:a', true);
    }
  });

  it('clears an account on success, and keeps a device apart from its account', async () => {
    const { throttle } = make();
    for (let i = 0; i < 6; i++) await fail(throttle, 'account:a');
    expect((await throttle.begin('account:a')).allowed).toBe(false);
    const device = await throttle.begin('device:d1');
    expect(device.allowed).toBe(true);
    throttle.settle('device:d1', true);
    expect((await throttle.begin('account:a')).allowed).toBe(false);
  });

  it('keeps an account locked however many other names are guessed at', async () => {
    const { clock, throttle } = make();
    for (let i = 0; i < 6; i++) await fail(throttle, 'account:locked');
    for (let i = 0; i < 10_001; i++) await fail(throttle, `account:guess${i}`);
    clock.now += 1;
    expect((await throttle.begin('account:locked')).allowed).toBe(false);
    expect((await throttle.begin('account:fresh')).allowed).toBe(true);
  });
});
