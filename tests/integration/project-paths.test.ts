import { describe, expect, it } from 'vitest';
import { projectEvents, type ProjectEvent } from '../../workflows/joint-project.js';
import { newestWorkflow } from '../../workflows/registry.js';
import { useTestBed } from '../support/bed.js';
import type { GraphQLResponse } from '../support/graphql.js';
import { projectPaths } from '../support/project-model.js';
import type { EdgePath } from '../support/model-paths.js';
import { Project } from '../support/projects.js';

describe('every transition of jointProject@2, walked through GraphQL as the demo users', () => {
  const bed = useTestBed('projectpaths');
  const paths = projectPaths();

  it('covers every event a user sends (the scheduler’s RECORD_OVERDUE is the deadline tests’)', () => {
    const walked = new Set(paths.flatMap((path) => path.steps.map((step) => step.event.type)));
    expect([...walked].sort()).toEqual(Object.keys(projectEvents).filter((type) => type !== 'RECORD_OVERDUE').sort());
    expect(newestWorkflow('jointProject').key).toBe('jointProject@2');
  });

  const plainMutations: Partial<Record<ProjectEvent['type'], string>> = {
    SUBMIT: 'submitJointProject',
    ENDORSE: 'endorseFeasibility',
    WITHDRAW: 'withdrawCase',
    SUSPEND: 'suspendProject',
    RESUME: 'resumeProject',
    REQUEST_TERMINATION: 'requestTermination',
    DECLINE_TERMINATION: 'declineTermination',
    DECLINE_TO_SIGN: 'declineToSign',
  };

  async function walk(path: EdgePath<ProjectEvent>): Promise<Project> {
    const { actors, keys, signers } = bed;
    const project = await Project.open(actors);
    for (const [index, { user, event }] of path.steps.entries()) {
      let response: GraphQLResponse<Record<string, unknown>>;
      const e: ProjectEvent = event;
      switch (e.type) {
        case 'EDIT':
          response = await project.revise(user, e.version.number - 1);
          break;
        case 'RAISE_CONCERN':
          response = await project.act(user, 'raiseConcern', { comment: '经费测算不足' });
          break;
        case 'SIGN':
        case 'SIGN_ACCEPTANCE':
        case 'SIGN_TERMINATION':
          response = await actors.sign(user, project.id, user === 'cq.signatory' ? keys.cq : keys.cd, user === 'cq.signatory' ? signers.cq : signers.cd, e.type);
          break;
        case 'REPORT_MILESTONE':
          response = await project.report(user, e.milestoneId, `交付 ${index}`);
          break;
        case 'VERIFY_MILESTONE':
          response = await project.review(user, 'verifyMilestone', e.milestoneId);
          break;
        case 'REJECT_MILESTONE':
          response = await project.review(user, 'rejectMilestone', e.milestoneId, '证据不足');
          break;
        case 'OPEN_INSPECTION':
          response = await project.inspect(user, 'COUNTERPART');
          break;
        case 'RECTIFY':
          response = await project.inspection(user, 'reportRectification', e.inspectionId, { report: '已整改' });
          break;
        case 'REQUEST_FURTHER_RECTIFICATION':
          response = await project.inspection(user, 'requestFurtherRectification', e.inspectionId, { comment: '尚未到位' });
          break;
        case 'CLOSE_INSPECTION':
          response = await project.inspection(user, 'closeInspection', e.inspectionId);
          break;
        default:
          response = await project.act(user, plainMutations[e.type]!, projectEvents[e.type].reason === undefined ? {} : { reason: '两地协商一致' });
      }
      expect(response.errors, `${path.name}: step ${index + 1}`).toBeUndefined();
    }
    return project;
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
