/**
 * How a well-behaved client meets the server's per-user rate limit: an answer of HTTP 429 (RATE_LIMITED) was
 * refused before anything ran, so the same request is sent again once the server's `Retry-After` has passed.
 */

export interface RateLimitPolicy {
  /** The longest a request may wait in all, over every retry, before the 429 is returned to the caller (ms). */
  maxWaitMs?: number;
  /** Hears each wait: how long, in milliseconds. */
  onRateLimited?: (waitMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** Two minutes: a limit of 600 a minute refills a whole burst well within that. */
const defaultMaxWaitMs = 120_000;

/**
 * The wait a `Retry-After` header asks for, in milliseconds (RFC 9110 §10.2.3: delay-seconds or an HTTP date);
 * one second when it is absent or unreadable.
 */
export function retryAfterMs(header: string | null, now: number): number {
  if (header !== null && /^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = header === null ? Number.NaN : Date.parse(header);
  return Number.isNaN(date) ? 1000 : Math.max(0, date - now);
}

/**
 * Sends the request `send` makes, again after each 429 for as long as the server asks and `maxWaitMs` allows;
 * returns the first answer that is not a 429, or the last 429 once waiting longer would pass `maxWaitMs`.
 */
export async function sendHonouringRateLimit(send: () => Promise<Response>, policy: RateLimitPolicy = {}): Promise<Response> {
  const { maxWaitMs = defaultMaxWaitMs, onRateLimited, sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)), now = Date.now } = policy;
  let waited = 0;
  for (;;) {
    const response = await send();
    if (response.status !== 429) return response;
    // Never sooner than a tenth of a second, so that a server saying 0 cannot turn this into a busy loop.
    const wait = Math.max(100, retryAfterMs(response.headers.get('retry-after'), now()));
    if (waited + wait > maxWaitMs) return response;
    await response.body?.cancel();
    onRateLimited?.(wait);
    await sleep(wait);
    waited += wait;
  }
}
