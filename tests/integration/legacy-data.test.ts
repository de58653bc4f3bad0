import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BSON, MongoClient, type Document } from 'mongodb';
import { projectionRules } from '../../src/cases/engine.js';
import { checkBundle } from '../../src/crypto/bundle-check.js';
import { headLeaf } from '../../src/crypto/checkpoint-format.js';
import { verifyInclusion } from '../../src/crypto/merkle.js';
import { Actors, type DemoUser, type ProofView } from '../support/cases.js';
import { codes, succeeded } from '../support/graphql.js';
import { expectWaitingAgreesWithInboxes } from '../support/invariants.js';
import { storeFirstVersionCheckpoint } from '../support/legacy.js';
import { everythingSeenBy, leaked } from '../support/seen.js';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';

/**
 * A database written by the server before the trust fixes (commit a94a5a2, every case on @1; made by
 * tests/fixtures/legacy/make.ts), opened by today's server: read-time rules serve the old cases right, the
 * projections are derived again at start, and every old case still verifies. The history is never rewritten.
 */
const fixture = new URL('../fixtures/legacy/', import.meta.url);
const ids = JSON.parse(readFileSync(new URL('ids.json', fixture), 'utf8')) as Record<
  'internal' | 'returned' | 'declined' | 'migratable' | 'alignment' | 'project',
  string
>;

describe('a database written by the earlier server', () => {
  const name = uniqueDatabaseName('legacy');
  let server: RunningServer;
  let actors: Actors;
  let stored: Document[];

  beforeAll(async () => {
    const client = await MongoClient.connect(inject('mongoUri'));
    for (const file of readdirSync(fixture).filter((entry) => entry.endsWith('.json') && entry !== 'ids.json')) {
      const docs = BSON.EJSON.parse(readFileSync(new URL(file, fixture), 'utf8'), { relaxed: false }) as Document[];
      if (docs.length > 0)
        await client
          .db(name)
          .collection(file.replace(/\.json$/, ''))
          .insertMany(docs);
    }
    stored = await client.db(name).collection('events').find().toArray();
    // Two hourly checkpoints, each over every case head, as that server signed them (checkpoint version 1).
    for (const number of [1, 2]) await storeFirstVersionCheckpoint(client.db(name), number, inject('keys').checkpoint.file);
    await client.close();
    server = await startServer(productionEnv(name));
    actors = Actors.at(server.graphqlUrl);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('derives the projections again at start, by today’s rules, and leaves the history as it was', async () => {
    expect(server.logs.find((entry) => entry.msg === 'case projections derived by the current rules')).toMatchObject({ rules: projectionRules });
    const client = await MongoClient.connect(inject('mongoUri'));
    expect(await client.db(name).collection('events').find().toArray()).toEqual(stored);
    // What older rules kept in a projection and today's do not: the commit marker.
    expect(
      await client
        .db(name)
        .collection('cases')
        .countDocuments({ $or: ['pending', 'pendingSeq', 'pendingSince'].map((field) => ({ [field]: { $exists: true } })) }),
    ).toBe(0);
    // The history feed started from the old entries: each once, at positions 1 … n in the order they were recorded.
    const slots = (await client.db(name).collection<{ _id: string; caseId: string; seq: number; at: Date; feedAt: Date }>('historyFeed').find().toArray()).sort(
      (a, b) => a._id.localeCompare(b._id),
    );
    expect(slots.map((slot) => Number(slot._id.slice('feed-'.length)))).toEqual(stored.map((_, index) => index + 1));
    expect(slots.map((slot) => `${slot.caseId}:${String(slot.seq)}`).sort()).toEqual(
      stored.map((entry) => `${String(entry.caseId)}:${String(entry.seq)}`).sort(),
    );
    const times = slots.map((slot) => slot.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(slots.every((slot) => slot.feedAt.getTime() === slot.at.getTime())).toBe(true);
    await client.close();
    // Every old entry is found by history search: the history was indexed at start.
    expect(succeeded(await actors.query<{ historyCount: number }>('auditor', '{ historyCount }')).historyCount).toBe(stored.length);
  });

  it('keeps every old case verifying', async () => {
    for (const [label, id] of Object.entries(ids)) {
      const verified = succeeded(
        await actors.query<{ verifyCase: { valid: boolean; problems: unknown[] } }>(
          'auditor',
          'query($id: ID!) { verifyCase(id: $id) { valid problems { kind } } }',
          { id },
        ),
      );
      expect(verified.verifyCase, label).toEqual({ valid: true, problems: [] });
    }
  });

  it('keeps the checkpoints it signed over every case head provable, and chains the next one to them', async () => {
    const client = await MongoClient.connect(inject('mongoUri'));
    // At start their leaves moved into tree chunks, and each head into its case's recorded heads.
    expect(await client.db(name).collection('checkpointLeaves').countDocuments()).toBe(0);
    const [, second] = await client.db(name).collection<{ _id: number; statement: string }>('checkpoints').find().sort({ _id: 1 }).toArray();
    await client.close();
    for (const id of Object.values(ids)) {
      const { inclusionProof: proof } = succeeded(
        await actors.query<{ inclusionProof: ProofView }>(
          'auditor',
          'query($c: ID!) { inclusionProof(caseId: $c) { caseId seq hash leafIndex treeSize auditPath checkpoint { number rootHash } } }',
          { c: id },
        ),
      );
      // The second checkpoint recorded the same head again: the first one is the proof.
      expect(proof).toMatchObject({ caseId: id, checkpoint: { number: 1 } });
      const path = proof.auditPath.map((hex) => Buffer.from(hex, 'hex'));
      expect(verifyInclusion(headLeaf(proof), proof.leafIndex, proof.treeSize, path, Buffer.from(proof.checkpoint.rootHash, 'hex'))).toBe(true);
    }
    // An evidence bundle holding the version 1 statement verifies offline.
    const { evidenceBundle } = succeeded(
      await actors.query<{ evidenceBundle: string }>('auditor', 'query($id: ID!) { evidenceBundle(caseId: $id) }', { id: ids.internal }),
    );
    const verdict = checkBundle(evidenceBundle, inject('keys').checkpoint.publicKey);
    expect(verdict.checkpoint).toBe(1);
    expect(verdict.problems.filter((problem) => /^(CHECKPOINT|INCLUSION)/.test(problem.kind))).toEqual([]);
    // Nothing changed since: the second is the newest checkpoint. The next records only the case then made, and
    // names the second by its statement's hash.
    const create = async () =>
      succeeded(
        await actors.query<{ createCheckpoint: { number: number; treeSize: number; statement: string } }>(
          'joint.coordinator',
          'mutation { createCheckpoint { number treeSize statement } }',
        ),
      ).createCheckpoint;
    expect((await create()).number).toBe(2);
    await actors.createProposal('cq.drafter');
    const next = await create();
    expect(next).toMatchObject({ number: 3, treeSize: 1 });
    expect(JSON.parse(next.statement)).toMatchObject({
      purpose: 'twincity-policy/checkpoint/v2',
      previous: createHash('sha256').update(second!.statement).digest('hex'),
    });
  });

  it('shows Chengdu nothing internal of an old Chongqing proposal', async () => {
    const internal = ['内部底线是出资不超过500万元', '第二稿：出资不超过300万元', '领导要求压低底线', '退回：底线不宜写入', '内部：同意对外', '删去内部底线'];
    for (const user of ['cd.drafter', 'cd.reviewer', 'cd.signatory'] as DemoUser[]) {
      const seen = await everythingSeenBy(actors, user, ids.internal);
      expect(leaked(seen, internal), user).toEqual([]);
      expect(seen).toContain('一、共建成渝地区数据交换中心。');
    }
  });

  it('puts old returned and declined cases in the inboxes of those they wait for', async () => {
    for (const id of [ids.returned, ids.declined, ids.internal, ids.project, ids.alignment]) await expectWaitingAgreesWithInboxes(actors, id);
    const inbox = succeeded(
      await actors.query<{ inbox: { edges: { node: { id: string } }[] } }>('cq.drafter', '{ inbox(first: 100) { edges { node { id } } } }'),
    );
    expect(inbox.inbox.edges.map((edge) => edge.node.id)).toEqual(expect.arrayContaining([ids.returned, ids.declined]));
  });

  it('shows old amounts as exact decimals, and blames the verifier for a milestone reported in time', async () => {
    type Seen = {
      case: { budget: { amount: string }[]; milestones: { id: string; status: string; overdue: boolean }[] };
      history: { edges: { node: { subject: string; lateParty: { region: string } } }[] };
    };
    const seen = succeeded(
      await actors.query<Seen>(
        'joint.coordinator',
        'query($id: ID!) { case(id: $id) { ... on JointProject { budget { amount } milestones { id status overdue } } } history(filter: { caseId: $id, eventType: "RECORD_OVERDUE" }) { edges { node { subject lateParty { region } } } } }',
        { id: ids.project },
      ),
    );
    expect(seen.case.budget.map((share) => share.amount)).toEqual(['1200.00', '800.50']);
    expect(seen.case.milestones[0]).toEqual({ id: 'M1', status: 'REPORTED', overdue: false });
    expect(seen.history.edges.map((edge) => edge.node)).toEqual([{ subject: 'M1', lateParty: { region: 'CHENGDU' } }]);
    const joint = succeeded(await actors.query<{ historyCount: number }>('auditor', '{ historyCount(filter: { caseType: JOINT_PROJECT }) }'));
    expect(joint.historyCount).toBe(stored.filter((event) => event.caseType === 'jointProject').length);
  });

  it('lets nobody sign an old memorandum that leaves out an item', async () => {
    const keys = succeeded(await actors.query<{ mySigningKeys: { id: string }[] }>('cq.signatory', '{ mySigningKeys { id } }'));
    const response = await actors.query('cq.signatory', 'query($c: ID!, $k: ID!) { signingPayload(caseId: $c, keyId: $k, action: "SIGN") { payload } }', {
      c: ids.alignment,
      k: keys.mySigningKeys[0]!.id,
    });
    expect(codes(response)).toEqual(['FORBIDDEN']);
    expect(response.errors?.[0]?.extensions).toMatchObject({ reason: 'INCOMPLETE_DOCUMENT' });
    expect(response.errors?.[0]?.message).toContain('另建 5G 基站 1 万个');
  });

  it('lets the joint office move an old case onto @2 by a recorded entry, across which it verifies', async () => {
    const move = (user: DemoUser, toWorkflow: string) =>
      actors.query<{ migrateCase: { workflow: string; state: string; historyLength: number } }>(
        user,
        'mutation($i: MigrateCaseInput!) { migrateCase(input: $i) { workflow state historyLength } }',
        {
          i: { caseId: ids.migratable, toWorkflow, comment: '适用新版规则：修订稿须再经内部审核' },
        },
      );
    expect(codes(await move('cq.reviewer', 'policyProposal@2'))).toEqual(['FORBIDDEN']);
    expect(codes(await move('joint.coordinator', 'jointProject@2'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await move('joint.coordinator', 'policyProposal@1'))).toEqual(['BAD_USER_INPUT']);
    const moved = succeeded(await move('joint.coordinator', 'policyProposal@2')).migrateCase;
    expect(moved).toMatchObject({ workflow: 'policyProposal@2', state: 'counterpartReview' });
    // On @2 now: a revision goes through Chongqing's internal review again.
    succeeded(await actors.act('cd.reviewer', 'requestChanges', { caseId: ids.migratable, comment: '请补充' }));
    succeeded(await actors.edit('cq.drafter', ids.migratable, 1, '一、联合开展数据安全监管。\n二、补充条款。'));
    expect(succeeded(await actors.act('cq.drafter', 'resubmitProposal', { caseId: ids.migratable })).resubmitProposal!.state).toBe('internalReview');
    const verified = succeeded(
      await actors.query<{ verifyCase: { valid: boolean; entriesChecked: number } }>(
        'auditor',
        'query($id: ID!) { verifyCase(id: $id) { valid entriesChecked } }',
        { id: ids.migratable },
      ),
    );
    expect(verified.verifyCase).toEqual({ valid: true, entriesChecked: moved.historyLength + 3 });
    const types = await actors.historyTypes(ids.migratable);
    expect(types.slice(-4)).toEqual(['MIGRATE', 'REQUEST_CHANGES', 'EDIT', 'RESUBMIT']);
  });

  it('keeps an old project’s reports when the joint office moves it onto @3, which keeps only the newest in its context', async () => {
    const moved = succeeded(
      await actors.query<{ migrateCase: { workflow: string } }>(
        'joint.coordinator',
        'mutation($i: MigrateCaseInput!) { migrateCase(input: $i) { workflow } }',
        {
          i: { caseId: ids.project, toWorkflow: 'jointProject@3', comment: '适用新版规则' },
        },
      ),
    );
    expect(moved.migrateCase.workflow).toBe('jointProject@3');
    const act = (user: DemoUser, mutation: string, input: Record<string, unknown>) =>
      actors.query(
        user,
        `mutation($i: ${mutation === 'reportMilestone' ? 'ReportMilestoneInput' : 'MilestoneReviewInput'}!) { ${mutation}(input: $i) { id } }`,
        {
          i: { caseId: ids.project, milestoneId: 'M1', ...input },
        },
      );
    for (let round = 1; round <= 2; round += 1) {
      succeeded(await act('cd.reviewer', 'rejectMilestone', { comment: `第${round}次退回` }));
      succeeded(await act('cq.drafter', 'reportMilestone', { evidence: `第${round + 1}次交付` }));
    }
    for (const user of ['cq.drafter', 'cd.reviewer'] as const) {
      const seen = succeeded(
        await actors.query<{ case: { milestones: { reports: { text: string }[]; rejections: { text: string }[] }[] } }>(
          user,
          'query($id: ID!) { case(id: $id) { ... on JointProject { milestones { reports { text } rejections { text } } } } }',
          { id: ids.project },
        ),
      );
      expect(seen.case.milestones[0], user).toEqual({
        reports: [{ text: '已上线' }, { text: '第2次交付' }, { text: '第3次交付' }],
        rejections: [{ text: '第1次退回' }, { text: '第2次退回' }],
      });
    }
    const verified = succeeded(
      await actors.query<{ verifyCase: { valid: boolean } }>('auditor', 'query($id: ID!) { verifyCase(id: $id) { valid } }', { id: ids.project }),
    );
    expect(verified.verifyCase.valid).toBe(true);
  });
});
