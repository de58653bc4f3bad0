import { describe, expect, it } from 'vitest';
import { useTestBed } from '../support/bed.js';
import { demoUsers, expectCode, type DemoUser } from '../support/cases.js';
import { codes } from '../support/graphql.js';
import { daysFromNow, ok, Project, projectDocument, samplePlan } from '../support/projects.js';

describe('joint projects: who may do what, and bad input', () => {
  const bed = useTestBed('projectrules');

  /** What each demo user may do now, as the API tells them (NOT_FOUND where the case is invisible to them). */
  async function matrix(project: Project): Promise<Record<string, string[] | 'NOT_FOUND'>> {
    const entries = await Promise.all(
      demoUsers.map(async (user) => {
        const response = await bed.actors.read(user, project.id);
        return [user, response.errors === undefined ? response.data!.case.availableActions.sort() : codes(response)[0]] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<string, string[] | 'NOT_FOUND'>;
  }

  it('gives each side and role exactly its actions in each phase', async () => {
    const project = await Project.open(bed.actors);
    expect(await matrix(project)).toEqual({
      'cq.drafter': ['EDIT', 'SUBMIT', 'WITHDRAW'],
      'cq.reviewer': ['WITHDRAW'],
      'cq.signatory': [],
      'cd.drafter': 'NOT_FOUND',
      'cd.reviewer': 'NOT_FOUND',
      'cd.signatory': 'NOT_FOUND',
      'joint.coordinator': [],
      auditor: [],
      admin: [],
    });
    ok(await project.act('cq.drafter', 'submitJointProject'));
    expect(await matrix(project)).toMatchObject({
      'cq.drafter': ['WITHDRAW'],
      'cq.reviewer': ['ENDORSE', 'RAISE_CONCERN', 'WITHDRAW'],
      'cd.reviewer': ['ENDORSE', 'RAISE_CONCERN'],
      'cd.drafter': [],
      'joint.coordinator': [],
    });
    ok(await project.act('cq.reviewer', 'endorseFeasibility'));
    ok(await project.act('cd.reviewer', 'endorseFeasibility'));
    expect(await matrix(project)).toMatchObject({
      'cq.signatory': ['DECLINE_TO_SIGN', 'SIGN'],
      'cd.signatory': ['DECLINE_TO_SIGN', 'SIGN'],
      'cq.reviewer': [],
      'cd.reviewer': [],
    });
    await project.signBoth(bed, 'SIGN');
    expect(await matrix(project)).toMatchObject({
      'cq.drafter': ['REPORT_MILESTONE'],
      'cq.reviewer': ['OPEN_INSPECTION', 'REPORT_MILESTONE', 'REQUEST_TERMINATION', 'SUSPEND'],
      'cd.drafter': ['REPORT_MILESTONE'],
      'cd.reviewer': ['OPEN_INSPECTION', 'REPORT_MILESTONE', 'REQUEST_TERMINATION', 'SUSPEND'],
      'cq.signatory': [],
      'joint.coordinator': ['OPEN_INSPECTION'],
      auditor: [],
    });
    ok(await project.report('cq.drafter', 'M1'));
    ok(await project.inspect('cq.reviewer', 'COUNTERPART'));
    // Another inspection may be opened while one is rectified (jointProject@2).
    expect(await matrix(project)).toMatchObject({
      'cd.drafter': ['RECTIFY', 'REPORT_MILESTONE'],
      'cd.reviewer': ['OPEN_INSPECTION', 'RECTIFY', 'REJECT_MILESTONE', 'REPORT_MILESTONE', 'REQUEST_TERMINATION', 'SUSPEND', 'VERIFY_MILESTONE'],
      'joint.coordinator': ['OPEN_INSPECTION'],
    });
  });

  it('refuses an action out of turn with FORBIDDEN, or INVALID_TRANSITION when nobody could, and changes nothing', async () => {
    const project = await Project.open(bed.actors);
    await project.act('cq.drafter', 'submitJointProject');
    await project.act('cq.reviewer', 'endorseFeasibility');
    await project.act('cd.reviewer', 'endorseFeasibility');
    await project.signBoth(bed, 'SIGN');
    ok(await project.report('cq.drafter', 'M1'));
    const before = await project.view();
    const attempts: [DemoUser, () => Promise<unknown>, string][] = [
      ['cq.drafter', () => project.report('cq.drafter', 'M2'), 'FORBIDDEN'],
      ['cd.drafter', () => project.report('cd.drafter', 'M1'), 'INVALID_TRANSITION'],
      ['cq.reviewer', () => project.review('cq.reviewer', 'verifyMilestone', 'M1'), 'FORBIDDEN'],
      ['cd.drafter', () => project.review('cd.drafter', 'verifyMilestone', 'M1'), 'FORBIDDEN'],
      ['cq.signatory', () => project.inspect('cq.signatory', 'COUNTERPART'), 'FORBIDDEN'],
      ['joint.coordinator', () => project.act('joint.coordinator', 'suspendProject', { reason: '暂停' }), 'FORBIDDEN'],
      ['cq.reviewer', () => project.act('cq.reviewer', 'endorseFeasibility'), 'INVALID_TRANSITION'],
      ['cq.drafter', () => project.revise('cq.drafter', 1), 'INVALID_TRANSITION'],
      ['cd.reviewer', () => project.inspection('cd.reviewer', 'closeInspection', 'I1'), 'BAD_USER_INPUT'],
    ];
    for (const [user, attempt, code] of attempts) {
      expect(codes((await attempt()) as never), `${user}`).toEqual([code]);
    }
    const signatory = await bed.actors.query(
      'cq.signatory',
      'query($c: ID!, $k: ID!) { signingPayload(caseId: $c, keyId: $k, action: "SIGN_ACCEPTANCE") { payload } }',
      { c: project.id, k: bed.keys.cq },
    );
    expectCode(signatory, 'INVALID_TRANSITION');
    expect((await project.view()).historyLength).toBe(before.historyLength);
  });

  it('lets a city inspect only the other city, at most three at once per opener, and ask once to suspend, saying why', async () => {
    const project = await Project.open(bed.actors);
    await project.start(bed);
    const reason = (response: unknown) => (response as { errors?: { extensions?: { code?: string; reason?: string } }[] }).errors?.[0]?.extensions;
    expect(reason(await project.inspect('cq.reviewer', 'INITIATOR'))).toMatchObject({ code: 'FORBIDDEN', reason: 'OWN_SIDE' });
    for (let i = 0; i < 3; i += 1) ok(await project.inspect('cq.reviewer', 'COUNTERPART', `第${i + 1}项`));
    expect(reason(await project.inspect('cq.reviewer', 'COUNTERPART'))).toMatchObject({ code: 'FORBIDDEN', reason: 'OPEN_INSPECTIONS_LIMIT' });
    ok(await project.inspect('cd.reviewer', 'INITIATOR'));
    ok(await project.act('cq.reviewer', 'suspendProject', { reason: '资金未到位' }));
    const before = (await project.view()).historyLength;
    expect(codes((await project.act('cq.reviewer', 'suspendProject', { reason: '再次请求' })) as never)).toEqual(['FORBIDDEN']);
    expect((await project.view()).historyLength).toBe(before);
  });

  it('suspends and resumes only when both cities ask, and moves every running due time on by the pause', async () => {
    const project = await Project.open(bed.actors);
    await project.start(bed);
    const before = await project.view();
    let view = ok(await project.act('cq.reviewer', 'suspendProject', { reason: '资金未到位' }));
    expect([view.state, view.suspensionRequestedBy]).toEqual(['inProgress', ['INITIATOR']]);
    view = ok(await project.act('cd.reviewer', 'suspendProject', { reason: '同意暂停' }));
    expect([view.state, view.deadlines]).toEqual(['suspended', []]);
    expect(codes(await project.report('cq.drafter', 'M1'))).toEqual(['INVALID_TRANSITION']);
    view = ok(await project.act('cd.reviewer', 'resumeProject', { reason: '资金到位' }));
    expect([view.state, view.resumptionRequestedBy]).toEqual(['suspended', ['COUNTERPART']]);
    view = ok(await project.act('cq.reviewer', 'resumeProject', { reason: '同意恢复' }));
    expect(view.state).toBe('inProgress');
    const moved = Date.parse(view.milestones[0]!.dueAt) - Date.parse(before.milestones[0]!.dueAt);
    expect(moved).toBeGreaterThan(0);
    expect(Date.parse(view.milestones[1]!.dueAt) - Date.parse(before.milestones[1]!.dueAt)).toBe(moved);
    expect(view.milestones[0]!.dueDate).toBe(before.milestones[0]!.dueDate);
  });

  it('terminates only with both cities’ signatures on SIGN_TERMINATION; a decline goes back to where it was', async () => {
    const project = await Project.open(bed.actors);
    await project.start(bed);
    ok(await project.act('cq.reviewer', 'suspendProject', { reason: '资金未到位' }));
    ok(await project.act('cd.reviewer', 'suspendProject', { reason: '同意暂停' }));
    let view = ok(await project.act('cd.reviewer', 'requestTermination', { reason: '项目条件已不具备' }));
    expect(view.state).toBe('terminating');
    // A payload naming SIGN (approval) cannot be had, or stand, for a termination.
    const payload = await bed.actors.query('cq.signatory', 'query($c: ID!, $k: ID!) { signingPayload(caseId: $c, keyId: $k, action: "SIGN") { payload } }', {
      c: project.id,
      k: bed.keys.cq,
    });
    expectCode(payload, 'INVALID_TRANSITION');
    view = ok(await project.act('cq.signatory', 'declineTermination', { reason: '仍可继续' }));
    expect(view.state).toBe('suspended');
    ok(await project.act('cq.reviewer', 'requestTermination', { reason: '双方同意终止' }));
    await project.signBoth(bed, 'SIGN_TERMINATION');
    view = await project.view();
    expect([view.state, view.deadlines]).toEqual(['terminated', []]);
    const signatures = await bed.actors.query<{ case: { signatures: { action: string }[] } }>(
      'auditor',
      'query($id: ID!) { case(id: $id) { signatures { action } } }',
      { id: project.id },
    );
    expect(signatures.data!.case.signatures.map((s) => s.action)).toEqual(['SIGN', 'SIGN', 'SIGN_TERMINATION', 'SIGN_TERMINATION']);
  });

  describe('bad input gets BAD_USER_INPUT and changes nothing', () => {
    const plan = samplePlan();
    const milestone = plan.milestones[0]!;
    it.each([
      ['no goals', { ...plan, goals: [] }, 'goals'],
      ['a negative budget', { ...plan, initiatorBudget: '-1' }, 'initiatorBudget'],
      ['a budget of three decimals', { ...plan, counterpartBudget: '1.005' }, 'counterpartBudget'],
      ['a lead agency of the other city', { ...plan, initiatorLeadAgencyId: 'CD-DRC' }, 'initiatorLeadAgencyId'],
      ['no milestones', { ...plan, milestones: [] }, 'milestones'],
      ['a milestone owned in the wrong city', { ...plan, milestones: [{ ...milestone, ownerAgencyId: 'CD-HITECH' }] }, 'ownerAgencyId'],
      ['a milestone due today', { ...plan, milestones: [{ ...milestone, dueDate: daysFromNow(0) }] }, 'dueDate'],
      ['a due date that does not exist', { ...plan, milestones: [{ ...milestone, dueDate: '2027-02-30' }] }, 'dueDate'],
      ['an empty deliverable', { ...plan, milestones: [{ ...milestone, deliverable: ' ' }] }, 'deliverable'],
    ])('createJointProject with %s', async (_, badPlan, field) => {
      const response = await bed.actors.query('cq.drafter', 'mutation($i: CreateJointProjectInput!) { createJointProject(input: $i) { id } }', {
        i: { counterpartAgencyId: 'CD-ONLINE-GOV', document: projectDocument, plan: badPlan },
      });
      expectCode(response, 'BAD_USER_INPUT');
      expect(response.errors![0]!.extensions.field).toBe(field);
    });

    it('on every mutation of a running project', async () => {
      const project = await Project.open(bed.actors);
      expectCode(await project.revise('cq.drafter', 1, { ...plan, goals: [] }), 'BAD_USER_INPUT');
      expectCode(await project.revise('cq.drafter', 7), 'VERSION_CONFLICT');
      expectCode(await bed.actors.edit('cq.drafter', project.id, 1, '改'), 'BAD_USER_INPUT');
      const create = (extra: Record<string, unknown>) =>
        bed.actors.query('cq.drafter', 'mutation($i: CreateJointProjectInput!) { createJointProject(input: $i) { id } }', {
          i: { counterpartAgencyId: 'CD-ONLINE-GOV', document: projectDocument, plan, ...extra },
        });
      expectCode(await create({ verificationWorkingDays: 0 }), 'BAD_USER_INPUT');
      expectCode(await create({ plan: { ...plan, counterpartLeadAgencyId: 'CD-NOWHERE' } }), 'NOT_FOUND');
      await project.start(bed);
      ok(await project.report('cq.drafter', 'M1'));
      const before = (await project.view()).historyLength;
      const bad = [
        project.report('cq.drafter', 'M9'),
        project.report('cq.drafter', 'X1'),
        project.report('cd.drafter', 'M2', '  '),
        project.review('cd.reviewer', 'rejectMilestone', 'M1'),
        project.inspect('cq.reviewer', 'COUNTERPART', ''),
        project.inspect('cq.reviewer', 'COUNTERPART', '问题', { rectificationWorkingDays: 61 }),
        project.inspection('cd.drafter', 'reportRectification', 'I1', { report: '已整改' }),
        project.inspection('cd.drafter', 'reportRectification', 'bad'),
        project.act('cq.reviewer', 'suspendProject'),
        project.act('cq.reviewer', 'requestTermination', { reason: '' }),
        project.act('cq.reviewer', 'suspendProject', { reason: '理由', comment: '多余' }),
        bed.actors.query('joint.coordinator', '{ supervision(withinDays: -1) { asOf } }'),
        bed.actors.query('joint.coordinator', '{ supervision(agencyId: "bad id") { asOf } }'),
      ];
      for (const [index, response] of (await Promise.all(bad)).entries()) expect(codes(response), `attempt ${index}`).toEqual(['BAD_USER_INPUT']);
      expect((await project.view()).historyLength).toBe(before);
    });
  });
});
