import { defineConfig } from 'vitest/config';
import { postgresAnswers } from './tests/support/postgres.js';

/**
 * One run tests the server on every database backend this machine has: FerretDB on PostgreSQL when
 * 127.0.0.1:5432 answers, and on SQLite always (`TEST_DB_BACKEND=sqlite` runs SQLite alone). Each backend is a
 * project of its own, with its own database started by the global setup; their files share one pool of workers, so
 * that one backend's files fill the time another's leave idle (a test waiting on its server uses no core).
 */
/**
 * Files that test the layers above the store — the command-line client, the README's scripts, the evidence bundle
 * and its offline verifier, the GraphQL request limits, input checks, fuzzing of the API, sign-in, and the tables of
 * who may do what (which the random and path walks also check at every step, on every backend) — run once, on
 * SQLite (the default backend, which every machine has): what they check does not depend on the database behind
 * the store, and running them on each backend doubled a third of the suite's time. Everything that reads or writes
 * through the store in ways the backends serve differently (queries, indexes, concurrency, crashes, outages,
 * histories, the walks) runs on every backend.
 */
const aboveTheStore = [
  'cli',
  'walkthrough',
  'bundle',
  'query-limits',
  'case-input',
  'http-fuzz',
  'fuzz',
  'guessing',
  'auth',
  'hygiene',
  'document-diff',
  'workflow-definitions',
  'authorization',
  'project-rules',
  'roles',
  'auditor',
  'signatures',
  'directory',
  'proposal-features',
].map((name) => `tests/integration/${name}.test.ts`);

export default defineConfig(async () => {
  const backends = process.env.TEST_DB_BACKEND === 'sqlite' || !(await postgresAnswers()) ? ['sqlite'] : ['postgresql', 'sqlite'];
  return {
    test: {
      // Timeouts only tell a hang from a slow run, never a fast machine from a slow one: no test may pass or fail
      // with the machine's speed (a walk through a joint project on SQLite beside other files takes minutes).
      testTimeout: 600_000,
      hookTimeout: 600_000,
      // Integration files each start server processes; two at a time per backend fit a two-core machine.
      maxWorkers: 2 * backends.length,
      projects: backends.map((backend) => ({
        extends: true as const,
        test: {
          name: backend,
          globalSetup: ['tests/support/global-setup.ts'],
          // The unit tests touch no database: they run once, with the backend every machine has.
          include: backend === 'sqlite' ? ['tests/**/*.test.ts'] : ['tests/integration/**/*.test.ts'],
          exclude: backend === 'sqlite' ? [] : aboveTheStore,
          // Concurrent tests (the walks) keep PostgreSQL busy; SQLite has one writer at a time, and contending
          // writers only wait for each other there, so they run one after another.
          maxConcurrency: backend === 'sqlite' ? 1 : 5,
        },
      })),
    },
  };
});
