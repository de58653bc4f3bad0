import { execFileSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gql, login } from '../support/graphql.js';
import { startServer, type RunningServer } from '../support/server.js';

/** A development server on its own local database under `dataDir`, as `npm start` runs it. */
const startLocal = (dataDir: string, extra: Record<string, string> = {}) =>
  startServer({
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    PORT: '0',
    METRICS_PORT: '0',
    DEADLINE_POLL_SECONDS: '0',
    CHECKPOINT_INTERVAL_MINUTES: '0',
    LOG_LEVEL: 'info',
    ...extra,
  });

/** The command lines of the processes this server started (ps answers 1 when it has none). */
const children = (server: RunningServer): string[] => {
  try {
    return execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(server.process.pid)], { encoding: 'utf8' })
      .trim()
      .split('\n');
  } catch {
    return [];
  }
};
const databaseCommands = (server: RunningServer): string[] => children(server).filter((line) => line.includes('localdb'));

const serves = async (server: RunningServer) =>
  (await gql<{ me: { username: string } }>(server.graphqlUrl, '{ me { username } }', {}, { token: await login(server.graphqlUrl, 'cq.drafter') })).data?.me
    .username;

describe('the embedded database is not open to other local users', () => {
  const dirs: string[] = [];
  const servers: RunningServer[] = [];
  const fresh = (name = 'twincity-local-') => {
    const dir = mkdtempSync(path.join(tmpdir(), name));
    dirs.push(dir);
    return dir;
  };
  const started = async (dataDir: string, extra: Record<string, string> = {}) => {
    const server = await startLocal(dataDir, extra);
    servers.push(server);
    return server;
  };
  afterAll(async () => {
    for (const server of servers.reverse()) await server.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('listens on a Unix socket inside the data directory, which only its owner may enter, and on no TCP port', async () => {
    const dataDir = fresh();
    const server = await started(dataDir);
    const line = await server.waitForLog((entry) => entry.msg === 'local database started');
    expect(line.socket).toBe(path.join(dataDir, 'mongodb.sock'));
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(line.socket as string).isSocket()).toBe(true);
    const [command] = databaseCommands(server);
    expect(command).toContain(`-unix ${dataDir}/mongodb.sock`);
    expect(command).not.toContain('-listen');
    expect(await serves(server)).toBe('cq.drafter');

    // A second server of the same data directory uses that database, and both serve the same data.
    const second = await started(dataDir);
    await second.waitForLog((entry) => entry.msg === 'using the local database another server of this data directory started');
    expect(databaseCommands(second)).toEqual([]);
    expect(await serves(second)).toBe('cq.drafter');
  });

  it('puts the socket of a data directory too deep for a socket address in a private directory of its own', async () => {
    const deep = path.join(fresh(), 'a-directory-name-long-enough'.repeat(3), 'and-deeper-still');
    const server = await started(deep);
    const { socket } = await server.waitForLog((entry) => entry.msg === 'local database started');
    expect(Buffer.byteLength(socket as string)).toBeLessThanOrEqual(100);
    expect(path.dirname(socket as string)).toBe(path.join(tmpdir(), `twincity-${process.getuid!()}`));
    expect(statSync(path.dirname(socket as string)).mode & 0o777).toBe(0o700);
    expect(await serves(server)).toBe('cq.drafter');
  });

  it('refuses a data directory, or a database directory in it, that another user owns, before writing into it', async () => {
    const foreign = fresh();
    chownSync(foreign, 65534, 65534);
    await expect(startLocal(foreign)).rejects.toThrow(/must be a directory of the user running the server/);
    expect(readdirSync(foreign)).toEqual([]);
    const planted = fresh();
    mkdirSync(path.join(planted, 'db'));
    chownSync(path.join(planted, 'db'), 65534, 65534);
    await expect(startLocal(planted)).rejects.toThrow(/must be a directory of the user running the server/);
  });

  it('takes over a socket left by a database killed with -9, and listens on TCP only when asked', async () => {
    const dataDir = fresh();
    const first = await startLocal(dataDir);
    const [pid] = databaseCommands(first)[0]!.trim().split(/\s+/);
    first.process.kill('SIGKILL');
    process.kill(Number(pid), 'SIGKILL');
    await first.exited;
    expect(statSync(path.join(dataDir, 'mongodb.sock')).isSocket()).toBe(true);
    const again = await started(dataDir);
    await again.waitForLog((entry) => entry.msg === 'local database started');
    expect(await serves(again)).toBe('cq.drafter');

    const tcp = await started(fresh(), { LOCAL_DATABASE_TCP: '127.0.0.1:0' });
    const line = await tcp.waitForLog((entry) => entry.msg === 'local database started');
    expect(line.tcp).toBe('127.0.0.1:0');
    expect(databaseCommands(tcp)[0]).toContain('-listen 127.0.0.1:0');
  });
});
