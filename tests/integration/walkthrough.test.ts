import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const script = (name: string, args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], { cwd: projectRoot });

describe('the README walkthroughs', () => {
  let server: RunningServer;
  const dir = mkdtempSync(path.join(tmpdir(), 'twincity-walkthrough-'));

  beforeAll(async () => {
    server = await startServer(productionEnv(uniqueDatabaseName('walkthrough')));
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the README’s command-line walkthrough as written: adoption with signatures made by the client, then the offline check', async () => {
    const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
    const commands = /<!-- cli-walkthrough -->\n```sh\n([\s\S]*?)\n```/.exec(readme)![1]!;
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      const child = execFile(
        'bash',
        ['-euo', 'pipefail', '-c', commands],
        { cwd: projectRoot, env: { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8', TMPDIR: dir, TWINCITY_SERVER: server.graphqlUrl } },
        (error, out, err) => (error === null ? resolve({ stdout: out, stderr: err }) : reject(new Error(`${error.message}\n${err}`))),
      );
      // The two confirmations `sign` asks for.
      child.stdin?.end('y\ny\n');
    });
    expect(stdout).toMatch(/acceptProposal → signing/);
    expect(stdout).toMatch(/signCase → adopted/);
    // The signing screen names what is signed, for whom, and with which key, in the reader's language.
    expect(stderr).toMatch(
      /You are about to sign:\n {2}《成渝地区数据共享与流通联合政策》 v1 {2}policy areas: big data, data circulation\n {2}for 重庆市大数据应用发展管理局 \(CHONGQING\)\n {2}content hash [0-9a-f]{64}\n {2}action SIGN\n {2}key [0-9a-f]{64} \(ED25519\)/,
    );
    expect(stderr).toMatch(/\n {2}for 成都市网络理政办公室 \(CHENGDU\)\n/);
    expect(stdout).toMatch(/countersigned by .*\(CD-ONLINE-GOV\)/);
    expect(stdout).toMatch(/^VALID: 6 entries, 1 versions, 2 signatures checked/m);
    expect(stdout).toContain('VERDICT: VALID');
    expect(readFileSync(path.join(dir, 'history.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(7);
  });

  it('runs a joint project to signed acceptance on its own server, with an overdue milestone in supervision', async () => {
    const { stdout } = await script('project-walkthrough', []);
    expect(stdout).toMatch(/closeInspection\s+→ inProgress/);
    expect(stdout).toMatch(/due within 90 days\s+M2 成都政务平台接入 — 成都高新区管委会/);
    expect(stdout).toMatch(/system \(scheduler\) RECORD_OVERDUE\s+→ M2: /);
    expect(stdout).toMatch(/overdue\s+M2 成都政务平台接入 — 成都高新区管委会/);
    expect(stdout).toMatch(/signCase\s+→ completed/);
    expect(stdout).toContain('state completed; verifyCase: valid (16 entries, 4 signatures checked)');
  });

  it('aligns two cities’ plan sections into a memorandum both sign', async () => {
    const { stdout } = await script('alignment-walkthrough', ['--url', server.graphqlUrl]);
    expect(stdout).toMatch(/submitSection\s+→ reconciling {2}\(aligned 1\/3, divergent 2, escalated 0\)/);
    expect(stdout).toMatch(/acceptResolution\s+→ signing {2}\(aligned 3\/3, divergent 0, escalated 0\)/);
    // The memorandum both sign names agencies and policy areas by name and holds every item.
    expect(stdout).toContain('| 议题 | 重庆市大数据应用发展管理局 | 成都市网络理政办公室 | 对接结果 | 方式 |');
    expect(stdout).toContain('| 数据流通 | 建成成渝地区数据交换中心');
    expect(stdout).toMatch(/^\| 大数据 \| .*\n\| 数据流通 \| .*\n\| 5G \| /m);
    expect(stdout).not.toMatch(/DATA_CIRCULATION|BIG_DATA|FIVE_G/);
    expect(stdout).toContain('state aligned; verifyCase: valid');
  });

  it('takes a Chongqing draft to adoption with both cities’ signatures, then an auditor verifies its bundle offline', async () => {
    const { stdout } = await script('walkthrough', ['--url', server.graphqlUrl]);
    expect(stdout).toMatch(/cd\.signatory .*with SM2/);
    expect(stdout).toMatch(/signCase\s+→ adopted/);
    expect(stdout).toMatch(/countersignCheckpoint\s+→ #\d+ with SM2/);
    expect(stdout.match(/ linked$/gm)).toHaveLength(6);
    expect(stdout).toContain('verifyCase: valid (6 entries, 2 signatures checked)');
    const caseId = /case ([0-9a-f-]{36})/.exec(stdout)![1]!;

    const bundle = path.join(dir, 'bundle.json');
    const key = path.join(dir, 'checkpoint-key.txt');
    await script('evidence-bundle', [caseId, '--out', bundle, '--key-out', key, '--url', server.graphqlUrl]);
    await server.stop();

    const offline = await script('verify-bundle', [bundle, '--checkpoint-key', readFileSync(key, 'utf8').trim()]);
    expect(offline.stdout).toContain('VERDICT: VALID');
    expect(offline.stdout).toMatch(/countersigned by cq\.signatory \(CHONGQING, ED25519\)/);
  });
});
