import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    // Timeouts only tell a hang from a slow run, never a fast machine from a slow one: no test may pass or fail
    // with the machine's speed (a walk through a joint project on SQLite beside other files takes minutes).
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // Integration files each start server processes; two at a time fit a two-core machine.
    maxWorkers: 2,
    // Concurrent tests (the path walks) keep PostgreSQL busy; SQLite has one writer at a time, and contending
    // writers only wait for each other there, so they run one after another.
    maxConcurrency: process.env.TEST_DB_BACKEND === 'sqlite' ? 1 : 5,
  },
});
