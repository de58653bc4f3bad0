import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Actors, CASE_FIELDS, sampleDocument } from '../support/cases.js';
import { codes, succeeded } from '../support/graphql.js';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';

const CREATE = `mutation($i: CreateProposalInput!) { createProposal(input: $i) { ${CASE_FIELDS} } }`;
const EDIT = `mutation($i: EditDocumentInput!) { editDocument(input: $i) { ${CASE_FIELDS} } }`;

describe('bad input on every case mutation: a clear error and no change', () => {
  let server: RunningServer;
  let actors: Actors;
  let drafting: string;
  let reviewing: string;

  beforeAll(async () => {
    server = await startServer(productionEnv(uniqueDatabaseName('caseinput')));
    actors = Actors.at(server.graphqlUrl);
    drafting = (await actors.createProposal('cq.drafter')).id;
    reviewing = (await actors.createProposal('cq.drafter')).id;
    await actors.act('cq.drafter', 'submitForInternalReview', { caseId: reviewing });
    await actors.act('cq.reviewer', 'approveInternally', { caseId: reviewing });
  });
  afterAll(async () => {
    await server.stop();
  });

  /** What a refused request must leave as it was; a read that fails fails the test rather than compare as null. */
  const everything = async () => {
    const inbox = succeeded(await actors.query('cq.drafter', '{ inbox(first: 100) { edges { node { id } } } }'));
    const cases = await Promise.all(
      [drafting, reviewing].map(async (id) =>
        succeeded(await actors.query('auditor', 'query($id: ID!) { case(id: $id) { state historyLength headHash versions { id } } }', { id })),
      ),
    );
    return JSON.stringify([inbox, cases]);
  };

  const document = sampleDocument();
  const createCases: [string, Record<string, unknown>, string][] = [
    ['an empty title', { document: { ...document, title: '   ' } }, 'BAD_USER_INPUT'],
    ['an oversized title', { document: { ...document, title: '题'.repeat(201) } }, 'BAD_USER_INPUT'],
    ['an oversized body', { document: { ...document, body: 'x'.repeat(200_001) } }, 'BAD_USER_INPUT'],
    ['control characters in the title', { document: { ...document, title: 'a\u0007b' } }, 'BAD_USER_INPUT'],
    ['no policy area', { document: { ...document, policyAreas: [] } }, 'BAD_USER_INPUT'],
    ['an unknown policy area', { document: { ...document, policyAreas: ['GAMBLING'] } }, 'BAD_USER_INPUT'],
    ['a number for the title', { document: { ...document, title: 42 } }, 'BAD_USER_INPUT'],
    ['an operator object for the title', { document: { ...document, title: { $ne: null } } }, 'BAD_USER_INPUT'],
    ['an operator object for the counterpart', { counterpartAgencyId: { $gt: '' } }, 'BAD_USER_INPUT'],
    ['an operator string for the counterpart', { counterpartAgencyId: '{"$gt":""}' }, 'BAD_USER_INPUT'],
    ['an unknown counterpart', { counterpartAgencyId: 'CD-NOWHERE' }, 'NOT_FOUND'],
    ['a review period of 0 days', { reviewPeriodDays: 0 }, 'BAD_USER_INPUT'],
    ['a review period of 1000 days', { reviewPeriodDays: 1000 }, 'BAD_USER_INPUT'],
    ['a quorum of 0', { initiatorQuorum: { required: 0 } }, 'BAD_USER_INPUT'],
    [
      'a quorum larger than its named signatories',
      { counterpartQuorum: { required: 2, signatories: ['00000000-0000-0000-0000-000000000000'] } },
      'BAD_USER_INPUT',
    ],
    ['a named signatory who is not one', { counterpartQuorum: { required: 1, signatories: ['00000000-0000-0000-0000-000000000000'] } }, 'BAD_USER_INPUT'],
    ['a quorum its agency has too few signatories for', { initiatorQuorum: { required: 2 } }, 'BAD_USER_INPUT'],
    ['a malformed idempotency key', { idempotencyKey: 'a b' }, 'BAD_USER_INPUT'],
    ['a missing document', { document: undefined }, 'BAD_USER_INPUT'],
  ];

  it.each(createCases)('createProposal refuses %s', async (_, overrides, code) => {
    const before = await everything();
    const response = await actors.query('cq.drafter', CREATE, { i: { counterpartAgencyId: 'CD-ONLINE-GOV', document, ...overrides } });
    expect(codes(response)).toEqual([code]);
    expect(response.errors![0]!.extensions.messages?.zh).toBeTruthy();
    expect(await everything()).toBe(before);
  });

  it('stores operator-looking text as text', async () => {
    const response = await actors.query<{ createProposal: { id: string; title: string } }>('cq.drafter', CREATE, {
      i: { counterpartAgencyId: 'CD-ONLINE-GOV', document: { ...document, title: '{"$ne": null}', body: '$where: sleep(1000)' } },
    });
    expect(response.data?.createProposal.title).toBe('{"$ne": null}');
    const read = await actors.read('cq.drafter', response.data!.createProposal.id);
    expect(read.data?.case.currentVersion.content.body).toBe('$where: sleep(1000)');
  });

  const editCases: [string, Record<string, unknown>, string][] = [
    ['a version number of 0', { baseVersion: 0 }, 'BAD_USER_INPUT'],
    ['a stale version', { baseVersion: 7 }, 'VERSION_CONFLICT'],
    ['an empty change note', { changeNote: '' }, 'BAD_USER_INPUT'],
    ['a text version number', { baseVersion: '1' }, 'BAD_USER_INPUT'],
    ['an operator object for the case', { caseId: { $ne: null } }, 'BAD_USER_INPUT'],
    ['an operator string for the case', { caseId: '{"$ne":null}' }, 'NOT_FOUND'],
    ['an unknown case', { caseId: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND'],
  ];

  it.each(editCases)('editDocument refuses %s', async (_, overrides, code) => {
    const before = await everything();
    const response = await actors.query('cq.drafter', EDIT, { i: { caseId: drafting, baseVersion: 1, document, changeNote: '修改', ...overrides } });
    expect(codes(response)).toEqual([code]);
    expect(await everything()).toBe(before);
  });

  const actionCases: [string, string, Record<string, unknown>, string][] = [
    ['requestChanges without a comment', 'requestChanges', {}, 'BAD_USER_INPUT'],
    ['requestChanges with a blank comment', 'requestChanges', { comment: '  ' }, 'BAD_USER_INPUT'],
    ['requestChanges with an oversized comment', 'requestChanges', { comment: '长'.repeat(4001) }, 'BAD_USER_INPUT'],
    ['rejectProposal without a reason', 'rejectProposal', {}, 'BAD_USER_INPUT'],
    ['rejectProposal with a comment instead of a reason', 'rejectProposal', { comment: '不同意' }, 'BAD_USER_INPUT'],
    ['acceptProposal with a stale expected version', 'acceptProposal', { expectedVersion: 1 }, 'VERSION_CONFLICT'],
    ['acceptProposal with a wrongly typed expected version', 'acceptProposal', { expectedVersion: 'three' }, 'BAD_USER_INPUT'],
    ['acceptProposal for an unknown case', 'acceptProposal', { caseId: 'not-a-case' }, 'NOT_FOUND'],
    ['acceptProposal with an operator object as case', 'acceptProposal', { caseId: { $gt: '' } }, 'BAD_USER_INPUT'],
    ['acceptProposal with an unknown field', 'acceptProposal', { case: 'x' }, 'BAD_USER_INPUT'],
  ];

  it.each(actionCases)('%s is refused', async (_, mutation, overrides, code) => {
    const before = await everything();
    const response = await actors.act('cd.reviewer', mutation, { caseId: reviewing, ...overrides });
    expect(codes(response)).toEqual([code]);
    expect(await everything()).toBe(before);
  });

  it('arbitrate refuses a resolution that is not one of its own', async () => {
    const before = await everything();
    const response = await actors.act('joint.coordinator', 'arbitrate', { caseId: reviewing, resolution: 'APPROVE_EVERYTHING', comment: 'x' });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(await everything()).toBe(before);
  });

  it('documentDiff shows a line diff of the body and the changed fields', async () => {
    const { id } = await actors.createProposal('cq.drafter');
    const edited = await actors.query('cq.drafter', EDIT, {
      i: {
        caseId: id,
        baseVersion: 1,
        document: {
          ...document,
          title: '成渝地区数据共享与流通联合政策（修订）',
          body: '# 总则\n\n一、共建成渝地区数据交换中心。\n二、统一并公开数据流通标准。\n三、联合开展数据安全监管。\n四、设立联合工作专班。',
        },
        changeNote: '补充第四条',
      },
    });
    expect(edited.errors).toBeUndefined();
    const diff = await actors.query<{ documentDiff: { fields: { field: string; before: string; after: string }[]; body: { kind: string; text: string }[] } }>(
      'cq.reviewer',
      'query($id: ID!) { documentDiff(caseId: $id, from: 1, to: 2) { fields { field before after } body { kind text } } }',
      { id },
    );
    expect(diff.data!.documentDiff.fields).toEqual([
      { field: 'title', before: '成渝地区数据共享与流通联合政策', after: '成渝地区数据共享与流通联合政策（修订）' },
    ]);
    const changed = diff.data!.documentDiff.body.filter((line) => line.kind !== 'UNCHANGED');
    expect(changed).toEqual([
      { kind: 'REMOVED', text: '二、统一数据流通标准。' },
      { kind: 'ADDED', text: '二、统一并公开数据流通标准。' },
      { kind: 'ADDED', text: '四、设立联合工作专班。' },
    ]);
    expect(codes(await actors.query('cq.reviewer', 'query($id: ID!) { documentDiff(caseId: $id, from: 1, to: 3) { fields { field } } }', { id }))).toEqual([
      'NOT_FOUND',
    ]);
    expect(codes(await actors.query('cd.reviewer', 'query($id: ID!) { documentDiff(caseId: $id, from: 1, to: 2) { fields { field } } }', { id }))).toEqual([
      'NOT_FOUND',
    ]);
  });
});
