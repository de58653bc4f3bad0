import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Alignment } from '../support/alignments.js';
import { useTestBed } from '../support/bed.js';
import { runCli } from '../support/cli.js';
import { CASE_FIELDS, sampleDocument, type CaseView, type DemoUser } from '../support/cases.js';
import { Project, projectDocument, samplePlan, ok } from '../support/projects.js';
import { everythingSeenBy, leaked } from '../support/seen.js';

const chengdu: DemoUser[] = ['cd.drafter', 'cd.reviewer', 'cd.signatory'];
const chongqing: DemoUser[] = ['cq.drafter', 'cq.reviewer', 'cq.signatory'];

describe('the counterpart sees only what was handed to it', () => {
  const bed = useTestBed('counterpart');
  const dir = mkdtempSync(path.join(tmpdir(), 'twincity-counterpart-'));
  beforeAll(async () => {
    expect((await runCli(bed.server.graphqlUrl, dir, 'cd.reviewer', ['login', 'cd.reviewer'])).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const edit = async (caseId: string, baseVersion: number, body: string, changeNote: string) => {
    const response = await bed.actors.query<{ editDocument: CaseView }>(
      'cq.drafter',
      `mutation($i: EditDocumentInput!) { editDocument(input: $i) { ${CASE_FIELDS} } }`,
      {
        i: { caseId, baseVersion, document: { ...sampleDocument(), body }, changeNote },
      },
    );
    return ok(response);
  };
  const act = async (user: DemoUser, mutation: string, input: Record<string, unknown>) => ok(await bed.actors.act(user, mutation, input));

  it('a proposal: never an internal draft, its change note or hash, a diff against it, or an internal review comment', async () => {
    const created = await bed.actors.createProposal('cq.drafter', { document: { ...sampleDocument(), body: '内部底线是出资不超过500万元' } });
    const caseId = created.id;
    const v2 = await edit(caseId, 1, '第二稿：出资不超过300万元', '领导要求压低底线');
    await act('cq.drafter', 'submitForInternalReview', { caseId });
    await act('cq.reviewer', 'returnToDrafter', { caseId, comment: '退回：底线不宜写入' });
    await edit(caseId, 2, '一、共建成渝地区数据交换中心。', '删去内部底线');
    await act('cq.drafter', 'submitForInternalReview', { caseId });
    await act('cq.reviewer', 'approveInternally', { caseId, comment: '内部：同意对外' });
    const internal = [
      '内部底线是出资不超过500万元',
      '第二稿：出资不超过300万元',
      '领导要求压低底线',
      '退回：底线不宜写入',
      '内部：同意对外',
      '删去内部底线',
      created.currentVersion.contentHash,
      v2.currentVersion.contentHash,
    ];

    for (const user of chengdu) {
      const seen = await everythingSeenBy(bed.actors, user, caseId);
      expect(leaked(seen, internal), user).toEqual([]);
      expect(seen).toContain('一、共建成渝地区数据交换中心。');
    }
    // The same through the command-line client: the case, every diff, the history search, the inbox, an export.
    const cliOutput = [];
    for (const args of [
      ['--json', 'show', caseId],
      ['diff', caseId],
      ['diff', caseId, '1', '3'],
      ['diff', caseId, '2', '3'],
      ['history', '--case', caseId],
      ['inbox'],
      ['export', '--case', caseId],
      ['verify', caseId],
    ]) {
      const run = await runCli(bed.server.graphqlUrl, dir, 'cd.reviewer', args);
      cliOutput.push(run.stdout, run.stderr);
    }
    expect(leaked(cliOutput.join('\n'), internal)).toEqual([]);
    expect(cliOutput.join('\n')).toContain('一、共建成渝地区数据交换中心。');
    // Chengdu sees that the proposal was handed over, when and by whom — not the words said inside Chongqing.
    const history = await bed.actors.query<{
      case: { versions: { number: number }[]; history: { edges: { node: { type: string; comment: string | null; actor: { username: string } } }[] } };
    }>('cd.reviewer', 'query($id: ID!) { case(id: $id) { versions { number } history { edges { node { type comment actor { username } } } } } }', {
      id: caseId,
    });
    expect(history.data?.case.versions).toEqual([{ number: 3 }]);
    expect(history.data?.case.history.edges.map((edge) => edge.node)).toEqual([
      { type: 'APPROVE_INTERNALLY', comment: null, actor: { username: 'cq.reviewer' } },
    ]);

    // Changes are asked for; Chongqing drafts two revisions and hands over the second.
    await act('cd.reviewer', 'requestChanges', { caseId, comment: '请补充数据安全条款' });
    // The case as each Chengdu user is told it: while Chongqing works inside, it stays as it was handed back.
    const told = async (user: DemoUser) =>
      (
        await bed.actors.query<{ case: Record<string, unknown> }>(
          user,
          `query($id: ID!) { case(id: $id) { state historyLength headHash updatedAt createdAt title availableActions awaitedActions
            deadlines { kind dueAt } waitingFor { region role actions agency { id } users { username } }
            currentVersion { number } ... on PolicyProposal { initiatorQuorum { required } counterpartQuorum { required } signedBy { username } } } }`,
          { id: caseId },
        )
      ).data!.case;
    const handedBack = new Map<DemoUser, Record<string, unknown>>();
    for (const user of chengdu) handedBack.set(user, await told(user));
    expect(handedBack.get('cd.reviewer')).toMatchObject({ state: 'revising', availableActions: [] });
    const v4 = await edit(caseId, 3, '内部修订稿：暂不写安全条款', '内部讨论稿');
    // Nor when Chongqing worked on it inside: the case's length, head hash and times are those of the newest entry
    // Chengdu may read, so that watching the case does not time the entries it may not.
    type Entries = {
      case: { historyLength: number; headHash: string; updatedAt: string; history: { edges: { node: { seq: number; at: string; hash: string } }[] } };
    };
    const entries = async (user: DemoUser) =>
      (
        await bed.actors.query<Entries>(
          user,
          'query($id: ID!) { case(id: $id) { historyLength headHash updatedAt history(first: 200) { edges { node { seq at hash } } } } }',
          { id: caseId },
        )
      ).data!.case;
    const every = (await entries('auditor')).history.edges.map((edge) => edge.node);
    for (const user of chengdu) {
      const own = await entries(user);
      const visible = own.history.edges.map((edge) => edge.node);
      const internalTimes = every.filter((entry) => !visible.some((shown) => shown.seq === entry.seq)).map((entry) => entry.at);
      expect(internalTimes.length, user).toBeGreaterThanOrEqual(7);
      expect(own, user).toMatchObject({ historyLength: visible.at(-1)!.seq, headHash: visible.at(-1)!.hash, updatedAt: visible.at(-1)!.at });
      const seen = await everythingSeenBy(bed.actors, user, caseId);
      expect(leaked(seen, [...internal, '内部修订稿：暂不写安全条款', '内部讨论稿', v4.currentVersion.contentHash, ...internalTimes]), user).toEqual([]);
      expect(seen).toContain('请补充数据安全条款');
    }
    await edit(caseId, 4, '一、共建成渝地区数据交换中心。\n二、联合开展数据安全监管。', '补充安全条款');
    // The revision goes through Chongqing's internal review again before it reaches Chengdu.
    await act('cq.drafter', 'resubmitProposal', { caseId });
    expect(leaked(await everythingSeenBy(bed.actors, 'cd.reviewer', caseId), ['补充安全条款', '二、联合开展数据安全监管。'])).toEqual([]);
    // Its state, whom it waits for and its deadlines are Chongqing's alone until handed over; so is the state a
    // refusal names, and whether anyone else could have acted (FORBIDDEN) or nobody (INVALID_TRANSITION).
    for (const user of chengdu) expect(await told(user), user).toEqual(handedBack.get(user));
    const refused = await bed.actors.act('cd.reviewer', 'acceptProposal', { caseId });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', state: 'revising' });
    expect(JSON.stringify(refused)).not.toContain('internalReview');
    const outOfTurn = await bed.actors.act('cd.reviewer', 'approveInternally', { caseId });
    expect(outOfTurn.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', state: 'revising' });
    expect((await told('cq.reviewer')).state).toBe('internalReview');
    await act('cq.reviewer', 'approveInternally', { caseId });
    const handed = await bed.actors.query<{ case: { versions: { number: number }[]; title: string } }>(
      'cd.reviewer',
      'query($id: ID!) { case(id: $id) { title versions { number } } }',
      { id: caseId },
    );
    expect(handed.data?.case.versions.map((version) => version.number)).toEqual([3, 5]);
    // Chongqing itself, and the auditors, still read every version.
    for (const user of [...chongqing, 'auditor', 'joint.coordinator'] as const) {
      const own = await bed.actors.query<{ case: { versions: { number: number }[] } }>(user, 'query($id: ID!) { case(id: $id) { versions { number } } }', {
        id: caseId,
      });
      expect(
        own.data?.case.versions.map((version) => version.number),
        user,
      ).toEqual([1, 2, 3, 4, 5]);
    }
  });

  it('a joint project: never a revision of the plan the initiator has not handed over', async () => {
    const project = await Project.open(bed.actors);
    ok(await project.act('cq.drafter', 'submitJointProject'));
    ok(await project.act('cd.reviewer', 'raiseConcern', { comment: '里程碑过于紧张' }));
    const plan = { ...samplePlan(), goals: ['内部目标：先建后批'] };
    const revised = ok(
      await project.call('cq.drafter', 'reviseJointProject', 'ReviseJointProjectInput', {
        baseVersion: 1,
        document: { ...projectDocument, body: '内部修订：经费另议' },
        plan,
        changeNote: '内部：压缩成都经费',
      }),
    );
    const internal = ['内部目标：先建后批', '内部修订：经费另议', '内部：压缩成都经费', revised.currentVersion.contentHash];
    for (const user of chengdu) {
      const seen = await everythingSeenBy(bed.actors, user, project.id);
      expect(leaked(seen, internal), user).toEqual([]);
      expect(seen).toContain(samplePlan().goals[0]);
    }
  });

  it('a plan alignment: never a section draft of the other city', async () => {
    const alignment = await Alignment.open(bed.actors);
    const draft = ok(await alignment.addItem('cd.drafter', 'FIVE_G', '成都内部草稿：基站一万个'));
    const draftId = draft.items.find((item) => item.target === '成都内部草稿：基站一万个')!.id;
    ok(await alignment.removeItem('cd.drafter', draftId));
    ok(await alignment.addItem('cd.drafter', 'FIVE_G', '成都：新建 5G 基站 8000 个'));
    ok(await alignment.submit('cd.drafter'));
    ok(await alignment.addItem('cq.drafter', 'FIVE_G', '重庆：新建 5G 基站 6000 个'));
    // Until both sections are in, neither city reads the other's.
    for (const user of chongqing)
      expect(leaked(await everythingSeenBy(bed.actors, user, alignment.id), ['成都内部草稿：基站一万个', '成都：新建 5G 基站 8000 个']), user).toEqual([]);
    ok(await alignment.submit('cq.drafter'));
    for (const user of chongqing) {
      const seen = await everythingSeenBy(bed.actors, user, alignment.id);
      expect(leaked(seen, ['成都内部草稿：基站一万个', '成都：新建 5G 基站 8000 个']), user).toEqual(['成都：新建 5G 基站 8000 个']);
    }
  });
});
