/**
 * A plan alignment (规划对接) between Chongqing's big data administration and Chengdu's online governance office,
 * as the demo users take it through the GraphQL API: each city drafts its section on its own (5G base stations,
 * data centres, the cross-region data exchange centre), the sections are paired by topic, the divergent pairs are
 * negotiated, and both cities sign the memorandum with keys made here.
 *
 *   npm run walkthrough:alignment -- [--url http://127.0.0.1:4000/graphql] [--password demo-password]
 */
import { parseArgs } from 'node:util';
import { demo } from './demo.js';
import { generateKey } from '../src/cli/vault.js';

const { values } = parseArgs({
  options: { url: { type: 'string', default: 'http://127.0.0.1:4000/graphql' }, password: { type: 'string', default: 'demo-password' } },
});
const { call, signIn, signAs, log } = demo(values.url, values.password);

interface Progress {
  state: string;
  progress: { total: number; aligned: number; divergent: number; escalated: number };
}
const VIEW = '{ state ... on PlanAlignment { progress { total aligned divergent escalated } } }';

async function act(who: string, mutation: string, inputType: string, input: Record<string, unknown>): Promise<Progress> {
  const result = await call<Record<string, Progress>>(`mutation($i: ${inputType}!) { ${mutation}(input: $i) ${VIEW} }`, { i: input }, await signIn(who));
  const { state, progress } = result[mutation]!;
  log(
    who,
    mutation,
    progress.total === 0
      ? state
      : `${state}  (aligned ${progress.aligned}/${progress.total}, divergent ${progress.divergent}, escalated ${progress.escalated})`,
  );
  return result[mutation]!;
}

const { createPlanAlignment } = await call<{ createPlanAlignment: { id: string; state: string } }>(
  'mutation($i: CreatePlanAlignmentInput!) { createPlanAlignment(input: $i) { id state } }',
  {
    i: {
      counterpartAgencyId: 'CD-ONLINE-GOV',
      document: {
        title: '成渝地区数字经济基础设施规划对接',
        titleEn: 'Aligning the digital infrastructure plans of Chengdu and Chongqing',
        summary: '对接两地 5G、数据中心与跨区域数据交换中心建设目标。',
        body: '两地各自起草规划条目，按议题逐项对接，形成对接备忘录并共同签署。',
        policyAreas: ['FIVE_G', 'BIG_DATA', 'DATA_CIRCULATION'],
      },
    },
  },
  await signIn('cq.drafter'),
);
const caseId = createPlanAlignment.id;
log('cq.drafter', 'createPlanAlignment', `${createPlanAlignment.state}   (case ${caseId})`);

const item = (topic: string, target: string, indicator: string, deadline: string, ownerAgencyId: string) => ({
  caseId,
  topic,
  target,
  indicator,
  deadline,
  ownerAgencyId,
});
await act('cq.drafter', 'addPlanItem', 'AddPlanItemInput', item('FIVE_G', '新建 5G 基站 3 万个', '基站数', '2027-12-31', 'CQ-BDB'));
await act('cq.drafter', 'addPlanItem', 'AddPlanItemInput', item('BIG_DATA', '建成两江新区数据中心集群', '机架数 5 万架', '2027-06-30', 'CQ-LIANGJIANG'));
await act('cq.drafter', 'addPlanItem', 'AddPlanItemInput', item('DATA_CIRCULATION', '建成成渝地区数据交换中心', '接入部门 100 个', '2026-12-31', 'CQ-BDB'));
await act('cd.drafter', 'addPlanItem', 'AddPlanItemInput', item('FIVE_G', '新建 5G 基站 3 万个', '基站数', '2027-12-31', 'CD-ONLINE-GOV'));
await act('cd.drafter', 'addPlanItem', 'AddPlanItemInput', item('BIG_DATA', '建成天府新区数据中心集群', '机架数 3 万架', '2027-12-31', 'CD-TIANFU'));
await act('cq.reviewer', 'submitSection', 'CaseActionInput', { caseId });
await act('cd.reviewer', 'submitSection', 'CaseActionInput', { caseId });

await act('cq.reviewer', 'proposeResolution', 'TopicActionInput', { caseId, topic: 'BIG_DATA', text: '两地数据中心集群统一调度，2027 年底前机架合计 8 万架' });
await act('cd.reviewer', 'acceptResolution', 'TopicActionInput', { caseId, topic: 'BIG_DATA' });
await act('cd.reviewer', 'proposeResolution', 'TopicActionInput', { caseId, topic: 'DATA_CIRCULATION', text: '共建成渝地区数据交换中心，两地各设节点' });
await act('cq.reviewer', 'counterPropose', 'TopicActionInput', {
  caseId,
  topic: 'DATA_CIRCULATION',
  text: '共建数据交换中心，重庆主节点、成都备份节点，2026 年底前接入部门 100 个',
});
const signing = await act('cd.reviewer', 'acceptResolution', 'TopicActionInput', { caseId, topic: 'DATA_CIRCULATION' });

await signAs('cq.signatory', caseId, generateKey('ED25519').key);
await signAs('cd.signatory', caseId, generateKey('SM2').key);

const { case: done } = await call<{ case: { state: string; currentVersion: { number: number; contentHash: string; content: { body: string } } } }>(
  'query($id: ID!) { case(id: $id) { state currentVersion { number contentHash content { body } } } }',
  { id: caseId },
  await signIn('auditor'),
);
console.log(
  `\nmemorandum v${done.currentVersion.number} (${done.currentVersion.contentHash.slice(0, 16)}…), signed by both cities:\n${done.currentVersion.content.body}`,
);
const { verifyCase } = await call<{ verifyCase: { valid: boolean } }>(
  'query($id: ID!) { verifyCase(id: $id) { valid } }',
  { id: caseId },
  await signIn('auditor'),
);
console.log(`\nstate ${done.state}; verifyCase: ${verifyCase.valid ? 'valid' : 'INVALID'}`);
if (signing.state !== 'signing' || done.state !== 'aligned' || !verifyCase.valid) process.exit(1);
