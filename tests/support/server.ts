import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

export { startServer, type RunningServer } from './process.js';

/** A fresh database name on the shared test database, so that test files never see each other's data. */
export const uniqueDatabaseName = (prefix: string): string => `${prefix}_${randomBytes(4).toString('hex')}`;

/** The environment of a production-like server on the test database, signed-in with the test keys. */
export function productionEnv(database: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    MONGODB_URI: inject('mongoUri'),
    MONGODB_DB: database,
    JWT_KEYS_DIR: inject('keys').dir,
    CHECKPOINT_KEY_FILE: inject('keys').checkpoint.file,
    // Checkpoints only when a test asks for one, so that none appears in the middle of a test.
    CHECKPOINT_INTERVAL_MINUTES: '0',
    // Test files sign in once; the longest outlast the default 15 minutes on a slow backend.
    JWT_TTL_SECONDS: '3600',
    // A request still unanswered after two minutes is answered SERVICE_UNAVAILABLE (and logged as timed out): far
    // beyond any answer on a slow machine, and before the tests' own hang guard (requestHangGuardMs).
    REQUEST_TIMEOUT_MS: '120000',
    SEED_DEMO: 'true',
    PORT: '0',
    METRICS_PORT: '0',
    LOG_LEVEL: 'info',
    ...extra,
  };
}

/**
 * `/readyz`'s answer once it says ready, or its last answer after `capMs`: readiness is a ping of the database
 * with a deadline of its own (2 s), which a busy machine can pass now and then without anything being wrong.
 */
export async function readiness(url: string, capMs = 60_000): Promise<{ status: number; body: unknown }> {
  const until = Date.now() + capMs;
  for (;;) {
    const response = await fetch(`${url}/readyz`);
    const answer: { status: number; body: unknown } = { status: response.status, body: await response.json() };
    if (answer.status === 200 || Date.now() > until) return answer;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
