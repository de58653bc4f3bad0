import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestBed } from '../support/bed.js';
import { CASE_FIELDS, sampleDocument, type DemoUser } from '../support/cases.js';
import { codes, gql, type GraphQLResponse } from '../support/graphql.js';
import { projectDocument, samplePlan } from '../support/projects.js';
import { ed25519Signer } from '../support/signers.js';
import { anyCodePoint, anyText } from '../support/unicode.js';

const CREATE = `mutation($i: CreateProposalInput!) { createProposal(input: $i) { ${CASE_FIELDS} } }`;

/** Text the database would store otherwise than it was hashed, or that would not show what it says. */
const loneSurrogate = 'A\ud800B';
const nul = 'A\u0000B';
const notNfc = 'Cafe\u0301'; // NFC is "Café" with U+00E9
const bidiOverride = '成渝\u202e合作';
const zeroWidth = '成渝\u200b合作';

describe('input that cannot be stored exactly, or text that would not show as it reads, is refused before it is hashed', () => {
  const bed = useTestBed('textinput');
  let drafting = '';
  let alignment = '';
  let project = '';

  /** Every document any request could write, counted: a refused request must leave all as it was. */
  const recorded = async () =>
    JSON.stringify(
      await Promise.all(
        (['events', 'cases', 'versions', 'signatures', 'keys', 'users', 'agencies'] as const).map((name) => bed.database[name].countDocuments()),
      ),
    );

  const expectRefused = (response: GraphQLResponse<unknown>, field: string, what: string) => {
    expect(codes(response), what).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0]!.extensions.field, what).toBe(field);
    expect(response.errors![0]!.extensions.messages?.zh, what).toContain(field);
  };

  beforeAll(async () => {
    const { actors } = bed;
    drafting = (await actors.createProposal('cq.drafter')).id;
    const opened = await actors.query<{ createPlanAlignment: { id: string } }>(
      'cq.drafter',
      'mutation($i: CreatePlanAlignmentInput!) { createPlanAlignment(input: $i) { id } }',
      {
        i: { counterpartAgencyId: 'CD-ONLINE-GOV', document: sampleDocument('成渝规划对接') },
      },
    );
    alignment = opened.data!.createPlanAlignment.id;
    const created = await actors.query<{ createJointProject: { id: string } }>(
      'cq.drafter',
      'mutation($i: CreateJointProjectInput!) { createJointProject(input: $i) { id } }',
      {
        i: { counterpartAgencyId: 'CD-ONLINE-GOV', document: projectDocument, plan: samplePlan() },
      },
    );
    project = created.data!.createJointProject.id;
  });

  it.each([
    ['a lone surrogate in the title', { title: loneSurrogate }, 'title'],
    ['NUL in the title', { title: nul }, 'title'],
    ['NUL in the body', { body: `# 总则\n\n${nul}` }, 'body'],
    ['a bidi override in the title', { title: bidiOverride }, 'title'],
    ['a zero-width space in the title', { title: zeroWidth }, 'title'],
    ['a line separator in the title', { title: '成渝\u2028合作' }, 'title'],
    ['a title not in NFC', { title: notNfc }, 'title'],
    ['a CJK compatibility ideograph, which NFC would change', { title: '\uf900政策' }, 'title'],
    ['a body not in NFC', { body: `# 总则\n\n${notNfc}` }, 'body'],
    ['a lone surrogate in the English title', { titleEn: loneSurrogate }, 'titleEn'],
    ['a lone surrogate in the summary', { summary: loneSurrogate }, 'summary'],
    // Look-alike titles: letters drawn as nothing, or as each font pleases.
    ['a Hangul filler (drawn as nothing) in the title', { title: '成渝\u3164合作' }, 'title'],
    ['a variation selector in the title', { title: '成渝\ufe0f合作' }, 'title'],
    ['a private-use character in the title', { title: '成渝\ue000合作' }, 'title'],
    // Noncharacters are for a program's own use, never for interchange: in any text.
    ['a noncharacter in the body', { body: '# 总则\n\n成渝\uffff合作' }, 'body'],
    ['a noncharacter of another plane in the summary', { summary: '成渝\u{10FFFE}合作' }, 'summary'],
  ])('createProposal refuses %s and records nothing', async (_, change, field) => {
    const before = await recorded();
    const response = await bed.actors.query('cq.drafter', CREATE, {
      i: { counterpartAgencyId: 'CD-ONLINE-GOV', document: { ...sampleDocument(), ...change } },
    });
    expectRefused(response, field, field);
    expect(await recorded()).toBe(before);
  });

  it('keeps what multi-line text needs: line breaks, tabs, and the joiners of emoji and scripts', async () => {
    const body = '# 总则\n\n\t一、共建数据交换中心。\r\n二、👩\u200d💻 数字人才；فارسی\u200cها。';
    const created = await bed.actors.createProposal('cq.drafter', { document: { ...sampleDocument(), body } });
    expect(created.currentVersion.content.body).toBe(body);
  });

  /** One request per text input of the API, each with `bad` in that field; all else valid. */
  const signer = ed25519Signer();
  const inputs: [string, DemoUser, (bad: string) => [string, Record<string, unknown>], 'line' | 'lines'][] = [
    [
      'changeNote',
      'cq.drafter',
      (bad) => [
        'mutation($i: EditDocumentInput!) { editDocument(input: $i) { id } }',
        { i: { caseId: drafting, baseVersion: 1, document: sampleDocument(), changeNote: bad } },
      ],
      'lines',
    ],
    [
      'comment',
      'cq.drafter',
      (bad) => ['mutation($i: CaseActionInput!) { submitForInternalReview(input: $i) { id } }', { i: { caseId: drafting, comment: bad } }],
      'lines',
    ],
    ['reason', 'cq.drafter', (bad) => ['mutation($i: CaseActionInput!) { withdrawCase(input: $i) { id } }', { i: { caseId: drafting, reason: bad } }], 'lines'],
    [
      'target',
      'cq.drafter',
      (bad) => [
        'mutation($i: AddPlanItemInput!) { addPlanItem(input: $i) { id } }',
        { i: { caseId: alignment, topic: 'FIVE_G', target: bad, indicator: '个', deadline: '2027-12-31', ownerAgencyId: 'CQ-BDB' } },
      ],
      'line',
    ],
    [
      'indicator',
      'cq.drafter',
      (bad) => [
        'mutation($i: AddPlanItemInput!) { addPlanItem(input: $i) { id } }',
        { i: { caseId: alignment, topic: 'FIVE_G', target: '建成 5G 基站', indicator: bad, deadline: '2027-12-31', ownerAgencyId: 'CQ-BDB' } },
      ],
      'line',
    ],
    [
      'text',
      'cq.drafter',
      (bad) => ['mutation($i: TopicActionInput!) { proposeResolution(input: $i) { id } }', { i: { caseId: alignment, topic: 'FIVE_G', text: bad } }],
      'lines',
    ],
    [
      'goals',
      'cq.drafter',
      (bad) => [
        'mutation($i: CreateJointProjectInput!) { createJointProject(input: $i) { id } }',
        { i: { counterpartAgencyId: 'CD-ONLINE-GOV', document: projectDocument, plan: { ...samplePlan(), goals: ['建成数据交换中心', bad] } } },
      ],
      'line',
    ],
    [
      'title',
      'cq.drafter',
      (bad) => [
        'mutation($i: CreateJointProjectInput!) { createJointProject(input: $i) { id } }',
        {
          i: {
            counterpartAgencyId: 'CD-ONLINE-GOV',
            document: projectDocument,
            plan: { ...samplePlan(), milestones: [{ ...samplePlan().milestones[0], title: bad }] },
          },
        },
      ],
      'line',
    ],
    [
      'deliverable',
      'cq.drafter',
      (bad) => [
        'mutation($i: CreateJointProjectInput!) { createJointProject(input: $i) { id } }',
        {
          i: {
            counterpartAgencyId: 'CD-ONLINE-GOV',
            document: projectDocument,
            plan: { ...samplePlan(), milestones: [{ ...samplePlan().milestones[0], deliverable: bad }] },
          },
        },
      ],
      'lines',
    ],
    [
      'evidence',
      'cq.drafter',
      (bad) => ['mutation($i: ReportMilestoneInput!) { reportMilestone(input: $i) { id } }', { i: { caseId: project, milestoneId: 'M1', evidence: bad } }],
      'lines',
    ],
    [
      'findings',
      'cq.reviewer',
      (bad) => ['mutation($i: OpenInspectionInput!) { openInspection(input: $i) { id } }', { i: { caseId: project, side: 'COUNTERPART', findings: bad } }],
      'lines',
    ],
    [
      'report',
      'cd.drafter',
      (bad) => ['mutation($i: InspectionActionInput!) { reportRectification(input: $i) { id } }', { i: { caseId: project, inspectionId: 'I1', report: bad } }],
      'lines',
    ],
    [
      'name',
      'admin',
      (bad) => ['mutation($i: CreateAgencyInput!) { createAgency(input: $i) { id } }', { i: { id: 'CQ-TEXT', name: bad, region: 'CHONGQING' } }],
      'line',
    ],
    [
      'nameEn',
      'admin',
      (bad) => [
        'mutation($i: CreateAgencyInput!) { createAgency(input: $i) { id } }',
        { i: { id: 'CQ-TEXT', name: '重庆市测试局', nameEn: bad, region: 'CHONGQING' } },
      ],
      'line',
    ],
    [
      'displayName',
      'admin',
      (bad) => [
        'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
        { i: { username: 'cq.text', displayName: bad, agencyId: 'CQ-BDB', roles: ['DRAFTER'], password: 'a long enough password' } },
      ],
      'line',
    ],
    [
      'label',
      'cq.signatory',
      (bad) => [
        'mutation($k: String!, $l: String!) { registerSigningKey(algorithm: ED25519, publicKey: $k, label: $l) { id } }',
        { k: signer.publicKey, l: bad },
      ],
      'line',
    ],
  ];

  it.each(inputs)('%s is refused with BAD_USER_INPUT naming it, and nothing is recorded', async (field, user, request, shape) => {
    const bad = [loneSurrogate, nul, notNfc, ...(shape === 'line' ? [bidiOverride, zeroWidth, '成渝\n合作'] : [])];
    const before = await recorded();
    for (const value of bad) {
      const [query, variables] = request(value);
      expectRefused(await bed.actors.query(user, query, variables), field, `${field} = ${JSON.stringify(value)}`);
    }
    expect(await recorded()).toBe(before);
  });

  it('refuses a password that is not well-formed or holds NUL, at creation and at sign-in', async () => {
    const before = await recorded();
    for (const password of [`${loneSurrogate} long enough password`, `${nul} long enough password`]) {
      const created = await bed.actors.query('admin', 'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', {
        i: { username: 'cq.password', displayName: '测试', agencyId: 'CQ-BDB', roles: ['DRAFTER'], password },
      });
      expectRefused(created, 'password', JSON.stringify(password));
      expectRefused(
        await gql(bed.server.graphqlUrl, 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', {
          u: 'cq.drafter',
          p: password,
        }),
        'password',
        'login',
      );
    }
    expect(await recorded()).toBe(before);
  });

  it('refuses a whole number the database gives back otherwise (−0, written as a literal), naming the field', async () => {
    const before = await recorded();
    expectRefused(await bed.actors.query('joint.coordinator', '{ supervision(withinDays: -0) { asOf } }'), 'withinDays', 'withinDays: -0');
    expectRefused(
      await bed.actors.query('cq.drafter', 'mutation($c: ID!) { submitForInternalReview(input: { caseId: $c, expectedVersion: -0 }) { id } }', { c: drafting }),
      'expectedVersion',
      'expectedVersion: -0',
    );
    expect(await recorded()).toBe(before);
  });

  it('a document of any text is refused with BAD_USER_INPUT and nothing recorded, or kept exactly and verifies', async () => {
    const text = (maxLength: number) =>
      fc.oneof(
        anyText(maxLength),
        fc.string({ unit: 'binary', maxLength }),
        fc.string({ unit: 'grapheme', maxLength }),
        fc.string({ unit: fc.oneof(anyCodePoint, fc.constant('\n')), maxLength: 8 }),
      );
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(text(24), text(60), async (title, body) => {
        const before = await recorded();
        const response = await bed.actors.query<{ createProposal: { id: string } }>('cq.drafter', CREATE, {
          i: { counterpartAgencyId: 'CD-ONLINE-GOV', document: { ...sampleDocument(), title, body } },
        });
        if (response.errors !== undefined) {
          expect(codes(response)).toEqual(['BAD_USER_INPUT']);
          expect(['title', 'body']).toContain(response.errors[0]!.extensions.field);
          expect(await recorded()).toBe(before);
          return;
        }
        accepted += 1;
        const { id } = response.data!.createProposal;
        const read = await bed.actors.read('cq.drafter', id);
        expect(read.data?.case.currentVersion.content).toEqual({ title: title.trim(), body: body.trim() });
        const verification = await bed.actors.query<{ verifyCase: { valid: boolean; problems: unknown[] } }>(
          'auditor',
          'query($id: ID!) { verifyCase(id: $id) { valid problems { kind message } } }',
          { id },
        );
        expect(verification.data?.verifyCase.problems).toEqual([]);
        expect(verification.data?.verifyCase.valid).toBe(true);
      }),
      {
        numRuns: 60,
        examples: [
          [loneSurrogate, '正文'],
          ['标题', nul],
          [bidiOverride, '正文'],
          [notNfc, '正文'],
          ['成渝地区 😀 政策', 'Café\n\t正文'],
        ],
      },
    );
    // The property reached both sides: some documents were kept.
    expect(accepted).toBeGreaterThan(0);
  });
});
