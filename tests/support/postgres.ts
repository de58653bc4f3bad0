import { createConnection } from 'node:net';
import pg from 'pg';

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
