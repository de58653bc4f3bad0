import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { describe, expect, it } from 'vitest';
import { workflows } from '../../workflows/registry.js';
import type { Role } from '../../workflows/types.js';
import { persist, restore, type CaseState } from '../../src/cases/case-state.js';
import { actorOf, availableActions, awaiting, dueActions, refusal, waitingFor } from '../../src/cases/decisions.js';
import type { Viewer } from '../../src/directory/model.js';
import type { CaseEvent } from '../../src/store/records.js';

/*
 * The case core's decisions, asked of a proposal's real machine with no database: what each party may do, what the
 * case waits for and from whom, and why a refusal is what it is.
 */

const proposal = workflows.get('policyProposal@2')!;
const caseId = '0b6f7a52-8c1e-4f7e-9d0a-2f4c7b1e6a90';
const at = new Date('2026-12-01T08:00:00.000Z');
const version = { id: 'v-1', number: 1, contentHash: 'c'.repeat(64), title: '成渝数据共享协议' };

const person = (username: string, agencyId: string, region: Viewer['region'], ...roles: Role[]): Viewer => ({
  userId: `u-${username}`,
  username,
  agencyId,
  region,
  roles,
});
const cdDrafter = person('cd.drafter', 'CD-DRC', 'CHENGDU', 'DRAFTER');
const cdReviewer = person('cd.reviewer', 'CD-DRC', 'CHENGDU', 'REVIEWER');
const cdSignatory = person('cd.signatory', 'CD-DRC', 'CHENGDU', 'SIGNATORY');
const cqReviewer = person('cq.reviewer', 'CQ-DRC', 'CHONGQING', 'REVIEWER');
const cqSignatory = person('cq.signatory', 'CQ-DRC', 'CHONGQING', 'SIGNATORY');
const outsider = person('cq.other', 'CQ-BDB', 'CHONGQING', 'REVIEWER', 'SIGNATORY');
const coordinator = person('joint.coordinator', 'JOINT-OFFICE', 'JOINT', 'COORDINATOR');

/** The case as the history would restore it after `steps`, each sent by its viewer. */
function after(...steps: [Viewer, Record<string, unknown>][]): CaseState {
  let [snapshot]: [AnyMachineSnapshot, ...unknown[]] = initialTransition(proposal.machine, {
    caseId,
    initiator: { region: 'CHENGDU', agencyId: 'CD-DRC' },
    counterpart: { region: 'CHONGQING', agencyId: 'CQ-DRC' },
    quorum: { initiator: { required: 1, signatories: [] }, counterpart: { required: 1, signatories: [cqSignatory.userId] } },
    version,
    reviewPeriodDays: 10,
  });
  for (const [viewer, event] of steps) {
    [snapshot] = transition(proposal.machine, snapshot, { ...event, actor: actorOf(viewer), at: at.toISOString(), head: 'h'.repeat(64) });
  }
  const head = { caseId, seq: steps.length + 1, workflow: proposal.key, snapshot: persist(snapshot), hash: 'h'.repeat(64) } as CaseEvent;
  return restore(head);
}

const inReview = (): CaseState => after([cdDrafter, { type: 'SUBMIT_FOR_INTERNAL_REVIEW' }], [cdReviewer, { type: 'APPROVE_INTERNALLY' }]);
const signing = (): CaseState =>
  after([cdDrafter, { type: 'SUBMIT_FOR_INTERNAL_REVIEW' }], [cdReviewer, { type: 'APPROVE_INTERNALLY' }], [cqReviewer, { type: 'ACCEPT' }]);

describe('decisions of the case core, on a proposal’s machine', () => {
  it('a draft waits for its drafters alone, and the other city may do nothing with a case it cannot see', () => {
    const draft = after();
    expect(waitingFor(draft, at)).toEqual([
      { region: 'CHENGDU', agencyId: 'CD-DRC', role: 'DRAFTER', userIds: [], actions: ['EDIT', 'SUBMIT_FOR_INTERNAL_REVIEW'] },
    ]);
    expect(awaiting(draft, at)).toEqual(['CD-DRC:DRAFTER']);
    expect(availableActions(cdDrafter, draft, at)).toEqual(['EDIT', 'SUBMIT_FOR_INTERNAL_REVIEW', 'WITHDRAW']);
    expect(dueActions(cdDrafter, draft, at)).toEqual(['EDIT', 'SUBMIT_FOR_INTERNAL_REVIEW']);
    expect(availableActions(cqReviewer, draft, at)).toEqual([]);
  });

  it('in the counterpart’s review, its reviewers are due; the joint office may escalate, which is never awaited', () => {
    const state = inReview();
    expect(awaiting(state, at)).toEqual(['CQ-DRC:REVIEWER']);
    expect(dueActions(cqReviewer, state, at)).toEqual(['REQUEST_CHANGES', 'ACCEPT', 'REJECT']);
    expect(availableActions(coordinator, state, at)).toEqual(['ESCALATE']);
    expect(dueActions(coordinator, state, at)).toEqual([]);
    expect(availableActions(outsider, state, at)).toEqual([]);
  });

  it('a named quorum waits for the users it names, and an unnamed one for the side’s signatories', () => {
    const state = signing();
    const parties = waitingFor(state, at);
    expect(parties).toContainEqual({ region: 'CHONGQING', agencyId: 'CQ-DRC', role: 'SIGNATORY', userIds: [cqSignatory.userId], actions: ['SIGN'] });
    expect(parties).toContainEqual({ region: 'CHENGDU', agencyId: 'CD-DRC', role: 'SIGNATORY', userIds: [], actions: ['SIGN'] });
    expect(dueActions(cqSignatory, state, at)).toEqual(['SIGN']);
    // Another signatory of the counterpart's agency, not named in its quorum, may neither sign nor decline.
    const unnamed = person('cq.signatory2', 'CQ-DRC', 'CHONGQING', 'SIGNATORY');
    expect(availableActions(unnamed, state, at)).toEqual([]);
  });

  it('refuses with FORBIDDEN what someone could do now, with INVALID_TRANSITION what nobody could, and names a second signature', () => {
    const state = inReview();
    expect(refusal(state, 'ACCEPT', {}, at, actorOf(cdReviewer))).toMatchObject({
      code: 'FORBIDDEN',
      details: { action: 'ACCEPT', state: 'counterpartReview' },
    });
    expect(refusal(state, 'RESUBMIT', {}, at, actorOf(cdDrafter))).toMatchObject({ code: 'INVALID_TRANSITION' });
    const signed = after(
      [cdDrafter, { type: 'SUBMIT_FOR_INTERNAL_REVIEW' }],
      [cdReviewer, { type: 'APPROVE_INTERNALLY' }],
      [cqReviewer, { type: 'ACCEPT' }],
      [cdSignatory, { type: 'SIGN', signature: { id: 's-1', versionId: version.id } }],
    );
    expect(refusal(signed, 'SIGN', {}, at, actorOf(cdSignatory))).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'ALREADY_SIGNED' } });
    expect(awaiting(signed, at)).toEqual(['CQ-DRC:SIGNATORY']);
  });
});
