import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import {
  jointProjectMachine,
  jointProjectMachineV2,
  jointProjectMachineV3,
  maxOpenInspectionsPerOpener,
  nextInspectionId,
  type ProjectContext,
  type ProjectEvent,
} from '../../workflows/joint-project.js';
import { workflows } from '../../workflows/registry.js';
import type { Actor, Role } from '../../workflows/types.js';
import { definitionHash } from '../../src/cases/case-state.js';

type Snapshot = SnapshotFrom<typeof jointProjectMachine>;

const person = (agencyId: string, region: 'CHONGQING' | 'CHENGDU', role: Role): Actor => ({
  kind: 'user',
  userId: `${agencyId}-${role}`,
  agencyId,
  region,
  roles: [role],
});
const cq = {
  drafter: person('CQ-BDB', 'CHONGQING', 'DRAFTER'),
  reviewer: person('CQ-BDB', 'CHONGQING', 'REVIEWER'),
  signatory: person('CQ-BDB', 'CHONGQING', 'SIGNATORY'),
};
const cd = { reviewer: person('CD-DRC', 'CHENGDU', 'REVIEWER'), signatory: person('CD-DRC', 'CHENGDU', 'SIGNATORY') };
const system: Actor = { kind: 'system' };
const project = workflows.get('jointProject@1')!;

const milestone = (id: string, side: 'initiator' | 'counterpart', dueAt: string) => ({
  id,
  title: id,
  side,
  ownerAgencyId: 'x',
  dueDate: dueAt.slice(0, 10),
  dueAt,
  deliverable: 'd',
});

const start = (machine: typeof jointProjectMachine = jointProjectMachine): Snapshot =>
  initialTransition(machine, {
    caseId: 'c',
    initiator: { region: 'CHONGQING', agencyId: 'CQ-BDB' },
    counterpart: { region: 'CHENGDU', agencyId: 'CD-DRC' },
    quorum: { initiator: { required: 1, signatories: [] }, counterpart: { required: 1, signatories: [] } },
    version: { id: 'v1', number: 1, contentHash: 'h1', title: '成渝数据交换中心' },
    plan: {
      goals: ['g'],
      budget: { initiator: 1, counterpart: 1 },
      leadAgencies: { initiator: 'CQ-BDB', counterpart: 'CD-DRC' },
      milestones: [milestone('M1', 'initiator', '2026-03-01T16:00:00.000Z'), milestone('M2', 'counterpart', '2026-06-01T16:00:00.000Z')],
    },
    verificationWorkingDays: 5,
  })[0];

type Payload<T> = T extends ProjectEvent ? Omit<T, 'actor' | 'at' | 'head'> : never;
const send = (snapshot: Snapshot, actor: Actor, at: string, event: Payload<ProjectEvent>): Snapshot =>
  transition(snapshot.machine as typeof jointProjectMachine, snapshot, { ...event, actor, at, head: `head@${at}` })[0];
const ctx = (snapshot: Snapshot): ProjectContext => snapshot.context;

/** Proposed, endorsed by both, approved by both signatures, on 1 February 2026. */
function running(machine: typeof jointProjectMachine = jointProjectMachine): Snapshot {
  const day = '2026-02-01T00:00:00.000Z';
  let s = send(start(machine), cq.drafter, day, { type: 'SUBMIT' });
  s = send(s, cd.reviewer, day, { type: 'ENDORSE' });
  s = send(s, cq.reviewer, day, { type: 'ENDORSE' });
  s = send(s, cq.signatory, day, { type: 'SIGN', signature: { id: 's1', versionId: 'v1' } });
  return send(s, cd.signatory, '2026-02-02T00:00:00.000Z', { type: 'SIGN', signature: { id: 's2', versionId: 'v1' } });
}

const overdue = (duty: 'MILESTONE' | 'VERIFICATION' | 'RECTIFICATION', subjectId: string) => ({
  type: 'RECORD_OVERDUE' as const,
  duty,
  subjectId,
  reason: 'r',
});

describe('jointProject@1 deadlines', () => {
  it('lists none before approval, every milestone once running, none while suspended or after the end', () => {
    expect(project.deadlines(ctx(start()))).toEqual([]);
    const s = running();
    expect(s.value).toBe('inProgress');
    expect(ctx(s).startedAt).toBe('2026-02-02T00:00:00.000Z');
    expect(project.deadlines(ctx(s)).map((d) => [d.kind, d.dueAt, d.fires.fields])).toEqual([
      ['MILESTONE:M1', '2026-03-01T16:00:00.000Z', { duty: 'MILESTONE', subjectId: 'M1', lateSide: 'initiator' }],
      ['MILESTONE:M2', '2026-06-01T16:00:00.000Z', { duty: 'MILESTONE', subjectId: 'M2', lateSide: 'counterpart' }],
    ]);
    let suspended = send(s, cq.reviewer, '2026-02-10T00:00:00.000Z', { type: 'SUSPEND', reason: 'r' });
    suspended = send(suspended, cd.reviewer, '2026-02-10T00:00:00.000Z', { type: 'SUSPEND', reason: 'r' });
    expect(project.deadlines(ctx(suspended))).toEqual([]);
  });

  it('takes RECORD_OVERDUE only from the system, only once the duty is due, and once', () => {
    const s = running();
    expect(s.can({ ...overdue('MILESTONE', 'M1'), actor: cq.reviewer, at: '2026-03-02T00:00:00.000Z', head: 'h' })).toBe(false);
    expect(s.can({ ...overdue('MILESTONE', 'M1'), actor: system, at: '2026-03-01T15:59:59.999Z', head: 'h' })).toBe(false);
    expect(s.can({ ...overdue('VERIFICATION', 'M1'), actor: system, at: '2026-12-01T00:00:00.000Z', head: 'h' })).toBe(false);
    const marked = send(s, system, '2026-03-01T16:00:00.000Z', overdue('MILESTONE', 'M1'));
    expect(ctx(marked).milestones[0]!.overdueSince).toBe('2026-03-01T16:00:00.000Z');
    expect(marked.can({ ...overdue('MILESTONE', 'M1'), actor: system, at: '2026-03-05T00:00:00.000Z', head: 'h' })).toBe(false);
    expect(project.deadlines(ctx(marked)).map((d) => d.kind)).toEqual(['MILESTONE:M2']);
  });

  it('gives a reported milestone its verification deadline, and a rejection starts it over', () => {
    let s = send(running(), cq.drafter, '2026-02-03T00:00:00.000Z', {
      type: 'REPORT_MILESTONE',
      milestoneId: 'M1',
      evidence: 'e',
      verificationDueAt: '2026-02-10T16:00:00.000Z',
    });
    // Delivered: M1's own due time is no longer its owner's to meet; its verification is the other side's.
    expect(project.deadlines(ctx(s)).map((d) => [d.kind, d.fires.fields?.lateSide])).toEqual([
      ['MILESTONE:M2', 'counterpart'],
      ['VERIFICATION:M1', 'counterpart'],
    ]);
    s = send(s, system, '2026-02-11T00:00:00.000Z', overdue('VERIFICATION', 'M1'));
    expect(ctx(s).milestones[0]!.verificationOverdueSince).toBe('2026-02-11T00:00:00.000Z');
    s = send(s, cd.reviewer, '2026-02-12T00:00:00.000Z', { type: 'REJECT_MILESTONE', milestoneId: 'M1', comment: 'c' });
    expect(ctx(s).milestones[0]).toMatchObject({ status: 'pending', verificationDueAt: null, verificationOverdueSince: null, rejections: [{ text: 'c' }] });
  });

  it('moves running due times on by the length of a suspension', () => {
    let s = send(running(), cq.reviewer, '2026-02-10T00:00:00.000Z', { type: 'SUSPEND', reason: 'r' });
    s = send(s, cd.reviewer, '2026-02-10T00:00:00.000Z', { type: 'SUSPEND', reason: 'r' });
    s = send(s, cd.reviewer, '2026-02-20T00:00:00.000Z', { type: 'RESUME', reason: 'r' });
    s = send(s, cq.reviewer, '2026-02-20T00:00:00.000Z', { type: 'RESUME', reason: 'r' });
    expect(s.value).toBe('inProgress');
    expect(ctx(s).milestones.map((m) => m.dueAt)).toEqual(['2026-03-11T16:00:00.000Z', '2026-06-11T16:00:00.000Z']);
  });
});

describe('jointProject@2', () => {
  it('never records a milestone reported in time overdue against its owner, which @1 did', () => {
    const report = (s: Snapshot) =>
      send(s, cq.drafter, '2026-02-03T00:00:00.000Z', {
        type: 'REPORT_MILESTONE',
        milestoneId: 'M1',
        evidence: 'e',
        verificationDueAt: '2026-03-10T16:00:00.000Z',
      });
    const late = { ...overdue('MILESTONE', 'M1'), actor: system, at: '2026-03-02T00:00:00.000Z', head: 'h' };
    expect(report(running()).can(late)).toBe(true);
    expect(report(running(jointProjectMachineV2)).can(late)).toBe(false);
    expect(running(jointProjectMachineV2).can(late)).toBe(true);
  });

  it('runs several inspections at once and returns to the work only when the last closes', () => {
    const coordinator: Actor = { kind: 'user', userId: 'j', agencyId: 'JOINT-OFFICE', region: 'JOINT', roles: ['COORDINATOR'] };
    const open = (s: Snapshot, inspectionId: string, side: 'initiator' | 'counterpart') =>
      send(s, coordinator, '2026-02-05T00:00:00.000Z', {
        type: 'OPEN_INSPECTION',
        inspectionId,
        findings: 'f',
        side,
        rectificationDueAt: '2026-02-20T16:00:00.000Z',
      });
    let s = open(open(running(jointProjectMachineV2), 'I1', 'initiator'), 'I2', 'counterpart');
    expect([s.value, ctx(s).inspections.map((i) => i.status)]).toEqual(['rectification', ['open', 'open']]);
    s = send(s, cq.reviewer, '2026-02-06T00:00:00.000Z', { type: 'RECTIFY', inspectionId: 'I1', report: 'r' });
    s = send(s, coordinator, '2026-02-07T00:00:00.000Z', { type: 'CLOSE_INSPECTION', inspectionId: 'I1' });
    expect(s.value).toBe('rectification');
    s = send(s, cd.reviewer, '2026-02-08T00:00:00.000Z', { type: 'RECTIFY', inspectionId: 'I2', report: 'r' });
    s = send(s, coordinator, '2026-02-09T00:00:00.000Z', { type: 'CLOSE_INSPECTION', inspectionId: 'I2' });
    expect(s.value).toBe('inProgress');
    // @1 kept one at a time.
    expect(
      open(running(), 'I1', 'initiator').can({
        type: 'OPEN_INSPECTION',
        inspectionId: 'I2',
        findings: 'f',
        side: 'counterpart',
        rectificationDueAt: 'x',
        actor: coordinator,
        at: 'x',
        head: 'h',
      }),
    ).toBe(false);
  });
});

describe('jointProject@3', () => {
  const coordinator: Actor = { kind: 'user', userId: 'j', agencyId: 'JOINT-OFFICE', region: 'JOINT', roles: ['COORDINATOR'] };
  let seq = 100;
  /** As the engine sends it: with the seq its entry takes. */
  const step = (s: Snapshot, actor: Actor, event: Payload<ProjectEvent>): Snapshot => {
    seq += 1;
    return transition(s.machine as typeof jointProjectMachine, s, {
      ...event,
      actor,
      at: new Date(Date.UTC(2026, 1, 3, 0, seq)).toISOString(),
      head: 'h',
      seq,
    })[0];
  };
  const size = (s: Snapshot) => JSON.stringify(ctx(s)).length;

  it('keeps the context the same size however many rounds of reports, rejections and inspections a project runs', () => {
    let s = running(jointProjectMachineV3);
    const sizes: number[] = [];
    for (let round = 0; round < 30; round += 1) {
      s = step(s, cq.drafter, {
        type: 'REPORT_MILESTONE',
        milestoneId: 'M1',
        evidence: `第${String(round).padStart(2, '0')}次报告`,
        verificationDueAt: '2026-12-10T16:00:00.000Z',
      });
      s = step(s, cd.reviewer, { type: 'REJECT_MILESTONE', milestoneId: 'M1', comment: `退回${String(round).padStart(2, '0')}` });
      const inspectionId = nextInspectionId(ctx(s));
      s = step(s, coordinator, { type: 'OPEN_INSPECTION', inspectionId, findings: 'f', side: 'initiator', rectificationDueAt: '2026-12-20T16:00:00.000Z' });
      s = step(s, cq.reviewer, { type: 'RECTIFY', inspectionId, report: 'r' });
      s = step(s, coordinator, { type: 'CLOSE_INSPECTION', inspectionId });
      sizes.push(size(s));
    }
    // Ids of more digits aside, the thirtieth round leaves the context as large as the tenth.
    expect(sizes[29]).toBeLessThanOrEqual(sizes[9]! + 2);
    expect(s.value).toBe('inProgress');
    const m1 = ctx(s).milestones[0]!;
    expect([m1.reports.map((r) => r.text), m1.rejections.map((r) => r.text)]).toEqual([['第29次报告'], ['退回29']]);
    // Each keeps the seq of its entry: the earlier ones are in the entry before it.
    expect(m1.rejections[0]!.seq).toBe(m1.reports[0]!.seq! + 1);
    expect([ctx(s).inspections, ctx(s).lastClosed?.id, ctx(s).inspectionsOpened, nextInspectionId(ctx(s))]).toEqual([[], 'I30', 30, 'I31']);
    // @2 kept every one.
    let old = running(jointProjectMachineV2);
    for (let round = 0; round < 3; round += 1) {
      old = step(old, cq.drafter, { type: 'REPORT_MILESTONE', milestoneId: 'M1', evidence: 'e', verificationDueAt: '2026-12-10T16:00:00.000Z' });
      old = step(old, cd.reviewer, { type: 'REJECT_MILESTONE', milestoneId: 'M1', comment: 'c' });
    }
    expect(ctx(old).milestones[0]!.reports).toHaveLength(3);
  });

  it(`lets one opener have at most ${String(maxOpenInspectionsPerOpener)} inspections open, each other opener its own, a city only on the other`, () => {
    let s = running(jointProjectMachineV3);
    const open = (actor: Actor, side: 'initiator' | 'counterpart' = actor === cd.reviewer ? 'initiator' : 'counterpart') => ({
      type: 'OPEN_INSPECTION' as const,
      inspectionId: nextInspectionId(ctx(s)),
      findings: 'f',
      side,
      rectificationDueAt: '2026-12-20T16:00:00.000Z',
      actor,
      at: '2026-02-05T00:00:00.000Z',
      head: 'h',
    });
    // A city inspecting itself would be one city growing the project alone.
    expect([s.can(open(cq.reviewer, 'initiator')), s.can(open(cd.reviewer, 'counterpart')), s.can(open(coordinator, 'initiator'))]).toEqual([
      false,
      false,
      true,
    ]);
    for (let i = 0; i < maxOpenInspectionsPerOpener; i += 1) {
      expect(s.can(open(cq.reviewer))).toBe(true);
      s = step(s, cq.reviewer, open(cq.reviewer));
    }
    expect([s.can(open(cq.reviewer)), s.can(open(cd.reviewer)), s.can(open(coordinator))]).toEqual([false, true, true]);
    s = step(s, cd.reviewer, { type: 'RECTIFY', inspectionId: 'I1', report: 'r' });
    s = step(s, cq.reviewer, { type: 'CLOSE_INSPECTION', inspectionId: 'I1' });
    expect(s.can(open(cq.reviewer))).toBe(true);
    expect(nextInspectionId(ctx(s))).toBe('I4');
  });

  it('takes a side’s request to suspend or to resume once: asking again would record an entry that changes nothing', () => {
    const ask = (type: 'SUSPEND' | 'RESUME', actor: Actor) => ({ type, reason: 'r', actor, at: '2026-02-05T00:00:00.000Z', head: 'h' });
    let s = step(running(jointProjectMachineV3), cq.reviewer, { type: 'SUSPEND', reason: 'r' });
    expect([s.can(ask('SUSPEND', cq.reviewer)), s.can(ask('SUSPEND', cd.reviewer))]).toEqual([false, true]);
    s = step(s, cd.reviewer, { type: 'SUSPEND', reason: 'r' });
    expect(s.value).toBe('suspended');
    s = step(s, cd.reviewer, { type: 'RESUME', reason: 'r' });
    expect([s.can(ask('RESUME', cd.reviewer)), s.can(ask('RESUME', cq.reviewer))]).toEqual([false, true]);
    // @2 took the same request again and again.
    const old = send(running(jointProjectMachineV2), cq.reviewer, '2026-02-05T00:00:00.000Z', { type: 'SUSPEND', reason: 'r' });
    expect(old.can(ask('SUSPEND', cq.reviewer))).toBe(true);
  });
});

describe('machine definitions', () => {
  it('stay as every recorded entry names them: a v1 machine never changes', () => {
    expect(Object.fromEntries([...workflows.values()].map((workflow) => [workflow.key, definitionHash(workflow)]))).toEqual({
      'policyProposal@1': '0669b87330da0233e65418b5778cd050b162c347361d47b7e5cfad054fa45107',
      'planAlignment@1': '108b54481db1b0863bfcd8b342c931395a772a431c71c3d4895b21fb178b46c2',
      'jointProject@1': '4c9ba58bda2e7b426b68b8e80a06bf200f3d4faa8ff930430d45fe745fbba3d5',
      // Published with the first entries of each: they may never change either.
      'policyProposal@2': '8bfbadb0257418224c1ef4d53c459a134ff69b5a83655fb3f7032faf5d2d6bd7',
      'planAlignment@2': '4fbcd56766014b943aa2b8f45be93d0eb0e522e7c30e60c0124d2483a330cf56',
      'planAlignment@3': 'df527f797f0773cc621e977f50eaa77f17da22667f19f6f775c431be6d483787',
      'jointProject@2': '858175aceca221ca36076310dc221ae952f79c3d38bb50a0f23cf42575fccf91',
      'jointProject@3': '8feeeef9699d8402cedc9ba4e19a09dff4a5638341c2f07644d72e3776c85ce1',
    });
  });
});
