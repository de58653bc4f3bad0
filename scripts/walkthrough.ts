/**
 * A proposal from a Chongqing draft to adoption, as the demo users would take it through the GraphQL API:
 * draft → internal review → Chengdu's review → both cities sign with keys made here, on this machine
 * (Ed25519 for Chongqing, SM2 for Chengdu); the server only ever sees the public keys.
 *
 *   npm run walkthrough -- [--url http://127.0.0.1:4000/graphql] [--password demo-password]
 */
import { parseArgs } from 'node:util';
import { demo } from './demo.js';
import { generateKey } from '../src/cli/vault.js';
import { countersignedBytes } from '../src/crypto/checkpoint-format.js';

const { values } = parseArgs({
  options: { url: { type: 'string', default: 'http://127.0.0.1:4000/graphql' }, password: { type: 'string', default: 'demo-password' } },
});
const url = values.url;

const { call, signIn, signAs, log } = demo(url, values.password);
const STATE = '{ id state historyLength }';
const step = async (who: string, mutation: string, input: Record<string, unknown>) => {
  const result = await call<Record<string, { state: string }>>(
    `mutation($i: CaseActionInput!) { ${mutation}(input: $i) ${STATE} }`,
    { i: input },
    await signIn(who),
  );
  log(who, mutation, result[mutation]!.state);
};

const { createProposal } = await call<{ createProposal: { id: string; state: string } }>(
  `mutation($i: CreateProposalInput!) { createProposal(input: $i) ${STATE} }`,
  {
    i: {
      counterpartAgencyId: 'CD-ONLINE-GOV',
      document: {
        title: '成渝地区双城经济圈数据共享与流通联合政策',
        titleEn: 'Joint policy on data sharing and circulation in the Chengdu–Chongqing economic circle',
        summary: '共建跨区域数据交换中心，统一数据流通标准，联合开展数据安全监管。',
        body: '# 总则\n\n一、共建成渝地区数据交换中心。\n二、统一数据流通标准。\n三、联合开展数据安全监管。',
        policyAreas: ['BIG_DATA', 'DATA_CIRCULATION', 'CYBERSECURITY'],
      },
    },
  },
  await signIn('cq.drafter'),
);
const caseId = createProposal.id;
log('cq.drafter', 'createProposal', `${createProposal.state}   (case ${caseId})`);
await step('cq.drafter', 'submitForInternalReview', { caseId });
await step('cq.reviewer', 'approveInternally', { caseId, comment: '同意提交成都方审核' });
await step('cd.reviewer', 'acceptProposal', { caseId, comment: '成都方同意' });
const chongqingKey = generateKey('ED25519').key;
const chengduKey = generateKey('SM2').key;
const keyIds = { 'cq.signatory': await signAs('cq.signatory', caseId, chongqingKey), 'cd.signatory': await signAs('cd.signatory', caseId, chengduKey) };

// The joint office has the server sign a checkpoint over every case head; each city countersigns it.
const { createCheckpoint } = await call<{ createCheckpoint: { number: number; rootHash: string; statement: string } }>(
  'mutation { createCheckpoint { number rootHash statement } }',
  {},
  await signIn('joint.coordinator'),
);
log('joint.coordinator', 'createCheckpoint', `#${createCheckpoint.number} root ${createCheckpoint.rootHash.slice(0, 16)}…`);
for (const [who, key] of [
  ['cq.signatory', chongqingKey],
  ['cd.signatory', chengduKey],
] as const) {
  const signedAt = new Date().toISOString();
  await call(
    'mutation($n: Int!, $k: ID!, $t: DateTime!, $s: String!) { countersignCheckpoint(number: $n, keyId: $k, signedAt: $t, signature: $s) { number } }',
    { n: createCheckpoint.number, k: keyIds[who], t: signedAt, s: key.sign(countersignedBytes(createCheckpoint.statement, keyIds[who], signedAt)) },
    await signIn(who),
  );
  log(who, 'countersignCheckpoint', `#${createCheckpoint.number} with ${key.algorithm}`);
}

const { case: adopted } = await call<{
  case: {
    state: string;
    history: { edges: { node: { seq: number; type: string; actor: { username: string }; prevHash: string; hash: string; workflow: string } }[] };
  };
}>(
  'query($id: ID!) { case(id: $id) { state history(first: 100) { edges { node { seq type actor { username } workflow prevHash hash } } } } }',
  { id: caseId },
  await signIn('auditor'),
);
console.log(`\nhistory of ${caseId} (${adopted.state}), as the auditor reads it:`);
let previous = '0'.repeat(64);
for (const { node } of adopted.history.edges) {
  const linked = node.prevHash === previous ? 'linked' : 'BROKEN';
  console.log(`  #${node.seq} ${node.type.padEnd(26)} ${node.actor.username.padEnd(14)} ${node.workflow}  ${node.hash.slice(0, 16)}… ${linked}`);
  previous = node.hash;
}
const { verifyCase } = await call<{ verifyCase: { valid: boolean; entriesChecked: number; signaturesChecked: number } }>(
  'query($id: ID!) { verifyCase(id: $id) { valid entriesChecked signaturesChecked } }',
  { id: caseId },
  await signIn('auditor'),
);
console.log(
  `\nverifyCase: ${verifyCase.valid ? 'valid' : 'INVALID'} (${verifyCase.entriesChecked} entries, ${verifyCase.signaturesChecked} signatures checked)`,
);
console.log(`\nevidence bundle:  npm run evidence-bundle -- ${caseId} --out bundle.json --key-out checkpoint-key.txt`);
console.log('verify offline:   npm run verify-bundle -- bundle.json --checkpoint-key "$(cat checkpoint-key.txt)"');
if (adopted.state !== 'adopted' || !verifyCase.valid) process.exit(1);
