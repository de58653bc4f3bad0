import { createConnection } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { Backend } from '../../src/localdb/server.js';

const postgresAdminUrl = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Whether a PostgreSQL server answers on this machine (the test and benchmark databases are made there when it does). */
export function postgresAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port: 5432, timeout: 1000 });
    const answer = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.once('connect', () => answer(true));
    socket.once('error', () => answer(false));
    socket.once('timeout', () => answer(false));
  });
}

/** Runs one statement as the local administrator (creating and dropping databases). */
export async function withPostgres(sql: string): Promise<void> {
  const client = new pg.Client(postgresAdminUrl);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Where a throwaway local database keeps its data, and how to drop it. */
export interface ThrowawayData {
  backend: Backend;
  /** The PostgreSQL database's name; undefined on SQLite. */
  postgresName?: string;
  /** Drops the PostgreSQL database (a no-op on SQLite, whose files go with the caller's directory). */
  drop(): Promise<void>;
}

/**
 * A fresh home for a local database's data: a PostgreSQL database named `<prefix>_<pid>_<ms>`, or SQLite files in
 * `<dir>/db`. The caller removes `dir`, and calls `drop` once the local database has stopped.
 */
export async function throwawayData(kind: 'postgresql' | 'sqlite', dir: string, prefix: string): Promise<ThrowawayData> {
  if (kind === 'sqlite') return { backend: { sqliteDir: path.join(dir, 'db') }, drop: () => Promise.resolve() };
  const name = `${prefix}_${String(process.pid)}_${String(Date.now())}`;
  await withPostgres(`CREATE DATABASE ${name}`);
  return {
    backend: { postgresUrl: `postgres://postgres@127.0.0.1:5432/${name}` },
    postgresName: name,
    drop: () => withPostgres(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
