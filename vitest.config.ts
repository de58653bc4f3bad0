import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Integration files each start server processes; two at a time fit a two-core machine.
    maxWorkers: 2,
    // Concurrent tests (the path walks) keep PostgreSQL busy; SQLite has one writer at a time, and contending
    // writers only wait for each other there, so they run one after another.
    maxConcurrency: process.env.TEST_DB_BACKEND === 'sqlite' ? 1 : 5,
  },
});
