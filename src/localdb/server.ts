import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { LocalDatabaseError } from './binary.js';

export type Backend = { sqliteDir: string } | { postgresUrl: string };

/** Where the database listens: a Unix domain socket (see socket.ts), or a loopback TCP address only when asked. */
export type Listen = { socket: string } | { tcp: string };

export interface LocalDatabase {
  uri: string;
  /** The database process, for whoever watches its resources. */
  pid: number | undefined;
  stop(): Promise<void>;
}

const startTimeoutMs = 60_000;
const stopTimeoutMs = 10_000;

/**
 * Starts the local database program and resolves with its MongoDB URI once it accepts connections, on `listen`.
 * It exits with this process even on SIGKILL: it watches the pipe on its standard input. `extraArgs` go to the
 * program as they are (tests and the benchmark compare with `-pushdown-indexes=false`).
 */
export function startLocalDatabase(
  binary: string,
  backend: Backend,
  log: (line: string) => void,
  listen: Listen,
  extraArgs: readonly string[] = [],
): Promise<LocalDatabase> {
  const args = ['socket' in listen ? ['-unix', listen.socket] : ['-listen', listen.tcp], '-exit-with-parent'].flat();
  args.push(...('sqliteDir' in backend ? ['-sqlite-dir', backend.sqliteDir] : ['-postgresql-url', backend.postgresUrl]), ...extraArgs);
  const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  createInterface({ input: child.stderr }).on('line', log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
    await exited;
    clearTimeout(timer);
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new LocalDatabaseError(`the local database did not start within ${startTimeoutMs / 1000} s`));
    }, startTimeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new LocalDatabaseError(`the local database could not be started: ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new LocalDatabaseError(`the local database exited with code ${String(code)} before it was ready`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^ready (mongodb:\/\/\S+)$/.exec(line);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      resolve({ uri: match[1], pid: child.pid, stop });
    });
  });
}
