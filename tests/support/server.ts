import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface RunningServer {
  url: string;
  graphqlUrl: string;
  process: ChildProcess;
  /** Every structured log line the server printed so far. */
  logs: Record<string, unknown>[];
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
  /** Resolves once a log line matching `predicate` has been printed (logs arrive on their own pipe, after responses). */
  waitForLog(predicate: (entry: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

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
    SEED_DEMO: 'true',
    PORT: '0',
    LOG_LEVEL: 'info',
    ...extra,
  };
}

/**
 * Starts `src/main.ts` as its own process, the way `npm start` does, and waits until it listens. With
 * `clockFile`, the process runs on the shifted clock that file sets (see scripts/shifted-clock.ts).
 */
export function startServer(env: Record<string, string>, clockFile?: string): Promise<RunningServer> {
  const clock = clockFile === undefined ? [] : ['--import', './scripts/shifted-clock.ts'];
  const child = spawn(process.execPath, ['--import', 'tsx', ...clock, 'src/main.ts'], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, ...(clockFile === undefined ? {} : { SHIFTED_CLOCK_FILE: clockFile }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(entry);
      if (entry.msg === 'listening') {
        const url = `http://127.0.0.1:${String(entry.port)}`;
        resolve({
          url,
          graphqlUrl: `${url}/graphql`,
          process: child,
          logs,
          exited,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
          waitForLog: async (predicate, timeoutMs = 10_000) => {
            const deadline = Date.now() + timeoutMs;
            for (;;) {
              const found = logs.find(predicate);
              if (found !== undefined) return found;
              if (Date.now() > deadline) throw new Error('expected log line did not appear');
              await new Promise((resolve) => setTimeout(resolve, 10));
            }
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`server exited with ${String(code)} before listening:\n${stderr}`)));
  });
}
