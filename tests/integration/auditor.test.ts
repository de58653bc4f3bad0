import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Actors, sampleDocument } from '../support/cases.js';
import { codes, succeeded } from '../support/graphql.js';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';
import { ed25519Signer } from '../support/signers.js';

const schema = buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));

describe('an auditor', () => {
  let server: RunningServer;
  let actors: Actors;
  let caseId: string;

  beforeAll(async () => {
    server = await startServer(productionEnv(uniqueDatabaseName('auditor')));
    actors = Actors.at(server.graphqlUrl);
    caseId = (await actors.createProposal('cq.drafter')).id;
    await actors.act('cq.drafter', 'submitForInternalReview', { caseId });
    await actors.act('cq.reviewer', 'approveInternally', { caseId });
    await actors.query('joint.coordinator', 'mutation { createCheckpoint { number } }');
  });
  afterAll(async () => {
    await server.stop();
  });

  const everything = async () =>
    JSON.stringify(
      (
        await Promise.all([
          actors.query('auditor', '{ history(first: 500) { edges { node { hash } } } }'),
          actors.query('admin', '{ users(first: 200) { edges { node { username roles disabled } } } agencies(first: 200) { edges { node { id } } } }'),
          actors.query('auditor', '{ checkpoint { number } }'),
        ])
      ).map(succeeded),
    );

  it('can change nothing: every mutation is refused and records nothing', async () => {
    const action = (mutation: string, extra = '') => [mutation, `mutation($c: ID!) { ${mutation}(input: { caseId: $c${extra} }) { id } }`] as const;
    const attempts: (readonly [string, string])[] = [
      ['createAgency', 'mutation { createAgency(input: { id: "CQ-AUDIT", name: "审计机构", region: CHONGQING }) { id } }'],
      [
        'createUser',
        'mutation { createUser(input: { username: "audit.helper", displayName: "x", agencyId: "JOINT-OFFICE", roles: [AUDITOR], password: "harbour-lantern-quiet-river" }) { id } }',
      ],
      ['setUserRoles', 'mutation($c: ID!) { setUserRoles(userId: $c, roles: [ADMIN]) { id } }'],
      ['disableUser', 'mutation($c: ID!) { disableUser(userId: $c) { id } }'],
      ['enableUser', 'mutation($c: ID!) { enableUser(userId: $c) { id } }'],
      ['registerSigningKey', `mutation { registerSigningKey(algorithm: ED25519, publicKey: "${ed25519Signer().publicKey}", label: "x") { id } }`],
      ['revokeSigningKey', `mutation { revokeSigningKey(keyId: "${'a'.repeat(64)}") { id } }`],
      [
        'createProposal',
        `mutation { createProposal(input: { counterpartAgencyId: "CD-DRC", document: { title: "${sampleDocument().title}", summary: "s", body: "b", policyAreas: [FIVE_G] } }) { id } }`,
      ],
      [
        'editDocument',
        'mutation($c: ID!) { editDocument(input: { caseId: $c, baseVersion: 1, changeNote: "x", document: { title: "t", summary: "s", body: "b", policyAreas: [FIVE_G] } }) { id } }',
      ],
      action('submitForInternalReview'),
      action('approveInternally'),
      action('returnToDrafter', ', comment: "x"'),
      action('requestChanges', ', comment: "x"'),
      action('acceptProposal'),
      action('rejectProposal', ', reason: "x"'),
      action('resubmitProposal'),
      action('declineToSign', ', reason: "x"'),
      action('withdrawCase'),
      action('escalateCase', ', reason: "x"'),
      ['arbitrate', 'mutation($c: ID!) { arbitrate(input: { caseId: $c, resolution: REJECT, comment: "x" }) { id } }'],
      ['signCase', 'mutation($c: ID!) { signCase(input: { caseId: $c, payload: "{\\"action\\":\\"SIGN\\"}", signature: "AAAA" }) { id } }'],
      ['createCheckpoint', 'mutation { createCheckpoint { number } }'],
      [
        'createPlanAlignment',
        'mutation { createPlanAlignment(input: { counterpartAgencyId: "CD-DRC", document: { title: "对接", summary: "s", body: "b", policyAreas: [FIVE_G] } }) { id } }',
      ],
      [
        'addPlanItem',
        'mutation($c: ID!) { addPlanItem(input: { caseId: $c, topic: FIVE_G, target: "t", indicator: "i", deadline: "2027-01-01", ownerAgencyId: "JOINT-OFFICE" }) { id } }',
      ],
      ['removePlanItem', `mutation($c: ID!) { removePlanItem(input: { caseId: $c, itemId: "${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}" }) { id } }`],
      action('submitSection'),
      ['proposeResolution', 'mutation($c: ID!) { proposeResolution(input: { caseId: $c, topic: FIVE_G, text: "x" }) { id } }'],
      ['acceptResolution', 'mutation($c: ID!) { acceptResolution(input: { caseId: $c, topic: FIVE_G }) { id } }'],
      ['counterPropose', 'mutation($c: ID!) { counterPropose(input: { caseId: $c, topic: FIVE_G, text: "x" }) { id } }'],
      ['arbitratePlanItem', 'mutation($c: ID!) { arbitratePlanItem(input: { caseId: $c, topic: FIVE_G, text: "x" }) { id } }'],
      action('abandonAlignment', ', reason: "x"'),
      [
        'createJointProject',
        `mutation { createJointProject(input: { counterpartAgencyId: "CD-DRC", document: { title: "项目", summary: "s", body: "b", policyAreas: [FIVE_G] }, plan: { goals: ["g"], initiatorBudget: "1", counterpartBudget: "1", initiatorLeadAgencyId: "CQ-BDB", counterpartLeadAgencyId: "CD-DRC", milestones: [{ title: "m", side: INITIATOR, dueDate: "2099-01-01", deliverable: "d" }] } }) { id } }`,
      ],
      [
        'reviseJointProject',
        'mutation($c: ID!) { reviseJointProject(input: { caseId: $c, baseVersion: 1, changeNote: "x", document: { title: "t", summary: "s", body: "b", policyAreas: [FIVE_G] }, plan: { goals: ["g"], initiatorBudget: "1", counterpartBudget: "1", initiatorLeadAgencyId: "CQ-BDB", counterpartLeadAgencyId: "CD-DRC", milestones: [{ title: "m", side: INITIATOR, dueDate: "2099-01-01", deliverable: "d" }] } }) { id } }',
      ],
      action('submitJointProject'),
      action('endorseFeasibility'),
      action('raiseConcern', ', comment: "x"'),
      action('reportMilestone', ', milestoneId: "M1", evidence: "e"'),
      action('verifyMilestone', ', milestoneId: "M1"'),
      action('rejectMilestone', ', milestoneId: "M1", comment: "x"'),
      action('openInspection', ', side: COUNTERPART, findings: "f"'),
      action('reportRectification', ', inspectionId: "I1", report: "r"'),
      action('requestFurtherRectification', ', inspectionId: "I1", comment: "x"'),
      action('closeInspection', ', inspectionId: "I1"'),
      action('suspendProject', ', reason: "x"'),
      action('resumeProject', ', reason: "x"'),
      action('requestTermination', ', reason: "x"'),
      action('declineTermination', ', reason: "x"'),
      ['countersignCheckpoint', `mutation { countersignCheckpoint(number: 1, keyId: "${'a'.repeat(64)}", signature: "AAAA") { number } }`],
      ['migrateCase', 'mutation($c: ID!) { migrateCase(input: { caseId: $c, toWorkflow: "policyProposal@2", comment: "x" }) { id } }'],
      [
        'loadCalendarYear',
        'mutation { loadCalendarYear(input: { year: 2027, region: NATIONAL, nonWorkingDays: ["2027-01-01"], workingDays: [], source: "国务院办公厅关于2027年部分节假日安排的通知" }) { year } }',
      ],
    ];
    const mutations = Object.keys(schema.getMutationType()!.getFields()).filter((name) => name !== 'login');
    expect(attempts.map(([name]) => name).sort()).toEqual(mutations.sort());

    const adminId = (await actors.query<{ me: { id: string } }>('admin', '{ me { id } }')).data!.me.id;
    const before = await everything();
    for (const [name, query] of attempts) {
      const variables = ['setUserRoles', 'disableUser', 'enableUser'].includes(name) ? { c: adminId } : query.includes('$c') ? { c: caseId } : {};
      const response = await actors.query('auditor', query, variables);
      expect(response.data ?? null, name).toBeNull();
      expect(['FORBIDDEN', 'INVALID_TRANSITION', 'SIGNATURE_INVALID', 'NOT_FOUND', 'BAD_USER_INPUT'], name).toContain(codes(response)[0]);
    }
    expect(await everything()).toBe(before);
  });

  it('reads every case, its history and its verification', async () => {
    const read = await actors.query<{ case: { state: string }; verifyCase: { valid: boolean } }>(
      'auditor',
      'query($c: ID!) { case(id: $c) { state } verifyCase(id: $c) { valid } }',
      { c: caseId },
    );
    expect(read.data).toEqual({ case: { state: 'counterpartReview' }, verifyCase: { valid: true } });
  });
});
