/**
 * A joint project (联合项目) from proposal to signed acceptance, on a server of its own whose clock the script
 * moves on, so that a milestone can be seen to go overdue: the server's deadline scheduler records it, and the
 * joint office's supervision view (督办) lists it.
 *
 *   npm run walkthrough:project
 *
 * The server runs in development mode with the demo users, on a local database in a temporary directory that
 * is removed at the end, and on a simulated clock (scripts/shifted-clock.ts) — never do that in production.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { demo } from './demo.js';
import { generateKey } from '../src/cli/vault.js';

const projectRoot = fileURLToPath(new URL('../', import.meta.url));
const day = 86_400_000;
mkdirSync(path.join(projectRoot, '.data'), { recursive: true });
const dataDir = mkdtempSync(path.join(projectRoot, '.data', 'walkthrough-project-'));
const clockFile = path.join(dataDir, 'clock-offset');
writeFileSync(clockFile, '0');

const server = spawn(process.execPath, ['--import', 'tsx', '--import', './scripts/shifted-clock.ts', 'src/main.ts'], {
  cwd: projectRoot,
  env: {
    ...process.env,
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    PORT: '0',
    DEADLINE_POLL_SECONDS: '1',
    SHIFTED_CLOCK_FILE: clockFile,
    LOG_LEVEL: 'info',
    MONGODB_URI: '',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const port = await new Promise<number>((resolve, reject) => {
  createInterface({ input: server.stdout }).on('line', (line) => {
    const entry = JSON.parse(line.startsWith('{') ? line : '{}') as { msg?: string; port?: number };
    if (entry.msg === 'listening' && entry.port !== undefined) resolve(entry.port);
  });
  server.once('exit', (code) => reject(new Error(`the server stopped (${String(code)}) before listening`)));
});
const url = `http://127.0.0.1:${port}/graphql`;
console.log(`server on ${url}, simulated clock, data in ${path.relative(projectRoot, dataDir)}\n`);

const { call, signIn, signAs, log } = demo(url, 'demo-password');
const PROJECT = '{ id state ... on JointProject { milestones { id status } } }';
type Project = { id: string; state: string; milestones: { id: string; status: string }[] };
const act = async (who: string, mutation: string, inputType: string, input: Record<string, unknown>) => {
  const result = await call<Record<string, Project>>(`mutation($i: ${inputType}!) { ${mutation}(input: $i) ${PROJECT} }`, { i: input }, await signIn(who));
  const project = result[mutation]!;
  log(who, mutation, `${project.state}  (${project.milestones.map((m) => `${m.id} ${m.status}`).join(', ')})`);
};
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function supervision(title: string): Promise<void> {
  const { supervision: view } = await call<{
    supervision: {
      asOf: string;
      overdue: { project: { title: string }; milestone: { id: string; title: string; dueAt: string; ownerAgency: { name: string } } }[];
      dueSoon: { project: { title: string }; milestone: { id: string; title: string; dueAt: string; ownerAgency: { name: string } } }[];
      openInspections: { inspection: { id: string; findings: string } }[];
    };
  }>(
    `{ supervision(withinDays: 90) { asOf
        overdue { project { title } milestone { id title dueAt ownerAgency { name } } }
        dueSoon { project { title } milestone { id title dueAt ownerAgency { name } } }
        openInspections { inspection { id findings } } } }`,
    {},
    await signIn('joint.coordinator'),
  );
  console.log(`\n督办 supervision — ${title} (server time ${view.asOf.slice(0, 10)})`);
  for (const [label, list] of [
    ['overdue', view.overdue],
    ['due within 90 days', view.dueSoon],
  ] as const) {
    for (const { milestone } of list)
      console.log(`  ${label.padEnd(20)} ${milestone.id} ${milestone.title} — ${milestone.ownerAgency.name}, due ${milestone.dueAt.slice(0, 10)}`);
  }
  console.log(`  open inspections     ${view.openInspections.length}\n`);
}

try {
  const now = Date.now();
  const { createJointProject } = await call<{ createJointProject: Project }>(
    `mutation($i: CreateJointProjectInput!) { createJointProject(input: $i) ${PROJECT} }`,
    {
      i: {
        counterpartAgencyId: 'CD-ONLINE-GOV',
        document: {
          title: '成渝地区数据交换中心联合建设项目',
          titleEn: 'Joint construction of the Chengdu–Chongqing data exchange hub',
          summary: '共建成渝地区数据交换中心，两地政务数据互认共享。',
          body: '# 项目建议书\n\n一、建设内容：数据交换中心及两地平台接入。\n二、分工：重庆建设中心，成都完成平台接入。\n三、经费：两地按比例分担。',
          policyAreas: ['BIG_DATA', 'DATA_CIRCULATION'],
        },
        plan: {
          goals: ['建成成渝地区数据交换中心', '两地政务数据互认共享'],
          initiatorBudget: '1200',
          counterpartBudget: '800',
          initiatorLeadAgencyId: 'CQ-BDB',
          counterpartLeadAgencyId: 'CD-ONLINE-GOV',
          milestones: [
            { title: '数据交换中心上线运行', side: 'INITIATOR', dueDate: isoDate(now + 30 * day), deliverable: '运行报告' },
            { title: '成都政务平台接入', side: 'COUNTERPART', ownerAgencyId: 'CD-HITECH', dueDate: isoDate(now + 60 * day), deliverable: '接入测试报告' },
          ],
        },
      },
    },
    await signIn('cq.drafter'),
  );
  const caseId = createJointProject.id;
  log('cq.drafter', 'createJointProject', `${createJointProject.state}   (case ${caseId})`);
  await act('cq.drafter', 'submitJointProject', 'CaseActionInput', { caseId });
  await act('cd.reviewer', 'endorseFeasibility', 'CaseActionInput', { caseId, comment: '成都方认为可行' });
  await act('cq.reviewer', 'endorseFeasibility', 'CaseActionInput', { caseId });
  const chongqingKey = generateKey('ED25519').key;
  const chengduKey = generateKey('SM2').key;
  await signAs('cq.signatory', caseId, chongqingKey);
  await signAs('cd.signatory', caseId, chengduKey);

  await act('cq.drafter', 'reportMilestone', 'ReportMilestoneInput', { caseId, milestoneId: 'M1', evidence: '数据交换中心已上线运行，运行报告见附件' });
  await act('cd.reviewer', 'verifyMilestone', 'MilestoneReviewInput', { caseId, milestoneId: 'M1', comment: '核验通过' });
  await act('joint.coordinator', 'openInspection', 'OpenInspectionInput', {
    caseId,
    side: 'COUNTERPART',
    findings: '成都平台接入安全测评未开展',
    rectificationWorkingDays: 10,
  });
  await act('cd.drafter', 'reportRectification', 'InspectionActionInput', { caseId, inspectionId: 'I1', report: '已完成等级保护测评' });
  await act('joint.coordinator', 'closeInspection', 'InspectionActionInput', { caseId, inspectionId: 'I1', comment: '整改到位' });
  await supervision('today');

  // Sixty-one days on: Chengdu's milestone has passed its due date without a report.
  writeFileSync(clockFile, String(61 * day));
  server.kill('SIGUSR2');
  const recorded = async () => {
    const { history } = await call<{ history: { edges: { node: { at: string; subject: string; reason: string; actor: { system: boolean } } }[] } }>(
      'query($c: ID!) { history(filter: { caseId: $c, eventType: "RECORD_OVERDUE" }) { edges { node { at subject reason actor { system } } } } }',
      { c: caseId },
      await signIn('auditor'),
    );
    return history.edges.map((edge) => edge.node);
  };
  for (let tries = 0; (await recorded()).length === 0; tries += 1) {
    if (tries > 600) throw new Error('the scheduler did not record the overdue milestone within two minutes');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  for (const entry of await recorded()) log(entry.actor.system ? 'system (scheduler)' : 'someone', 'RECORD_OVERDUE', `${entry.subject}: ${entry.reason}`);
  await supervision('61 days later');

  await act('cd.drafter', 'reportMilestone', 'ReportMilestoneInput', { caseId, milestoneId: 'M2', evidence: '成都政务平台完成接入，测试报告见附件' });
  await act('cq.reviewer', 'verifyMilestone', 'MilestoneReviewInput', { caseId, milestoneId: 'M2' });
  await signAs('cq.signatory', caseId, chongqingKey, 'SIGN_ACCEPTANCE');
  await signAs('cd.signatory', caseId, chengduKey, 'SIGN_ACCEPTANCE');

  const { case: done, verifyCase } = await call<{
    case: { state: string; history: { edges: { node: { type: string } }[] } };
    verifyCase: { valid: boolean; entriesChecked: number; signaturesChecked: number };
  }>(
    'query($id: ID!) { case(id: $id) { state history(first: 100) { edges { node { type } } } } verifyCase(id: $id) { valid entriesChecked signaturesChecked } }',
    { id: caseId },
    await signIn('auditor'),
  );
  console.log(`\nhistory: ${done.history.edges.map((edge) => edge.node.type).join(' → ')}`);
  console.log(
    `state ${done.state}; verifyCase: ${verifyCase.valid ? 'valid' : 'INVALID'} (${verifyCase.entriesChecked} entries, ${verifyCase.signaturesChecked} signatures checked)`,
  );
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
