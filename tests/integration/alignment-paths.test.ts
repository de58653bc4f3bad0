import { describe, expect, it } from 'vitest';
import type { AlignmentEvent } from '../../workflows/plan-alignment.js';
import { newestWorkflow } from '../../workflows/registry.js';
import { alignmentEvents } from '../../workflows/plan-alignment.js';
import { alignmentPaths, type AlignmentPath } from '../support/alignment-model.js';
import { Alignment } from '../support/alignments.js';
import { useTestBed } from '../support/bed.js';
import type { GraphQLResponse } from '../support/graphql.js';

describe('every transition of planAlignment@2, walked through GraphQL as the demo users', () => {
  const bed = useTestBed('alignmentpaths');
  const paths = alignmentPaths();

  it('covers every event of the machine', () => {
    const walked = new Set(paths.flatMap((path) => path.steps.map((step) => step.event.type)));
    expect([...walked].sort()).toEqual(Object.keys(alignmentEvents).sort());
    expect(newestWorkflow('planAlignment').key).toBe('planAlignment@2');
  });

  async function walk(path: AlignmentPath): Promise<Alignment> {
    const { actors, keys, signers } = bed;
    const alignment = await Alignment.open(actors, { maxRounds: 2 });
    const own: Record<string, string> = {};
    for (const [index, { user, event }] of path.steps.entries()) {
      let response: GraphQLResponse<Record<string, unknown>>;
      const e: AlignmentEvent = event;
      switch (e.type) {
        case 'ADD_ITEM': {
          const added = await alignment.addItem(user, 'FIVE_G', e.item.target);
          own[user.slice(0, 2)] = Object.values(added.data ?? {})[0]?.items.find((item) => item.target === e.item.target && item.region === (user.startsWith('cq') ? 'CHONGQING' : 'CHENGDU'))?.id ?? '';
          response = added;
          break;
        }
        case 'REMOVE_ITEM':
          response = await alignment.removeItem(user, own[user.slice(0, 2)]!);
          break;
        case 'SUBMIT_SECTION':
          response = await alignment.submit(user);
          break;
        case 'PROPOSE_RESOLUTION':
          response = await alignment.topic(user, 'proposeResolution', 'FIVE_G', `方案 ${index}`);
          break;
        case 'ACCEPT_RESOLUTION':
          response = await alignment.topic(user, 'acceptResolution', 'FIVE_G');
          break;
        case 'COUNTER_PROPOSE':
          response = await alignment.topic(user, 'counterPropose', 'FIVE_G', `对案 ${index}`);
          break;
        case 'ARBITRATE':
          response = await alignment.topic(user, 'arbitratePlanItem', 'FIVE_G', `裁决 ${index}`);
          break;
        case 'ESCALATE':
          response = await actors.act(user, 'escalateCase', { caseId: alignment.id, reason: '协商僵持' });
          break;
        case 'SIGN':
          response = await actors.sign(user, alignment.id, user === 'cq.signatory' ? keys.cq : keys.cd, user === 'cq.signatory' ? signers.cq : signers.cd);
          break;
        case 'ABANDON':
          response = await alignment.abandon(user, '规划调整');
          break;
      }
      expect(response.errors, `${path.name}: step ${index + 1}`).toBeUndefined();
    }
    return alignment;
  }

  // Each path runs on a case of its own: several at once keep the server and the database busy.
  it.concurrent.each(paths.map((path) => [path.name, path] as const))('%s', async (_, path) => {
    const alignment = await walk(path);
    const view = (await alignment.view('auditor')).data!.case;
    expect(view.state).toBe(path.finalState);
    const [created, ...entries] = await bed.actors.transitions(alignment.id);
    expect(created?.type).toBe('CREATE');
    expect(entries).toEqual(path.steps.map(({ event, toState }) => ({ type: event.type, toState })));
  });
});
