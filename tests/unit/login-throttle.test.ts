import { describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../src/auth/login-throttle.js';

describe('the sign-in throttle, on an injected clock', () => {
  const make = () => {
    const clock = { now: 1_000_000 };
    return { clock, throttle: new LoginThrottle({ freeFailures: 3, baseLockMs: 1000, maxLockMs: 60_000 }, () => clock.now) };
  };
  const fail = (throttle: LoginThrottle, key: string) => {
    const verdict = throttle.begin(key);
    if (verdict.allowed) throttle.settle(key, false);
    return verdict;
  };

  it('lets three failures pass, then locks for a time that doubles with each further one, up to the cap', () => {
    const { clock, throttle } = make();
    for (let i = 0; i < 3; i++) expect(fail(throttle, 'account:a').allowed).toBe(true);
    const locks: number[] = [];
    for (let i = 0; i < 10; i++) {
      expect(fail(throttle, 'account:a').allowed).toBe(true);
      const refused = throttle.begin('account:a');
      expect(refused.allowed).toBe(false);
      locks.push(refused.retryAfterMs);
      clock.now += refused.retryAfterMs;
    }
    expect(locks).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000]);
  });

  it('checks one attempt per account at a time', () => {
    const { throttle } = make();
    expect(throttle.begin('account:a').allowed).toBe(true);
    expect(throttle.begin('account:a')).toEqual({ allowed: false, retryAfterMs: 1000 });
    expect(throttle.begin('account:b').allowed).toBe(true);
    throttle.settle('account:a', false);
    expect(throttle.begin('account:a').allowed).toBe(true);
  });

  it('clears an account on success, and keeps a device apart from its account', () => {
    const { throttle } = make();
    for (let i = 0; i < 6; i++) fail(throttle, 'account:a');
    expect(throttle.begin('account:a').allowed).toBe(false);
    const device = throttle.begin('device:d1');
    expect(device.allowed).toBe(true);
    throttle.settle('device:d1', true);
    expect(throttle.begin('account:a').allowed).toBe(false);
  });

  it('keeps an account locked however many other names are guessed at', () => {
    const { clock, throttle } = make();
    for (let i = 0; i < 6; i++) fail(throttle, 'account:locked');
    for (let i = 0; i < 10_001; i++) fail(throttle, `account:guess${i}`);
    clock.now += 1;
    expect(throttle.begin('account:locked').allowed).toBe(false);
    expect(throttle.begin('account:fresh').allowed).toBe(true);
  });
});
