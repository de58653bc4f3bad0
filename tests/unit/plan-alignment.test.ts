import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import {
  planAlignmentMachine,
  planAlignmentMachineV2,
  planAlignmentMachineV3,
  type AlignmentContext,
  type AlignmentEvent,
} from '../../workflows/plan-alignment.js';
import type { Actor, Role } from '../../workflows/types.js';

type Snapshot = SnapshotFrom<typeof planAlignmentMachine>;

const person = (userId: string, agencyId: string, region: 'CHONGQING' | 'CHENGDU' | 'JOINT', role: Role): Actor => ({
  kind: 'user',
  userId,
  agencyId,
  region,
  roles: [role],
});
const cq = {
  drafter: person('cqd', 'CQ-BDB', 'CHONGQING', 'DRAFTER'),
  reviewer: person('cqr', 'CQ-BDB', 'CHONGQING', 'REVIEWER'),
  signatory: person('cqs', 'CQ-BDB', 'CHONGQING', 'SIGNATORY'),
};
const cd = {
  drafter: person('cdd', 'CD-DRC', 'CHENGDU', 'DRAFTER'),
  reviewer: person('cdr', 'CD-DRC', 'CHENGDU', 'REVIEWER'),
  signatory: person('cds', 'CD-DRC', 'CHENGDU', 'SIGNATORY'),
};
const coordinator = person('jc', 'JOINT-OFFICE', 'JOINT', 'COORDINATOR');

const start = (): Snapshot =>
  initialTransition(planAlignmentMachine, {
    caseId: 'c',
    initiator: { region: 'CHONGQING', agencyId: 'CQ-BDB' },
    counterpart: { region: 'CHENGDU', agencyId: 'CD-DRC' },
    quorum: { initiator: { required: 1, signatories: [] }, counterpart: { required: 1, signatories: [] } },
    version: { id: 'v1', number: 1, contentHash: 'h1', title: '成渝数字经济规划对接' },
    maxRounds: 3,
    negotiationDays: 30,
  })[0];

let clock = 0;
const at = () => new Date(Date.UTC(2026, 0, 1) + (clock += 1000)).toISOString();
type Payload<T> = T extends AlignmentEvent ? Omit<T, 'actor' | 'at' | 'head'> : never;
const send = (snapshot: Snapshot, actor: Actor, event: Payload<AlignmentEvent>): Snapshot =>
  transition(planAlignmentMachine, snapshot, { ...event, actor, at: at(), head: 'head' })[0];
const ctx = (snapshot: Snapshot): AlignmentContext => snapshot.context;
const memorandum = { id: 'v2', number: 2, contentHash: 'h2', title: '备忘录' };

const item = (id: string, topic: string, target: string) => ({ id, topic, target, indicator: '万个', deadline: '2027-12-31', ownerAgencyId: 'CQ-BDB' });

/** Both sections in: 5G identical, data centres divergent, the exchange centre only in Chongqing's. */
function reconciling(): Snapshot {
  let s = start();
  s = send(s, cq.drafter, { type: 'ADD_ITEM', item: item('a', 'FIVE_G', '新建 5G 基站 3 万个') });
  s = send(s, cq.drafter, { type: 'ADD_ITEM', item: item('b', 'BIG_DATA', '数据中心 2 个') });
  s = send(s, cq.drafter, { type: 'ADD_ITEM', item: item('c', 'DATA_CIRCULATION', '建成数据交换中心') });
  s = send(s, cd.drafter, { type: 'ADD_ITEM', item: item('d', 'FIVE_G', '新建 5G 基站 3 万个') });
  s = send(s, cd.drafter, { type: 'ADD_ITEM', item: item('e', 'BIG_DATA', '数据中心 1 个') });
  s = send(s, cq.reviewer, { type: 'SUBMIT_SECTION' });
  return send(s, cd.drafter, { type: 'SUBMIT_SECTION' });
}

describe('planAlignment@1', () => {
  it('collects each section on its own side only', () => {
    let s = start();
    expect(s.can({ type: 'ADD_ITEM', item: item('x', 'FIVE_G', 't'), actor: cd.drafter, at: at(), head: 'h' })).toBe(true);
    expect(s.can({ type: 'ADD_ITEM', item: item('x', 'FIVE_G', 't'), actor: cq.reviewer, at: at(), head: 'h' })).toBe(false);
    expect(s.can({ type: 'SUBMIT_SECTION', actor: cq.drafter, at: at(), head: 'h' })).toBe(false);
    s = send(s, cq.drafter, { type: 'ADD_ITEM', item: item('a', 'FIVE_G', 't') });
    expect(s.can({ type: 'REMOVE_ITEM', itemId: 'a', actor: cd.drafter, at: at(), head: 'h' })).toBe(false);
    expect(ctx(send(s, cq.drafter, { type: 'REMOVE_ITEM', itemId: 'a' })).items).toEqual([]);
    s = send(s, cq.drafter, { type: 'SUBMIT_SECTION' });
    expect(s.value).toEqual({ collecting: { initiatorSection: 'submitted', counterpartSection: 'drafting' } });
    expect(s.can({ type: 'ADD_ITEM', item: item('b', 'FIVE_G', 't'), actor: cq.drafter, at: at(), head: 'h' })).toBe(false);
  });

  it('pairs the sections by topic once both are in', () => {
    const s = reconciling();
    expect(s.value).toBe('reconciling');
    expect(ctx(s).pairs.map((p) => [p.topic, p.status, p.initiatorItem, p.counterpartItem])).toEqual([
      ['BIG_DATA', 'divergent', 'b', 'e'],
      ['DATA_CIRCULATION', 'divergent', 'c', null],
      ['FIVE_G', 'aligned', 'a', 'd'],
    ]);
    expect(ctx(s).negotiationDueAt).not.toBeNull();
  });

  it('goes straight to signing when the sections agree item for item', () => {
    let s = start();
    s = send(s, cq.drafter, { type: 'ADD_ITEM', item: item('a', 'FIVE_G', '新建 5G 基站 3 万个') });
    s = send(s, cd.drafter, { type: 'ADD_ITEM', item: item('b', 'FIVE_G', '新建 5G 基站 3 万个') });
    s = send(s, cq.drafter, { type: 'SUBMIT_SECTION' });
    s = send(s, cd.drafter, { type: 'SUBMIT_SECTION', version: memorandum });
    expect(s.value).toEqual({ signing: { initiatorSide: 'collecting', counterpartSide: 'collecting' } });
    expect(ctx(s).pairs.map((p) => p.resolvedBy)).toEqual(['identical']);
  });

  it('lets only the other side accept a proposal, and signs the memorandum once all are aligned', () => {
    let s = reconciling();
    s = send(s, cq.reviewer, { type: 'PROPOSE_RESOLUTION', topic: 'BIG_DATA', text: '两地各建 1 个，共建 1 个' });
    expect(s.can({ type: 'ACCEPT_RESOLUTION', topic: 'BIG_DATA', actor: cq.drafter, at: at(), head: 'h' })).toBe(false);
    expect(s.can({ type: 'PROPOSE_RESOLUTION', topic: 'BIG_DATA', text: 'x', actor: cd.reviewer, at: at(), head: 'h' })).toBe(false);
    s = send(s, cd.reviewer, { type: 'ACCEPT_RESOLUTION', topic: 'BIG_DATA' });
    expect(ctx(s).pairs.find((p) => p.topic === 'BIG_DATA')).toMatchObject({
      status: 'aligned',
      resolution: '两地各建 1 个，共建 1 个',
      resolvedBy: 'agreement',
    });
    s = send(s, cd.drafter, { type: 'PROPOSE_RESOLUTION', topic: 'DATA_CIRCULATION', text: '共建成渝数据交换中心' });
    const withoutMemorandum = send(s, cq.drafter, { type: 'ACCEPT_RESOLUTION', topic: 'DATA_CIRCULATION' });
    expect(withoutMemorandum.value).toBe('reconciling');
    s = send(s, cq.drafter, { type: 'ACCEPT_RESOLUTION', topic: 'DATA_CIRCULATION', version: memorandum });
    expect(s.value).toEqual({ signing: { initiatorSide: 'collecting', counterpartSide: 'collecting' } });
    expect(ctx(s).version).toEqual(memorandum);
    s = send(s, cq.signatory, { type: 'SIGN', signature: { id: 's1', versionId: 'v2' } });
    s = send(s, cd.signatory, { type: 'SIGN', signature: { id: 's2', versionId: 'v2' } });
    expect(s.value).toBe('aligned');
  });

  it('escalates a pair after the last round, and the joint office arbitrates it', () => {
    let s = reconciling();
    s = send(s, cq.reviewer, { type: 'PROPOSE_RESOLUTION', topic: 'BIG_DATA', text: '各建 1 个' });
    s = send(s, cd.reviewer, { type: 'COUNTER_PROPOSE', topic: 'BIG_DATA', text: '重庆建 2 个' });
    expect(s.value).toBe('reconciling');
    s = send(s, cq.reviewer, { type: 'COUNTER_PROPOSE', topic: 'BIG_DATA', text: '成都建 2 个' });
    expect(s.value).toBe('escalated');
    expect(ctx(s).pairs.find((p) => p.topic === 'BIG_DATA')?.status).toBe('escalated');
    expect(s.can({ type: 'ARBITRATE', topic: 'BIG_DATA', text: 'x', actor: cq.reviewer, at: at(), head: 'h' })).toBe(false);
    s = send(s, coordinator, { type: 'ARBITRATE', topic: 'BIG_DATA', text: '两地各建 1 个，联合调度' });
    expect(s.value).toBe('reconciling');
    expect(ctx(s).pairs.find((p) => p.topic === 'BIG_DATA')).toMatchObject({ status: 'aligned', resolvedBy: 'arbitration' });
  });

  it('escalates on the negotiation deadline only once it has passed', () => {
    const s = reconciling();
    const due = ctx(s).negotiationDueAt!;
    const early = {
      type: 'ESCALATE' as const,
      reason: '超期',
      actor: { kind: 'system' as const },
      at: new Date(Date.parse(due) - 1000).toISOString(),
      head: 'h',
    };
    expect(s.can(early)).toBe(false);
    const escalated = transition(planAlignmentMachine, s, { ...early, at: due })[0];
    expect(escalated.value).toBe('escalated');
    expect(
      ctx(escalated)
        .pairs.filter((p) => p.status === 'escalated')
        .map((p) => p.topic),
    ).toEqual(['BIG_DATA', 'DATA_CIRCULATION']);
  });

  it('is abandoned only when both sides ask', () => {
    let s = reconciling();
    expect(s.can({ type: 'ABANDON', reason: 'x', actor: cq.drafter, at: at(), head: 'h' })).toBe(false);
    s = send(s, cq.reviewer, { type: 'ABANDON', reason: '规划调整' });
    expect(s.value).toBe('reconciling');
    s = send(s, cd.reviewer, { type: 'ABANDON', reason: '同意终止' });
    expect(s.value).toBe('abandoned');
  });
});

describe('planAlignment@1 once final', () => {
  it('takes no more events after it is aligned', () => {
    let s = start();
    s = send(s, cq.drafter, { type: 'ADD_ITEM', item: item('a', 'FIVE_G', '同') });
    s = send(s, cd.drafter, { type: 'ADD_ITEM', item: item('b', 'FIVE_G', '同') });
    s = send(s, cq.drafter, { type: 'SUBMIT_SECTION' });
    s = send(s, cd.drafter, { type: 'SUBMIT_SECTION', version: memorandum });
    s = send(s, cq.signatory, { type: 'SIGN', signature: { id: 's1', versionId: 'v2' } });
    s = send(s, cd.signatory, { type: 'SIGN', signature: { id: 's2', versionId: 'v2' } });
    expect(s.value).toBe('aligned');
    expect(s.can({ type: 'ABANDON', reason: 'x', actor: cq.reviewer, at: at(), head: 'h' })).toBe(false);
  });
});

describe('planAlignment@3', () => {
  it('takes a side’s request to abandon once: asking again would record an entry that changes nothing', () => {
    const ask = (actor: Actor) => ({ type: 'ABANDON' as const, reason: 'r', actor, at: at(), head: 'head' });
    const first = initialTransition(planAlignmentMachineV3, start().context)[0];
    const asked = transition(planAlignmentMachineV3, first, ask(cd.reviewer))[0];
    expect([asked.can(ask(cd.reviewer)), asked.can(ask(cq.reviewer))]).toEqual([false, true]);
    expect(transition(planAlignmentMachineV3, asked, ask(cq.reviewer))[0].value).toBe('abandoned');
    // @2 took the same request again and again.
    const old = transition(planAlignmentMachineV2, initialTransition(planAlignmentMachineV2, start().context)[0], ask(cd.reviewer))[0];
    expect(old.can(ask(cd.reviewer))).toBe(true);
  });
});
