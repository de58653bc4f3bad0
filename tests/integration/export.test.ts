import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Actors } from '../support/cases.js';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('history export', () => {
  let server: RunningServer;
  const dir = mkdtempSync(path.join(tmpdir(), 'twincity-export-'));

  const run = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'scripts/export-history.ts', '--url', server.graphqlUrl, ...args],
        { cwd: projectRoot, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          resolve({ code: error === null ? 0 : Number((error as { code?: number }).code), stdout, stderr });
        },
      );
    });

  beforeAll(async () => {
    server = await startServer(productionEnv(uniqueDatabaseName('export')));
    const actors = Actors.at(server.graphqlUrl);
    // 60 proposals, 120 entries: three pages of 50.
    const ids: string[] = [];
    for (let i = 0; i < 60; i += 1) ids.push((await actors.createProposal(i % 2 === 0 ? 'cq.drafter' : 'cd.drafter')).id);
    for (const [i, id] of ids.entries()) {
      const user = i % 2 === 0 ? 'cq.drafter' : 'cd.drafter';
      await actors.act(user, i % 3 === 0 ? 'withdrawCase' : 'submitForInternalReview', {
        caseId: id,
        ...(i === 0 ? { reason: '=HYPERLINK("x"), "quoted"\nsecond line' } : {}),
      });
    }
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams every entry as JSON Lines, across pages, with progress', async () => {
    const out = path.join(dir, 'history.jsonl');
    const { code, stderr } = await run(['--format', 'jsonl', '--out', out, '--page-size', '50']);
    expect(code).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(120);
    const entries = lines.map((line) => JSON.parse(line) as { seq: number; at: string; hash: string });
    expect(new Set(entries.map((e) => e.hash)).size).toBe(120);
    const times = entries.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(stderr).toContain('exported 50 / 120 entries (41%)');
    expect(stderr).toContain('exported 120 / 120 entries (100%)');
  });

  it('writes CSV with a header, quoting and no live formulas, filtered', async () => {
    const { code, stdout } = await run(['--format', 'csv', '--event-type', 'WITHDRAW', '--region', 'CHONGQING']);
    expect(code).toBe(0);
    const [header] = stdout.split('\n');
    expect(header).toBe(
      'at,caseId,caseType,seq,type,fromState,toState,actor,agencyId,region,comment,reason,resolution,subject,text,versionNumber,signatureId,workflow,definitionHash,prevHash,hash',
    );
    expect(stdout).toContain(`,WITHDRAW,drafting,withdrawn,cq.drafter,CQ-BDB,CHONGQING,,"'=HYPERLINK(""x""), ""quoted""\nsecond line",`);
    const rows = stdout
      .trimEnd()
      .split('\n')
      .filter((line) => /^\d{4}-/.test(line));
    expect(rows).toHaveLength(10);
  });

  it('narrows by case type', async () => {
    const rows = async (caseType: string) =>
      (await run(['--format', 'csv', '--case-type', caseType])).stdout
        .trimEnd()
        .split('\n')
        .filter((line) => /^\d{4}-/.test(line));
    expect(await rows('POLICY_PROPOSAL')).toHaveLength(120);
    expect(await rows('JOINT_PROJECT')).toHaveLength(0);
  });

  it('fails with the server’s code and message when refused', async () => {
    const { code, stderr } = await run(['--user', 'auditor', '--password', 'wrong-password-x']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/UNAUTHENTICATED/);
  });
});
