import { describe, expect, it } from 'vitest';
import { newestWorkflow } from '../../workflows/registry.js';
import { alignmentEvents } from '../../workflows/plan-alignment.js';
import { alignmentPaths, type AlignmentPath } from '../support/alignment-model.js';
import { Alignment } from '../support/alignments.js';
import { useTestBed } from '../support/bed.js';
import { alignmentWalk } from '../support/walkers.js';

describe('every transition of planAlignment@3, walked through GraphQL as the demo users', () => {
  const bed = useTestBed('alignmentpaths');
  const paths = alignmentPaths();

  it('covers every event of the machine', () => {
    const walked = new Set(paths.flatMap((path) => path.steps.map((step) => step.event.type)));
    expect([...walked].sort()).toEqual(Object.keys(alignmentEvents).sort());
    expect(newestWorkflow('planAlignment').key).toBe('planAlignment@3');
  });

  async function walk(path: AlignmentPath): Promise<Alignment> {
    const walked = await alignmentWalk(bed);
    for (const [index, { user, event }] of path.steps.entries()) {
      expect((await walked.step(user, event, index)).errors, `${path.name}: step ${index + 1}`).toBeUndefined();
    }
    return new Alignment(bed.actors, walked.id);
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
