/**
 * Slows password guessing per account (OWASP Authentication Cheat Sheet, "account lockout" and "device cookies"):
 * after `freeFailures` wrong passwords an account is locked for a time that doubles with each further one, from
 * `baseLockMs` up to `maxLockMs`; while locked, attempts are refused without the password being checked, so no
 * guess is spent. Attempts on one account are checked one after another (at most `maxWaiting` waiting), so that
 * guesses sent together do not all slip through before the first fails, while a client signing in several times
 * at once only waits. The lock binds attempts from unknown clients only: a client holding a device token from an
 * earlier sign-in to that account (the owner's) has a counter of its own, so that someone else's guesses never
 * lock the owner out. Kept in the memory of each server process.
 */
export interface ThrottleVerdict {
  allowed: boolean;
  /** When refused: how long until an attempt is taken again (ms). */
  retryAfterMs: number;
}

interface Counter {
  failures: number;
  lockedUntil: number;
  /** Settles when the attempt being checked (and those queued before) is done. */
  turn: Promise<void>;
  waiting: number;
  release?: () => void;
}

export interface LoginThrottleSettings {
  freeFailures: number;
  baseLockMs: number;
  maxLockMs: number;
}

const maxCounters = 10_000;
const maxWaiting = 16;

export const defaultThrottleSettings: LoginThrottleSettings = { freeFailures: 3, baseLockMs: 1000, maxLockMs: 15 * 60_000 };

export class LoginThrottle {
  private readonly counters = new Map<string, Counter>();

  constructor(
    private readonly settings: LoginThrottleSettings = defaultThrottleSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Whether an attempt on `key` (the account, or the account and a device) is checked, once the attempts before it
   * are done; when it is, `settle` must be called with its outcome.
   */
  async begin(key: string): Promise<ThrottleVerdict> {
    if (this.counters.size > maxCounters) this.forgetIdle();
    const counter = this.counters.get(key) ?? { failures: 0, lockedUntil: 0, turn: Promise.resolve(), waiting: 0 };
    this.counters.set(key, counter);
    if (counter.waiting >= maxWaiting) return { allowed: false, retryAfterMs: 1000 };
    counter.waiting += 1;
    const before = counter.turn;
    let release = (): void => undefined;
    counter.turn = new Promise((resolve) => (release = resolve));
    await before;
    counter.waiting -= 1;
    const now = this.now();
    if (counter.lockedUntil > now) {
      release();
      return { allowed: false, retryAfterMs: counter.lockedUntil - now };
    }
    counter.release = release;
    return { allowed: true, retryAfterMs: 0 };
  }

  /** The outcome of an attempt `begin` allowed: a success clears the account's record, a failure may lock it. */
  settle(key: string, succeeded: boolean): void {
    const counter = this.counters.get(key);
    if (counter === undefined) return;
    if (succeeded) {
      counter.failures = 0;
      counter.lockedUntil = 0;
    } else {
      counter.failures += 1;
      const over = counter.failures - this.settings.freeFailures;
      if (over > 0) counter.lockedUntil = this.now() + Math.min(this.settings.maxLockMs, this.settings.baseLockMs * 2 ** Math.min(over - 1, 30));
    }
    const release = counter.release;
    counter.release = undefined;
    release?.();
  }

  /** Guesses at many names would otherwise grow the map for ever: records with nothing waiting or locked are dropped. */
  private forgetIdle(): void {
    const now = this.now();
    for (const [key, counter] of this.counters) {
      if (counter.waiting === 0 && counter.release === undefined && counter.lockedUntil <= now) this.counters.delete(key);
    }
  }
}
