import { describe, expect, it } from 'vitest';
import { projectEvents, type ProjectEvent } from '../../workflows/joint-project.js';
import { newestWorkflow } from '../../workflows/registry.js';
import { useTestBed } from '../support/bed.js';
import { projectPaths } from '../support/project-model.js';
import type { EdgePath } from '../support/model-paths.js';
import { Project } from '../support/projects.js';
import { projectWalk } from '../support/walkers.js';

describe('every transition of jointProject@3, walked through GraphQL as the demo users', () => {
  const bed = useTestBed('projectpaths');
  const paths = projectPaths();

  it('covers every event a user sends (the scheduler’s RECORD_OVERDUE is the deadline tests’)', () => {
    const walked = new Set(paths.flatMap((path) => path.steps.map((step) => step.event.type)));
    expect([...walked].sort()).toEqual(
      Object.keys(projectEvents)
        .filter((type) => type !== 'RECORD_OVERDUE')
        .sort(),
    );
    expect(newestWorkflow('jointProject').key).toBe('jointProject@3');
  });

  async function walk(path: EdgePath<ProjectEvent>): Promise<Project> {
    const walked = await projectWalk(bed);
    for (const [index, { user, event }] of path.steps.entries()) {
      expect((await walked.step(user, event, index)).errors, `${path.name}: step ${index + 1}`).toBeUndefined();
    }
    return new Project(bed.actors, walked.id);
  }

  // Each path runs on a project of its own: several at once keep the server and the database busy.
  it.concurrent.each(paths.map((path) => [path.name, path] as const))('%s', async (_, path) => {
    const project = await walk(path);
    expect((await project.view()).state).toBe(path.finalState);
    const [created, ...entries] = await bed.actors.transitions(project.id);
    expect(created?.type).toBe('CREATE');
    expect(entries).toEqual(path.steps.map(({ event, toState }) => ({ type: event.type, toState })));
  });
});
