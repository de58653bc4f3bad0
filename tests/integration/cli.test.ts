import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestBed } from '../support/bed.js';
import { year2027 } from '../support/calendar.js';
import { runCli, type Run } from '../support/cli.js';
import { sampleDocument } from '../support/cases.js';
import { storeBudgetAsNumbers } from '../support/legacy.js';
import { Project } from '../support/projects.js';

const stringMatching = (pattern: RegExp): unknown => expect.stringMatching(pattern) as unknown;

describe('the twincity command-line client, against a running server', () => {
  const bed = useTestBed('cli');
  const dir = mkdtempSync(path.join(tmpdir(), 'twincity-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (user: string, args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<Run> =>
    runCli(bed.server.graphqlUrl, dir, user, args, options);
  const json = <T>(run: Run): T => {
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as T;
  };
  const history = async (caseId: string) => (await bed.actors.historyTypes(caseId)).length;
  const documentFile = (name: string, body: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, JSON.stringify({ ...sampleDocument(), body }));
    return file;
  };
  let caseId = '';

  it('takes a Chongqing proposal to adoption with Chengdu’s review and both cities’ signatures made by the client', async () => {
    for (const user of ['cq.drafter', 'cq.reviewer', 'cd.reviewer', 'cq.signatory', 'cd.signatory']) expect((await cli(user, ['login', user])).code).toBe(0);
    expect(json<{ username: string }>(await cli('cq.drafter', ['--json', 'whoami'])).username).toBe('cq.drafter');
    expect(statSync(path.join(dir, 'cq.drafter', 'sessions.json')).mode & 0o777).toBe(0o600);

    const created = json<{ id: string; state: string }>(
      await cli('cq.drafter', [
        '--json',
        'create-proposal',
        '--counterpart',
        'CD-ONLINE-GOV',
        '--document',
        documentFile('v1.json', '# 总则\n\n一、共建数据交换中心。'),
      ]),
    );
    caseId = created.id;
    expect(created.state).toBe('drafting');
    expect(
      (
        await cli('cq.drafter', [
          'edit',
          caseId,
          '--document',
          documentFile('v2.json', '# 总则\n\n一、共建数据交换中心。\n二、统一数据标准。'),
          '--note',
          '补充标准',
        ])
      ).stdout,
    ).toMatch(/editDocument → drafting/);
    const diff = await cli('cq.drafter', ['diff', caseId]);
    expect(diff.stdout).toContain('v1 → v2');
    expect(diff.stdout).toContain('+ 二、统一数据标准。');
    expect((await cli('cq.drafter', ['submit', caseId])).stdout).toMatch(/submitForInternalReview → internalReview/);
    expect((await cli('cq.reviewer', ['approve', caseId, '--comment', '同意'])).stdout).toMatch(/→ counterpartReview/);

    const inbox = await cli('cd.reviewer', ['inbox']);
    expect(inbox.stdout).toMatch(
      new RegExp(`${caseId}\\s+Joint policy proposal\\s+成渝地区数据共享与流通联合政策\\s+counterpartReview\\s+REQUEST_CHANGES,ACCEPT,REJECT\\s`),
    );
    // The required comment is asked for when not given: here it comes down a pipe.
    const asked = await cli('cd.reviewer', ['request-changes', caseId], { stdin: '请补充数据安全条款\n' });
    expect(asked.stdout).toMatch(/requestChanges → revising/);
    const show = await cli('cq.drafter', ['show', caseId]);
    expect(show.stdout).toContain('state revising');
    expect(show.stdout).toMatch(/you may: .*EDIT/);
    await cli('cq.drafter', [
      'edit',
      caseId,
      '--document',
      documentFile('v3.json', '# 总则\n\n一、共建数据交换中心。\n二、统一数据标准。\n三、联合开展数据安全监管。'),
      '--note',
      '按意见补充',
    ]);
    // The revision goes through Chongqing's internal review again (policyProposal@2) before Chengdu sees it.
    expect((await cli('cq.drafter', ['resubmit', caseId])).stdout).toMatch(/resubmitProposal → internalReview/);
    expect((await cli('cq.reviewer', ['approve', caseId, '--comment', '同意再次提交'])).stdout).toMatch(/approveInternally → counterpartReview/);
    expect((await cli('cd.reviewer', ['accept', caseId])).stdout).toMatch(/acceptProposal → signing/);

    const passphrase = { TWINCITY_PASSPHRASE: 'correct horse battery' };
    for (const [user, algorithm] of [
      ['cq.signatory', 'ED25519'],
      ['cd.signatory', 'SM2'],
    ] as const) {
      const key = json<{ id: string; algorithm: string }>(await cli(user, ['--json', 'keys', 'generate', '--algorithm', algorithm], { env: passphrase }));
      expect(key.algorithm).toBe(algorithm);
      const sealed = readFileSync(path.join(dir, user, 'keys', `${key.id}.json`), 'utf8');
      expect(sealed).not.toMatch(/PRIVATE KEY/);
      expect(statSync(path.join(dir, user, 'keys', `${key.id}.json`)).mode & 0o777).toBe(0o600);
      expect((await cli(user, ['keys', 'register', key.id])).stdout).toContain(`Registered ${algorithm} key ${key.id}`);
      expect((await cli(user, ['keys', 'list'])).stdout).toMatch(new RegExp(`${key.id.slice(0, 16)}\\s+${algorithm}\\s+ACTIVE\\s+yes`));
      const signed = await cli(user, ['sign', caseId, '--key', key.id], { stdin: 'y\n', env: passphrase });
      expect(signed.stderr).toContain('You are about to sign');
      expect(signed.stderr).toMatch(/content hash [0-9a-f]{64}/);
      expect(signed.stderr).toContain('action SIGN');
      // The signing screen names the agency signed for and the policy areas by name, not by code.
      expect(signed.stderr).toMatch(user === 'cq.signatory' ? /for 重庆市大数据应用发展管理局 \(CHONGQING\)/ : /for 成都市网络理政办公室 \(CHENGDU\)/);
      expect(signed.stderr).toContain('policy areas: big data, data circulation');
    }
    expect((await cli('cq.drafter', ['--json', 'show', caseId])).stdout).toContain('"state": "adopted"');
  });

  it('lets an auditor search, verify, bundle and check the bundle offline, and export with progress', async () => {
    expect((await cli('auditor', ['login', 'auditor'])).code).toBe(0);
    const { number } = (await bed.actors.query<{ createCheckpoint: { number: number } }>('joint.coordinator', 'mutation { createCheckpoint { number } }')).data!
      .createCheckpoint;
    // A bundle's checkpoint is evidence once both cities have countersigned it, each with the key on their machine.
    for (const user of ['cq.signatory', 'cd.signatory']) {
      expect((await cli(user, ['checkpoint', 'countersign', String(number)], { env: { TWINCITY_PASSPHRASE: 'correct horse battery' } })).stdout).toMatch(
        /countersigned by/,
      );
    }
    const entries = json<{ type: string }[]>(await cli('auditor', ['--json', 'history', '--case', caseId, '--oldest-first']));
    expect(entries.map((e) => e.type)).toEqual([
      'CREATE',
      'EDIT',
      'SUBMIT_FOR_INTERNAL_REVIEW',
      'APPROVE_INTERNALLY',
      'REQUEST_CHANGES',
      'EDIT',
      'RESUBMIT',
      'APPROVE_INTERNALLY',
      'ACCEPT',
      'SIGN',
      'SIGN',
    ]);
    expect((await cli('auditor', ['verify', caseId])).stdout).toMatch(/^VALID: 11 entries, 3 versions, 2 signatures checked/);
    const bundle = path.join(dir, 'bundle.json');
    const keyFile = path.join(dir, 'checkpoint-key.txt');
    expect((await cli('auditor', ['bundle', caseId, '--out', bundle, '--key-out', keyFile])).code).toBe(0);
    const offline = await cli('nobody', ['verify-bundle', bundle, '--checkpoint-key', readFileSync(keyFile, 'utf8').trim()], {
      env: { TWINCITY_SERVER: 'http://127.0.0.1:1999/graphql' },
    });
    expect(offline.stdout).toContain('VERDICT: VALID');
    expect(offline.stdout).toMatch(/countersigned by cd\.signatory \(CHENGDU, SM2\)/);
    writeFileSync(bundle, readFileSync(bundle, 'utf8').replace('数据安全', '数据安会'));
    expect((await cli('nobody', ['verify-bundle', bundle, '--checkpoint-key', readFileSync(keyFile, 'utf8').trim()])).code).toBe(1);

    const csv = path.join(dir, 'history.csv');
    const exported = await cli('auditor', ['export', '--format', 'csv', '--case', caseId, '--out', csv, '--page-size', '4']);
    expect(exported.stderr).toContain('exported 4 / 11 entries (36%)');
    expect(exported.stderr).toContain('exported 11 / 11 entries (100%)');
    expect(readFileSync(csv, 'utf8').trimEnd().split('\n')).toHaveLength(12);
  });

  it('says clearly what went wrong, exits non-zero, and changes nothing', async () => {
    const before = await history(caseId);
    // A case that no longer accepts the action.
    const late = await cli('cd.reviewer', ['reject', caseId, '--reason', '太迟']);
    expect(late.code).toBe(4);
    expect(late.stderr).toMatch(/^INVALID_TRANSITION: The case in state adopted does not accept REJECT/);
    expect(late.stderr).not.toMatch(/\n\s+at /);
    // The same in Chinese, and as JSON for scripts.
    expect((await cli('cd.reviewer', ['--lang', 'zh', 'reject', caseId, '--reason', '太迟'])).stderr).toMatch(/案件当前状态（adopted）不接受操作 REJECT/);
    const asJson = await cli('cd.reviewer', ['--json', 'reject', caseId, '--reason', '太迟']);
    expect(JSON.parse(asJson.stdout)).toEqual({ error: { code: 'INVALID_TRANSITION', message: 'The case in state adopted does not accept REJECT' } });

    // A wrong passphrase: nothing is sent.
    const proposal = await bed.actors.createProposal('cq.drafter');
    for (const [user, mutation] of [
      ['cq.drafter', 'submitForInternalReview'],
      ['cq.reviewer', 'approveInternally'],
      ['cd.reviewer', 'acceptProposal'],
    ] as const)
      await bed.actors.act(user, mutation, { caseId: proposal.id });
    const [key] = json<{ id: string }[]>(await cli('cq.signatory', ['--json', 'keys', 'list']));
    const wrong = await cli('cq.signatory', ['sign', proposal.id, '--key', key!.id, '--yes'], { env: { TWINCITY_PASSPHRASE: 'not the passphrase' } });
    expect([wrong.code, wrong.stderr.trim().split('\n').at(-1)]).toEqual([6, 'WRONG_PASSPHRASE: Wrong passphrase, or the key file was altered']);
    const declined = await cli('cq.signatory', ['sign', proposal.id, '--key', key!.id], {
      stdin: 'n\n',
      env: { TWINCITY_PASSPHRASE: 'correct horse battery' },
    });
    expect([declined.code, declined.stderr.trim().split('\n').at(-1)]).toEqual([7, 'CANCELLED: Not signed']);
    expect((await bed.actors.historyTypes(proposal.id)).at(-1)).toBe('ACCEPT');
    // A revoked key signs nothing more.
    expect((await cli('cq.signatory', ['keys', 'revoke', key!.id])).stdout).toContain(`Revoked ${key!.id}`);
    expect((await cli('cq.signatory', ['keys', 'list'])).stdout).toMatch(/\sREVOKED\s/);
    const revoked = await cli('cq.signatory', ['sign', proposal.id, '--key', key!.id, '--yes'], { env: { TWINCITY_PASSPHRASE: 'correct horse battery' } });
    expect([revoked.code, revoked.stderr]).toEqual([4, expect.stringMatching(/^SIGNATURE_INVALID: /) as unknown]);
    expect((await bed.actors.historyTypes(proposal.id)).at(-1)).toBe('ACCEPT');

    // An expired session, a token the server refuses, an unreachable server, a missing required comment.
    const sessions = path.join(dir, 'cd.reviewer', 'sessions.json');
    const saved = JSON.parse(readFileSync(sessions, 'utf8')) as Record<string, { token: string; expiresAt: string }>;
    const session = saved[bed.server.graphqlUrl]!;
    writeFileSync(sessions, JSON.stringify({ [bed.server.graphqlUrl]: { ...session, expiresAt: '2020-01-01T00:00:00.000Z' } }));
    expect(await cli('cd.reviewer', ['inbox'])).toMatchObject({
      code: 3,
      stderr: stringMatching(/^SESSION_EXPIRED: The session of cd\.reviewer expired at 2020-01-01T00:00:00.000Z: run twincity login again/),
    });
    writeFileSync(sessions, JSON.stringify({ [bed.server.graphqlUrl]: { ...session, token: `${session.token.slice(0, -4)}AAAA` } }));
    expect(await cli('cd.reviewer', ['inbox'])).toMatchObject({ code: 3, stderr: stringMatching(/^UNAUTHENTICATED: /) });
    expect(await cli('cd.reviewer', ['--server', 'http://127.0.0.1:1999/graphql', 'inbox'])).toMatchObject({ code: 3 });
    expect(await cli('cd.reviewer', ['--server', 'http://127.0.0.1:1999/graphql', 'login', 'cd.reviewer'])).toMatchObject({
      code: 5,
      stderr: stringMatching(/^UNREACHABLE: Cannot reach the server: http:\/\/127\.0\.0\.1:1999\/graphql: ECONNREFUSED/),
    });
    await cli('cq.reviewer', ['login', 'cq.reviewer']);
    expect(await cli('cq.reviewer', ['return', proposal.id])).toMatchObject({ code: 2, stderr: 'USAGE: A comment is required\n' });
    expect(await cli('cq.reviewer', ['approve', proposal.id, '--bogus'])).toMatchObject({ code: 2 });
    expect(await history(caseId)).toBe(before);
  });

  it('lets an administrator load a year of the calendar from a file and anyone list the years loaded', async () => {
    for (const user of ['admin', 'cq.drafter']) expect((await cli(user, ['login', user])).code).toBe(0);
    const file = path.join(dir, 'calendar-2027.json');
    writeFileSync(file, JSON.stringify(year2027()));
    expect(await cli('admin', ['calendar', 'load', file])).toMatchObject({
      code: 0,
      stdout: 'Loaded 2027 NATIONAL revision 1 (days off: 3, weekend days worked: 1)\n',
    });

    const listed = json<{
      coveredYears: number[];
      schedules: { year: number; region: string; revision: number; origin: string; inForce: boolean; loadedBy: string | null; source: string }[];
    }>(await cli('cq.drafter', ['--json', 'calendar', 'list', '--year', '2027']));
    expect(listed.coveredYears).toEqual([2026, 2027]);
    expect(listed.schedules).toEqual([
      expect.objectContaining({
        year: 2027,
        region: 'NATIONAL',
        revision: 1,
        origin: 'API',
        inForce: true,
        loadedBy: 'admin',
        source: '国务院办公厅关于2027年部分节假日安排的通知',
      }),
    ]);
    const table = (await cli('cq.drafter', ['calendar', 'list'])).stdout;
    expect(table).toContain('covered years: 2026, 2027');
    expect(table).toMatch(/2027\s+NATIONAL\s+1\s+API\s+yes\s+3\s+1\s+admin\s+\S+\s+国务院办公厅关于2027年部分节假日安排的通知/);
    expect(table).toMatch(/2026\s+NATIONAL\s+0\s+FILE\s+yes\s+33\s+6\s+—\s+—\s+国务院办公厅关于2026年/);

    // Refused: not an administrator; a weekday as a day worked in exchange; no file. Nothing more is loaded.
    expect(await cli('cq.drafter', ['calendar', 'load', file])).toMatchObject({ code: 4, stderr: stringMatching(/^FORBIDDEN: /) });
    writeFileSync(file, JSON.stringify(year2027({ workingDays: ['2027-01-04'] })));
    expect(await cli('admin', ['calendar', 'load', file])).toMatchObject({
      code: 4,
      stderr: stringMatching(/^BAD_USER_INPUT: Working day 2027-01-04 is not a Saturday or Sunday/),
    });
    expect(await cli('admin', ['calendar', 'load'])).toMatchObject({ code: 2, stderr: stringMatching(/^USAGE: Give a JSON file/) });
    expect(await cli('admin', ['calendar', 'list', '--year', 'soon'])).toMatchObject({ code: 2 });
    expect(json<{ schedules: unknown[] }>(await cli('admin', ['--json', 'calendar', 'list', '--year', '2027'])).schedules).toHaveLength(1);
  });

  it('shows a project’s budget in 万元 as the server shows amounts, for a project stored with JSON numbers too', async () => {
    expect((await cli('cq.drafter', ['login', 'cq.drafter'])).code).toBe(0);
    const fresh = await Project.open(bed.actors);
    const legacy = await Project.open(bed.actors);
    await storeBudgetAsNumbers(bed.database, legacy.id, { initiator: 1200, counterpart: 800.5 });
    for (const id of [fresh.id, legacy.id]) {
      const shown = await cli('cq.drafter', ['show', id]);
      expect(shown.stdout).toContain('budget CHONGQING 1200.00 万元 (CQ-BDB)\nbudget CHENGDU 800.50 万元 (CD-ONLINE-GOV)\n');
    }
  });
});
