import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { codes, demoPassword, gql, login } from '../support/graphql.js';
import { productionEnv, readiness, startServer, uniqueDatabaseName } from '../support/server.js';

const temporaryDirs: string[] = [];
const temporaryDir = (prefix: string): string => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temporaryDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

/** A POST whose body is sent all but its last byte now, and the rest when `finish` is called. */
function heldRequest(url: string, body: string): { finish: () => Promise<{ status: number; text: string }> } {
  const bytes = Buffer.from(body);
  let sending!: ClientRequest;
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    sending = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(bytes.length) } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    sending.on('error', reject);
    sending.write(bytes.subarray(0, -1));
  });
  return {
    finish: () => {
      sending.end(bytes.subarray(-1));
      return answer;
    },
  };
}

/** A server that starts its own local database on SQLite under DATA_DIR, as `npm start` does. */
function localEnv(dataDir: string): Record<string, string> {
  const { MONGODB_URI: _uri, ...env } = productionEnv('twincity', { DATA_DIR: dataDir });
  return env;
}

describe('server lifecycle', () => {
  it('keeps the directory across a restart on its own SQLite database', async () => {
    const dataDir = temporaryDir('twincity-data-');
    const first = await startServer(localEnv(dataDir));
    const admin = await login(first.graphqlUrl, 'admin');
    const created = await gql(
      first.graphqlUrl,
      'mutation { createAgency(input: { id: "CQ-EDU", name: "重庆市教育委员会", region: CHONGQING }) { id } }',
      {},
      { token: admin },
    );
    expect(created.errors).toBeUndefined();
    await gql(
      first.graphqlUrl,
      'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
      { i: { username: 'cq.edu.drafter', displayName: '教育委起草人', agencyId: 'CQ-EDU', roles: ['DRAFTER'], password: 'yellow-crane-mist-2031' } },
      { token: admin },
    );
    expect(await first.stop()).toBe(0);
    expect(existsSync(path.join(dataDir, 'db'))).toBe(true);

    const second = await startServer(localEnv(dataDir));
    const token = await login(second.graphqlUrl, 'cq.edu.drafter', 'yellow-crane-mist-2031');
    const me = await gql<{ me: { agency: { name: string; region: string } } }>(second.graphqlUrl, '{ me { agency { name region } } }', {}, { token });
    expect(me.data?.me.agency).toEqual({ name: '重庆市教育委员会', region: 'CHONGQING' });
    expect(await second.stop()).toBe(0);
  });

  it('finishes requests in flight when told to stop', async () => {
    // What is checked is that every request in flight finishes, however long the machine takes to sign them in:
    // the grace period is set far beyond any machine's speed, so that it never decides the outcome.
    const server = await startServer(productionEnv(uniqueDatabaseName('drain'), { LOG_LEVEL: 'debug', SHUTDOWN_TIMEOUT_MS: '600000' }));
    // Twelve sign-ins whose bodies are held back: the server has them in flight until the test lets them finish.
    const body = JSON.stringify({
      query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
      variables: { u: 'cq.signatory', p: demoPassword },
    });
    const held = Array.from({ length: 12 }, () => heldRequest(server.graphqlUrl, body));
    await server.waitForLog(() => server.logs.filter((entry) => entry.msg === 'request received').length === 12);
    const exitCode = server.stop();
    await server.waitForLog((entry) => entry.msg === 'shutting down: finishing requests in flight');
    const answers = await Promise.all(held.map((request) => request.finish()));
    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 12 }, () => 200));
    expect(answers.every((answer) => (JSON.parse(answer.text) as { data: { login: { token: string } } }).data.login.token.split('.').length === 3)).toBe(true);
    expect(await exitCode).toBe(0);
    const order = server.logs.map((entry) => entry.msg);
    expect(order.indexOf('shutting down: finishing requests in flight')).toBeLessThan(order.indexOf('request'));
    expect(order.at(-1)).toBe('stopped');
  });

  it('stops with every process it started when `npm start` is stopped as a service manager stops it', async () => {
    const dataDir = temporaryDir('twincity-npm-');
    const npm = spawn('npm', ['start'], { env: { ...process.env, ...localEnv(dataDir), PORT: '0', METRICS_PORT: 'off' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      npm.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('"msg":"listening"')) resolve();
      });
      npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      void exited.then(() => reject(new Error(`npm start ended before listening:\n${output}`)));
    });
    // npm, the TypeScript runner, the server and its database: every process under npm's.
    const descendants = (pid: number): number[] => {
      // ps exits 1 when the process has no children.
      const children = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
        .stdout.split('\n')
        .filter(Boolean)
        .map(Number);
      return children.flatMap((child) => [child, ...descendants(child)]);
    };
    const started = descendants(npm.pid!);
    expect(started.length).toBeGreaterThanOrEqual(3);
    npm.kill('SIGTERM');
    await exited;
    const alive = (pid: number): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let waited = 0; started.some(alive) && waited < 600; waited += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(started.filter(alive)).toEqual([]);
    expect(output).toContain('"msg":"stopped"');
  });

  it('answers readiness and SERVICE_UNAVAILABLE, leaking nothing, when its database is gone', async () => {
    const server = await startServer(localEnv(temporaryDir('twincity-down-')));
    const token = await login(server.graphqlUrl, 'auditor');
    const database = execFileSync('pgrep', ['-P', String(server.process.pid), '-f', 'localdb'])
      .toString()
      .trim();
    process.kill(Number(database), 'SIGKILL');
    // Gone before anything is asked of it.
    while (existsSync(`/proc/${database}`)) await new Promise((resolve) => setTimeout(resolve, 20));

    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    const response = await gql(server.graphqlUrl, '{ me { id } }', {}, { token });
    expect(response.status).toBe(503);
    expect(codes(response)).toEqual(['SERVICE_UNAVAILABLE']);
    const requestId = response.headers.get('x-request-id')!;
    expect(response.errors?.[0]?.extensions.messages?.en).toMatch(/^The database is unavailable/);
    expect(JSON.stringify(response)).not.toMatch(/Mongo|ECONNREFUSED|at .*\.ts|stack/);
    expect(await server.waitForLog((entry) => entry.requestId === requestId && entry.level === 40)).toMatchObject({
      msg: 'request refused',
      code: 'SERVICE_UNAVAILABLE',
    });
    await server.stop();
  });

  it('refuses to start in production without a signing key', async () => {
    const { JWT_KEYS_DIR: _dir, ...env } = productionEnv(uniqueDatabaseName('nokey'));
    await expect(startServer(env)).rejects.toThrow(/exited with 1[\s\S]*JWT_KEYS_DIR is required outside development/);
  });

  it('refuses to start with a weak signing key', async () => {
    const dir = temporaryDir('twincity-weak-');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    writeFileSync(path.join(dir, 'weak.key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await expect(startServer(productionEnv(uniqueDatabaseName('weak'), { JWT_KEYS_DIR: dir }))).rejects.toThrow(/at least 2048 bits/);
  });

  it('refuses to start with an invalid setting, naming it', async () => {
    await expect(startServer(productionEnv(uniqueDatabaseName('badcfg'), { PORT: 'eighty', JWT_TTL_SECONDS: '86400' }))).rejects.toThrow(
      /PORT must be[\s\S]*JWT_TTL_SECONDS must be/,
    );
  });

  it(`runs on the shared test database (${inject('backend')})`, async () => {
    const server = await startServer(productionEnv(uniqueDatabaseName('ready')));
    expect((await readiness(server.url)).body).toEqual({ status: 'ready' });
    await server.stop();
  });
});
