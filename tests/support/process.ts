import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface RunningServer {
  url: string;
  graphqlUrl: string;
  /** Where the server serves /metrics (its own listener), when it does. */
  metricsUrl: string | undefined;
  process: ChildProcess;
  /** Every structured log line the server printed so far. */
  logs: Record<string, unknown>[];
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
  /** Resolves once a log line matching `predicate` has been printed (logs arrive on their own pipe, after responses). */
  waitForLog(predicate: (entry: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/**
 * Starts `src/main.ts` as its own process, the way `npm start` does, and waits until it listens. With
 * `clockFile`, the process runs on the shifted clock that file sets (see scripts/shifted-clock.ts).
 */
export function startServer(env: Record<string, string>, clockFile?: string): Promise<RunningServer> {
  const clock = clockFile === undefined ? [] : ['--import', './scripts/shifted-clock.ts'];
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', './tests/support/exit-with-parent.ts', ...clock, 'src/main.ts'], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, ...(clockFile === undefined ? {} : { SHIFTED_CLOCK_FILE: clockFile }) },
    // Its standard input is a pipe held open by this process alone (see exit-with-parent.ts).
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let metricsUrl: string | undefined;
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
      // Logged before 'listening'.
      if (entry.msg === 'metrics listening') metricsUrl = `http://127.0.0.1:${String(entry.port)}/metrics`;
      if (entry.msg === 'listening') {
        const url = `http://127.0.0.1:${String(entry.port)}`;
        resolve({
          url,
          graphqlUrl: `${url}/graphql`,
          metricsUrl,
          process: child,
          logs,
          exited,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
          waitForLog: async (predicate, timeoutMs = 60_000) => {
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
