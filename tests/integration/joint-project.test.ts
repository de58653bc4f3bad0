import { describe, expect, it } from 'vitest';
import { useTestBed } from '../support/bed.js';
import { expectCode } from '../support/cases.js';
import { ok, Project } from '../support/projects.js';

describe('a joint project from proposal to signed acceptance, through GraphQL', () => {
  const bed = useTestBed('jointproject');

  it('runs proposal, feasibility, approval, milestones, one inspection with rectification, and acceptance by both signatures', async () => {
    const { actors } = bed;
    const project = await Project.open(actors);
    let view = await project.view('cq.drafter');
    expect(view.state).toBe('proposed');
    expect(view.milestones.map((m) => [m.id, m.side, m.region, m.status])).toEqual([
      ['M1', 'INITIATOR', 'CHONGQING', 'PENDING'],
      ['M2', 'COUNTERPART', 'CHENGDU', 'PENDING'],
    ]);
    expect(view.budget.map((b) => [b.region, b.leadAgency.id, b.amount])).toEqual([
      ['CHONGQING', 'CQ-BDB', '1200.00'],
      ['CHENGDU', 'CD-ONLINE-GOV', '800.50'],
    ]);
    // Until submitted, the proposal is Chongqing's own draft.
    expectCode(await actors.read('cd.reviewer', project.id), 'NOT_FOUND');

    ok(await project.act('cq.drafter', 'submitJointProject'));
    // Both cities' reviewers find it in their inbox: feasibility waits for them.
    for (const reviewer of ['cq.reviewer', 'cd.reviewer'] as const) {
      const inbox = await actors.query<{ inbox: { edges: { node: { id: string } }[] } }>(reviewer, '{ inbox(first: 50) { edges { node { id } } } }');
      expect(inbox.data!.inbox.edges.map((edge) => edge.node.id)).toContain(project.id);
    }
    view = ok(await project.act('cd.reviewer', 'endorseFeasibility', { comment: '可行' }));
    expect(view.endorsedBy).toEqual(['COUNTERPART']);
    view = ok(await project.act('cq.reviewer', 'endorseFeasibility'));
    expect(view.state).toBe('approval');
    await project.signBoth(bed, 'SIGN');
    view = await project.view();
    expect(view.state).toBe('inProgress');
    expect(view.startedAt).not.toBeNull();
    expect(view.deadlines.map((d) => d.kind)).toEqual(['MILESTONE:M1', 'MILESTONE:M2']);

    view = ok(await project.report('cq.drafter', 'M1', '数据交换中心已上线运行，见运行报告'));
    expect(view.milestones[0]).toMatchObject({ status: 'REPORTED', reports: [{ text: '数据交换中心已上线运行，见运行报告' }] });
    expect(view.milestones[0]!.verificationDueAt).not.toBeNull();
    view = ok(await project.review('cd.reviewer', 'verifyMilestone', 'M1', '核验通过'));
    expect(view.milestones[0]!.status).toBe('VERIFIED');

    view = ok(await project.inspect('joint.coordinator', 'COUNTERPART'));
    expect(view.state).toBe('rectification');
    expect(view.inspections[0]).toMatchObject({ id: 'I1', side: 'COUNTERPART', status: 'OPEN' });
    view = ok(await project.inspection('cd.drafter', 'reportRectification', 'I1', { report: '已补做安全测评' }));
    expect(view.inspections[0]!.status).toBe('RECTIFIED');
    view = ok(await project.inspection('joint.coordinator', 'closeInspection', 'I1', { comment: '整改到位' }));
    expect(view.state).toBe('inProgress');

    ok(await project.report('cd.drafter', 'M2', '成都平台完成接入测试'));
    view = ok(await project.review('cq.reviewer', 'verifyMilestone', 'M2'));
    expect(view.state).toBe('acceptance');
    await project.signBoth(bed, 'SIGN_ACCEPTANCE');
    view = await project.view();
    expect(view.state).toBe('completed');
    expect(view.deadlines).toEqual([]);

    expect(await actors.historyTypes(project.id)).toEqual([
      'CREATE',
      'SUBMIT',
      'ENDORSE',
      'ENDORSE',
      'SIGN',
      'SIGN',
      'REPORT_MILESTONE',
      'VERIFY_MILESTONE',
      'OPEN_INSPECTION',
      'RECTIFY',
      'CLOSE_INSPECTION',
      'REPORT_MILESTONE',
      'VERIFY_MILESTONE',
      'SIGN_ACCEPTANCE',
      'SIGN_ACCEPTANCE',
    ]);
    const verified = await actors.query<{ verifyCase: { valid: boolean } }>(
      'auditor',
      'query($id: ID!) { verifyCase(id: $id) { valid problems { kind seq message } } }',
      { id: project.id },
    );
    expect(verified.data?.verifyCase).toMatchObject({ valid: true, problems: [] });
  });

  it('shows both cities every report, rejection, rectification and closed inspection of a long project, while each entry stays the same size', async () => {
    const { actors } = bed;
    const project = await Project.open(actors);
    await project.start(bed);
    const rounds = 12;
    for (let round = 1; round <= rounds; round += 1) {
      ok(await project.report('cq.drafter', 'M1', `第${round}次交付：运行报告`));
      ok(await project.review('cd.reviewer', 'rejectMilestone', 'M1', `第${round}次退回：缺少测评`));
    }
    for (let round = 1; round <= 4; round += 1) {
      const id = `I${round}`;
      ok(await project.inspect(round % 2 === 0 ? 'cd.reviewer' : 'joint.coordinator', 'INITIATOR', `第${round}次督查发现`));
      ok(await project.inspection('cq.drafter', 'reportRectification', id, { report: `第${round}次整改` }));
      ok(
        await project.inspection(round % 2 === 0 ? 'cd.reviewer' : 'joint.coordinator', 'requestFurtherRectification', id, { comment: `第${round}次退回整改` }),
      );
      ok(await project.inspection('cq.drafter', 'reportRectification', id, { report: `第${round}次再整改` }));
      ok(await project.inspection(round % 2 === 0 ? 'cd.reviewer' : 'joint.coordinator', 'closeInspection', id));
    }
    const texts = (n: number, what: string) => Array.from({ length: n }, (_, i) => ({ text: what.replace('#', String(i + 1)) }));
    for (const user of ['cq.drafter', 'cd.reviewer', 'auditor'] as const) {
      const view = await project.view(user);
      expect(view.milestones[0]!.reports, user).toEqual(texts(rounds, '第#次交付：运行报告'));
      expect(view.milestones[0]!.rejections, user).toEqual(texts(rounds, '第#次退回：缺少测评'));
      expect(
        view.inspections.map((i) => [i.id, i.status, i.findings, i.rectifications.map((r) => r.text), i.returns.map((r) => r.text)]),
        user,
      ).toEqual([1, 2, 3, 4].map((n) => [`I${n}`, 'CLOSED', `第${n}次督查发现`, [`第${n}次整改`, `第${n}次再整改`], [`第${n}次退回整改`]]));
    }
    // Each entry keeps the project as it stands, not every round before it: the last round's entries are no larger than the second's.
    const bundle = JSON.parse(
      (await actors.query<{ evidenceBundle: string }>('auditor', 'query($id: ID!) { evidenceBundle(caseId: $id) }', { id: project.id })).data!.evidenceBundle,
    ) as { entries: { type: string; snapshot: unknown }[] };
    const rejections = bundle.entries.filter((entry) => entry.type === 'REJECT_MILESTONE').map((entry) => JSON.stringify(entry.snapshot).length);
    expect(rejections).toHaveLength(rounds);
    expect(rejections.at(-1)!).toBeLessThanOrEqual(rejections[1]! + 8);
    const closes = bundle.entries.filter((entry) => entry.type === 'CLOSE_INSPECTION').map((entry) => JSON.stringify(entry.snapshot).length);
    expect(closes.at(-1)!).toBeLessThanOrEqual(closes[1]! + 8);
    const verified = await actors.query<{ verifyCase: { valid: boolean } }>(
      'auditor',
      'query($id: ID!) { verifyCase(id: $id) { valid problems { kind seq message } } }',
      {
        id: project.id,
      },
    );
    expect(verified.data?.verifyCase).toMatchObject({ valid: true, problems: [] });
  });

  it('gives inspections opened at once ids of their own, each taken from the case as its entry is decided', async () => {
    const { actors } = bed;
    const project = await Project.open(actors);
    await project.start(bed);
    // Each opener at most three times: one opener has at most three inspections open at once.
    const openers = ['joint.coordinator', 'cq.reviewer', 'cd.reviewer'] as const;
    // Sent a few milliseconds apart, so that some read the case before another's entry and decide after it.
    const staggered = (user: (typeof openers)[number], i: number) =>
      new Promise((resolve) => setTimeout(resolve, i * 7)).then(() =>
        project.inspect(user, i % 2 === 0 ? 'INITIATOR' : 'COUNTERPART', `同时开启的第${i + 1}项督查`),
      );
    const answers = [];
    for (let round = 0; round < 3; round += 1) answers.push(...(await Promise.all(openers.map(staggered))));
    const opened = answers.filter((answer) => answer.errors === undefined).length;
    // A loser of the race may be told to try again; none is ever given an id already taken.
    for (const answer of answers) if (answer.errors !== undefined) expect(answer.errors[0]?.extensions?.code).toBe('VERSION_CONFLICT');
    expect(opened).toBeGreaterThan(0);
    const ids = (await project.view()).inspections.map((inspection) => inspection.id);
    expect(ids).toHaveLength(opened);
    expect(new Set(ids).size).toBe(opened);
  });
});
