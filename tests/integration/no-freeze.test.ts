import { describe, expect, it } from 'vitest';
import { Alignment } from '../support/alignments.js';
import { useTestBed } from '../support/bed.js';
import { expectWaitingAgreesWithInboxes } from '../support/invariants.js';
import { ok, Project } from '../support/projects.js';

describe('negotiation and supervision do not freeze', () => {
  const bed = useTestBed('nofreeze');

  it('while the joint office holds one plan item, the other items go on being negotiated', async () => {
    const alignment = await Alignment.open(bed.actors, { maxRounds: 2 });
    for (const [user, topic, target] of [
      ['cq.drafter', 'FIVE_G', '新建 5G 基站 3 万个'],
      ['cq.drafter', 'BIG_DATA', '建设数据中心 2 个'],
      ['cd.drafter', 'FIVE_G', '新建 5G 基站 2 万个'],
      ['cd.drafter', 'BIG_DATA', '建设数据中心 1 个'],
    ] as const) {
      ok(await alignment.addItem(user, topic, target));
    }
    ok(await alignment.submit('cq.drafter'));
    ok(await alignment.submit('cd.drafter'));
    // Two rounds on 5G, and it goes to the joint office.
    ok(await alignment.topic('cq.reviewer', 'proposeResolution', 'FIVE_G', '两地合计 5 万个'));
    const escalated = ok(await alignment.topic('cd.reviewer', 'counterPropose', 'FIVE_G', '两地合计 4 万个'));
    expect([escalated.state, escalated.pairs.map((pair) => `${pair.topic}:${pair.status}`)]).toEqual(['escalated', ['BIG_DATA:DIVERGENT', 'FIVE_G:ESCALATED']]);
    await expectWaitingAgreesWithInboxes(bed.actors, alignment.id);
    // Big data is not held up by it.
    ok(await alignment.topic('cd.reviewer', 'proposeResolution', 'BIG_DATA', '两地各建 1 个'));
    const agreed = ok(await alignment.topic('cq.reviewer', 'acceptResolution', 'BIG_DATA'));
    expect(agreed.pairs.map((pair) => `${pair.topic}:${pair.status}`)).toEqual(['BIG_DATA:ALIGNED', 'FIVE_G:ESCALATED']);
    const arbitrated = ok(await alignment.topic('joint.coordinator', 'arbitratePlanItem', 'FIVE_G', '两地合计 4.5 万个'));
    expect(arbitrated.state).toBe('signing');
    expect(arbitrated.currentVersion.content.body).toContain('两地合计 4.5 万个');
    await expectWaitingAgreesWithInboxes(bed.actors, alignment.id);
  });

  it('a project runs several inspections at once and goes back to work when the last one closes', async () => {
    const project = await Project.open(bed.actors);
    await project.start(bed);
    ok(await project.inspect('cq.reviewer', 'COUNTERPART', '接入进度滞后'));
    const two = ok(await project.inspect('joint.coordinator', 'INITIATOR', '经费使用不规范'));
    expect([two.state, two.inspections.map((i) => `${i.id}:${i.side}:${i.status}`)]).toEqual(['rectification', ['I1:COUNTERPART:OPEN', 'I2:INITIATOR:OPEN']]);
    await expectWaitingAgreesWithInboxes(bed.actors, project.id);
    ok(await project.inspection('cq.drafter', 'reportRectification', 'I2', { report: '已整改' }));
    expect(ok(await project.inspection('joint.coordinator', 'closeInspection', 'I2')).state).toBe('rectification');
    ok(await project.inspection('cd.drafter', 'reportRectification', 'I1', { report: '已接入' }));
    expect(ok(await project.inspection('cq.reviewer', 'closeInspection', 'I1')).state).toBe('inProgress');
    await expectWaitingAgreesWithInboxes(bed.actors, project.id);
  });
});
