import { describe, expect, it } from 'vitest';
import { CaseEngine } from '../../src/cases/engine.js';
import { CaseStore } from '../../src/store/case-store.js';
import { Alignment } from '../support/alignments.js';
import { useTestBed } from '../support/bed.js';
import { DiesAfterCommit, DiesBeforeCommit } from '../support/faults.js';

const day = 86_400_000;

describe('durable deadlines', () => {
  const bed = useTestBed('deadlines');
  const engineAt = (offsetMs: number, store: CaseStore = new CaseStore(bed.database)) => new CaseEngine(store, () => new Date(Date.now() + offsetMs));

  async function inReview(): Promise<string> {
    const { id } = await bed.actors.createProposal('cq.drafter', { reviewPeriodDays: 1 });
    await bed.actors.act('cq.drafter', 'submitForInternalReview', { caseId: id });
    await bed.actors.act('cq.reviewer', 'approveInternally', { caseId: id });
    return id;
  }

  const lastEntry = async (id: string) =>
    (
      await bed.actors.query<{ case: { state: string; history: { edges: { node: { type: string; reason: string | null; actor: { system: boolean } } }[] } } }>(
        'auditor',
        'query($id: ID!) { case(id: $id) { state history(first: 100) { edges { node { type reason actor { system } } } } } }',
        { id },
      )
    ).data!.case;

  it('fires once when two servers find the same deadline, and not before it has come', async () => {
    const id = await inReview();
    expect(await engineAt(12 * 3_600_000).fireDueDeadlines()).toBe(0);
    expect((await lastEntry(id)).state).toBe('counterpartReview');

    await Promise.all([engineAt(2 * day).fireDueDeadlines(), engineAt(2 * day).fireDueDeadlines()]);
    const { state, history } = await lastEntry(id);
    expect(state).toBe('escalated');
    expect(history.edges.filter((edge) => edge.node.type === 'ESCALATE')).toHaveLength(1);
    expect(history.edges.at(-1)!.node).toMatchObject({ type: 'ESCALATE', actor: { system: true } });
    expect(history.edges.at(-1)!.node.reason).toMatch(/review deadline passed/);
    expect(await engineAt(3 * day).fireDueDeadlines()).toBe(0);
  });

  it('fires once after a server was killed just after firing', async () => {
    const id = await inReview();
    await expect(engineAt(2 * day, new DiesAfterCommit(bed.database)).fireDueDeadlines()).rejects.toThrow(/killed between event insert and projection write/);
    expect(await engineAt(2 * day).fireDueDeadlines()).toBe(0);
    const { state, history } = await lastEntry(id);
    expect(state).toBe('escalated');
    expect(history.edges.filter((edge) => edge.node.type === 'ESCALATE')).toHaveLength(1);
  });

  it('fires on the next round after a server was killed just before firing', async () => {
    const id = await inReview();
    await expect(engineAt(2 * day, new DiesBeforeCommit(bed.database)).fireDueDeadlines()).rejects.toThrow(/killed before the event insert/);
    expect((await lastEntry(id)).state).toBe('counterpartReview');
    expect(await engineAt(2 * day).fireDueDeadlines()).toBeGreaterThanOrEqual(1);
    expect((await lastEntry(id)).state).toBe('escalated');
  });

  it('is unmoved by a clock that jumps back, and fires once when it jumps ahead', async () => {
    const id = await inReview();
    let offset = -30 * day;
    const jumping = new CaseEngine(new CaseStore(bed.database), () => new Date(Date.now() + offset));
    expect(await jumping.fireDueDeadlines()).toBe(0);
    offset = 5 * day;
    expect(await jumping.fireDueDeadlines()).toBeGreaterThanOrEqual(1);
    offset = -30 * day;
    expect(await jumping.fireDueDeadlines()).toBe(0);
    offset = 10 * day;
    await jumping.fireDueDeadlines();
    const { history } = await lastEntry(id);
    expect(history.edges.filter((edge) => edge.node.type === 'ESCALATE')).toHaveLength(1);
  });

  it('escalates a plan alignment whose negotiation deadline has passed', async () => {
    const alignment = await Alignment.open(bed.actors, { negotiationDays: 1 });
    await alignment.addItem('cq.drafter', 'FIVE_G', '3 万个');
    await alignment.addItem('cd.drafter', 'FIVE_G', '2 万个');
    await alignment.submit('cq.reviewer');
    await alignment.submit('cd.reviewer');
    await engineAt(2 * day).fireDueDeadlines();
    const view = (await alignment.view('auditor')).data!.case;
    expect(view.state).toBe('escalated');
    expect(view.progress).toMatchObject({ escalated: 1, divergent: 0 });
  });
});
