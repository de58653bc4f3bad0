/**
 * Slows password guessing per account (OWASP Authentication Cheat Sheet, "account lockout" and "device cookies"):
 * after `freeFailures` wrong passwords an account is locked for a time that doubles with each further one, up to
 * `maxLockMs`; while locked, attempts are refused without the password being checked, so no guess is spent. One
 * attempt per account is checked at a time, so that guesses sent together do not all slip through before the first
 * fails. The lock binds attempts from unknown clients only: a client holding a device token from an earlier
 * sign-in to that account (the owner's) has a counter of its own, so that someone else's guesses never lock the
 * owner out. Kept in the memory of each server process.
 */
export interface ThrottleVerdict {
  allowed: boolean;
  /** When refused: how long until an attempt is taken again (ms). */
  retryAfterMs: number;
}

interface Counter {
  failures: number;
  lockedUntil: number;
  checking: boolean;
}

export interface LoginThrottleSettings {
  freeFailures: number;
  baseLockMs: number;
  maxLockMs: number;
}

const maxCounters = 10_000;

export const defaultThrottleSettings: LoginThrottleSettings = { freeFailures: 3, baseLockMs: 1000, maxLockMs: 15 * 60_000 };

export class LoginThrottle {
  private readonly counters = new Map<string, Counter>();

  constructor(
    private readonly settings: LoginThrottleSettings = defaultThrottleSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Whether an attempt on `key` (the account, or the account and a device) is checked now; when it is, `settle`
   * must be called with its outcome.
   */
  begin(key: string): ThrottleVerdict {
    const now = this.now();
    if (this.counters.size > maxCounters) this.forgetExpired(now);
    const counter = this.counters.get(key) ?? { failures: 0, lockedUntil: 0, checking: false };
    if (counter.checking) return { allowed: false, retryAfterMs: 1000 };
    if (counter.lockedUntil > now) return { allowed: false, retryAfterMs: counter.lockedUntil - now };
    counter.checking = true;
    this.counters.set(key, counter);
    return { allowed: true, retryAfterMs: 0 };
  }

  /** Guesses at many names would otherwise grow the map for ever: records no longer locked are dropped. */
  private forgetExpired(now: number): void {
    for (const [key, counter] of this.counters) if (!counter.checking && counter.lockedUntil <= now) this.counters.delete(key);
  }

  /** The outcome of an attempt `begin` allowed: a success clears the account's record, a failure may lock it. */
  settle(key: string, succeeded: boolean): void {
    const counter = this.counters.get(key);
    if (counter === undefined) return;
    if (succeeded) {
      this.counters.delete(key);
      return;
    }
    counter.checking = false;
    counter.failures += 1;
    const over = counter.failures - this.settings.freeFailures;
    if (over > 0) counter.lockedUntil = this.now() + Math.min(this.settings.maxLockMs, this.settings.baseLockMs * 2 ** Math.min(over - 1, 30));
  }
}
