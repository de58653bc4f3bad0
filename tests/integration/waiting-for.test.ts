import { describe, expect, it } from 'vitest';
import { useTestBed } from '../support/bed.js';
import { succeeded } from '../support/graphql.js';
import { expectWaitingAgreesWithInboxes } from '../support/invariants.js';
import { ok, Project } from '../support/projects.js';

describe('every waiting case is in the inbox of exactly the parties it waits for', () => {
  const bed = useTestBed('waitingfor');
  const waitingFor = async (caseId: string) =>
    succeeded(
      await bed.actors.query<{ case: { waitingFor: { role: string; agency: { id: string } | null; actions: string[] }[] } }>(
        'auditor',
        'query($id: ID!) { case(id: $id) { waitingFor { role agency { id } actions } } }',
        { id: caseId },
      ),
    ).case.waitingFor;

  it('a proposal returned by the counterpart, or declined at signing, waits for the initiating drafters', async () => {
    const { id: caseId } = await bed.actors.createProposal('cq.drafter');
    const steps: [string, string, Record<string, unknown>][] = [
      ['cq.drafter', 'submitForInternalReview', {}],
      ['cq.reviewer', 'approveInternally', {}],
      ['cd.reviewer', 'requestChanges', { comment: '请补充' }],
    ];
    await expectWaitingAgreesWithInboxes(bed.actors, caseId);
    for (const [user, mutation, input] of steps) {
      ok(await bed.actors.act(user as 'cq.drafter', mutation, { caseId, ...input }));
      await expectWaitingAgreesWithInboxes(bed.actors, caseId);
    }
    expect(await waitingFor(caseId)).toEqual([{ role: 'DRAFTER', agency: { id: 'CQ-BDB' }, actions: ['EDIT'] }]);

    const other = await bed.actors.createProposal('cq.drafter');
    for (const [user, mutation] of [
      ['cq.drafter', 'submitForInternalReview'],
      ['cq.reviewer', 'approveInternally'],
      ['cd.reviewer', 'acceptProposal'],
    ] as const)
      ok(await bed.actors.act(user, mutation, { caseId: other.id }));
    expect((await bed.actors.sign('cq.signatory', other.id, bed.keys.cq, bed.signers.cq)).errors).toBeUndefined();
    // Chongqing's signatory has signed: only Chengdu's is waited for now.
    expect(await waitingFor(other.id)).toEqual([{ role: 'SIGNATORY', agency: { id: 'CD-ONLINE-GOV' }, actions: ['SIGN'] }]);
    await expectWaitingAgreesWithInboxes(bed.actors, other.id);
    ok(await bed.actors.act('cd.signatory', 'declineToSign', { caseId: other.id, reason: '需再议' }));
    expect(await waitingFor(other.id)).toEqual([{ role: 'DRAFTER', agency: { id: 'CQ-BDB' }, actions: ['EDIT'] }]);
    await expectWaitingAgreesWithInboxes(bed.actors, other.id);
  });

  it('a running project waits on the owner of the milestone due, and on the other city once one asked to suspend', async () => {
    const project = await Project.open(bed.actors);
    await project.start(bed);
    // M1 (Chongqing's) is due first: Chengdu, whose M2 is months later, is not waited for yet.
    expect(await waitingFor(project.id)).toEqual([
      { role: 'DRAFTER', agency: { id: 'CQ-BDB' }, actions: ['REPORT_MILESTONE'] },
      { role: 'REVIEWER', agency: { id: 'CQ-BDB' }, actions: ['REPORT_MILESTONE'] },
    ]);
    await expectWaitingAgreesWithInboxes(bed.actors, project.id);
    ok(await project.act('cq.reviewer', 'suspendProject', { reason: '资金未到位' }));
    expect((await waitingFor(project.id)).filter((party) => party.agency?.id === 'CD-ONLINE-GOV')).toEqual([
      { role: 'REVIEWER', agency: { id: 'CD-ONLINE-GOV' }, actions: ['SUSPEND'] },
    ]);
    await expectWaitingAgreesWithInboxes(bed.actors, project.id);
    ok(await project.report('cq.drafter', 'M1'));
    await expectWaitingAgreesWithInboxes(bed.actors, project.id);
  });
});
