import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureLocalDatabaseBinary } from '../../src/localdb/binary.js';
import { startLocalDatabase, type Backend } from '../../src/localdb/server.js';
import { createTestKeys, type TestKeys } from './keys.js';
import { throwawayData } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
    backend: 'postgresql' | 'sqlite';
    /** The local database program and where the run's database keeps its data, for tests that read query plans. */
    localdb: { binary: string; backend: Backend };
    keys: TestKeys;
  }
}

/**
 * One isolated database per run of a project (vitest.config.ts): for the `postgresql` project a fresh PostgreSQL
 * database on the local server, dropped afterwards; for `sqlite`, SQLite files in a temporary directory.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const binary = await ensureLocalDatabaseBinary((message) => process.stdout.write(`${message}\n`));
  // The database listens on a socket in a directory of this run's own (mode 0700), as the server's does.
  const dir = await mkdtemp(path.join(tmpdir(), 'twincity-db-'));
  const cleanups: (() => Promise<void>)[] = [() => rm(dir, { recursive: true, force: true })];
  const data = await throwawayData(project.name === 'postgresql' ? 'postgresql' : 'sqlite', dir, 'twincity_test');
  cleanups.push(() => data.drop());
  const { backend } = data;
  const database = await startLocalDatabase(binary, backend, () => undefined, { socket: path.join(dir, 'mongodb.sock') });
  const keys = createTestKeys();
  cleanups.unshift(
    () => database.stop(),
    () => rm(keys.dir, { recursive: true, force: true }),
  );

  const kind = 'postgresUrl' in backend ? 'postgresql' : 'sqlite';
  process.stdout.write(`test database of the ${project.name} project: FerretDB on ${kind} at ${database.uri}\n`);
  project.provide('mongoUri', database.uri);
  project.provide('backend', kind);
  project.provide('localdb', { binary, backend });
  project.provide('keys', keys);

  return async () => {
    for (const cleanup of cleanups) await cleanup();
  };
}
