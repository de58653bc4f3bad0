import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CaseEngine } from '../../src/cases/engine.js';
import type { Viewer } from '../../src/directory/model.js';
import { Database } from '../../src/store/database.js';
import { Actors } from '../support/cases.js';
import { DiesAfterCommit } from '../support/faults.js';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';

describe('a crash between the event insert and the projection write', () => {
  const databaseName = uniqueDatabaseName('crash');
  let server: RunningServer;
  let actors: Actors;
  let database: Database;

  beforeAll(async () => {
    // No repair on a timer: what the test sees repaired, a read or a start repaired, at a moment of its choosing.
    server = await startServer(productionEnv(databaseName, { REPAIR_INTERVAL_SECONDS: '0' }));
    actors = Actors.at(server.graphqlUrl);
    database = await Database.connect(inject('mongoUri'), databaseName);
  });
  afterAll(async () => {
    await server.stop();
    await database.close();
  });

  const viewerOf = async (username: string): Promise<Viewer> => {
    const user = (await database.users.findOne({ username }))!;
    const agency = (await database.agencies.findOne({ _id: user.agencyId }))!;
    return { userId: user._id, username, agencyId: user.agencyId, region: agency.region, roles: user.roles };
  };

  /** The entry types of a case the auditors' history search finds across all cases (the feed), oldest first. */
  const auditorFinds = async (caseId: string): Promise<string[]> => {
    const found = await actors.query<{ history: { edges: { node: { caseId: string; type: string } }[] } }>(
      'auditor',
      '{ history(first: 500, order: OLDEST_FIRST) { edges { node { caseId type } } } }',
    );
    return found.data!.history.edges.filter((edge) => edge.node.caseId === caseId).map((edge) => edge.node.type);
  };

  it('loses nothing: the case, the history and the inbox are right afterwards', async () => {
    const { id } = await actors.createProposal('cq.drafter');
    await actors.act('cq.drafter', 'submitForInternalReview', { caseId: id });

    const dying = new CaseEngine(new DiesAfterCommit(database));
    await expect(
      dying.act(await viewerOf('cq.reviewer'), id, { type: 'APPROVE_INTERNALLY', input: { comment: '同意提交对方' }, requestHash: 'crash-test' }),
    ).rejects.toThrow(/process killed/);

    expect(await database.cases.findOne({ _id: id })).toMatchObject({ seq: 2, state: 'internalReview' });
    // Its feed slot was claimed before the insert, so history search finds the entry before any repair.
    expect(await database.historyFeed.findOne({ caseId: id, seq: 3 })).toMatchObject({ type: 'APPROVE_INTERNALLY' });

    const read = await actors.read('cd.reviewer', id);
    expect(read.data?.case).toMatchObject({ state: 'counterpartReview', historyLength: 3, availableActions: ['REQUEST_CHANGES', 'ACCEPT', 'REJECT'] });
    expect(await actors.historyTypes(id)).toEqual(['CREATE', 'SUBMIT_FOR_INTERNAL_REVIEW', 'APPROVE_INTERNALLY']);

    const inbox = await actors.query<{ inbox: { edges: { node: { id: string; state: string } }[] } }>(
      'cd.reviewer',
      '{ inbox { edges { node { id state } } } }',
    );
    expect(inbox.data!.inbox.edges.map((edge) => edge.node)).toContainEqual({ id, state: 'counterpartReview' });
    const reviewerInbox = await actors.query<{ inbox: { edges: { node: { id: string } }[] } }>('cq.reviewer', '{ inbox { edges { node { id } } } }');
    expect(reviewerInbox.data!.inbox.edges.map((edge) => edge.node.id)).not.toContain(id);
    expect(await database.cases.findOne({ _id: id })).toMatchObject({ seq: 3, state: 'counterpartReview' });
    expect(await auditorFinds(id)).toEqual(['CREATE', 'SUBMIT_FOR_INTERNAL_REVIEW', 'APPROVE_INTERNALLY']);
  });

  it('rolls projections forward when a server starts after the crash', async () => {
    const { id } = await actors.createProposal('cq.drafter');
    const dying = new CaseEngine(new DiesAfterCommit(database));
    await expect(dying.act(await viewerOf('cq.drafter'), id, { type: 'SUBMIT_FOR_INTERNAL_REVIEW', input: {}, requestHash: 'crash-test-2' })).rejects.toThrow();
    expect(await database.cases.findOne({ _id: id })).toMatchObject({ seq: 1 });
    expect(await database.historyFeed.findOne({ caseId: id, seq: 2 })).toMatchObject({ type: 'SUBMIT_FOR_INTERNAL_REVIEW' });

    const restarted = await startServer(productionEnv(databaseName, { REPAIR_INTERVAL_SECONDS: '0' }));
    expect(restarted.logs.find((entry) => entry.msg === 'rolled case projections forward')).toMatchObject({ repaired: 1 });
    expect(await database.cases.findOne({ _id: id })).toMatchObject({ seq: 2, state: 'internalReview', awaiting: ['CQ-BDB:REVIEWER'] });
    expect(await auditorFinds(id)).toEqual(['CREATE', 'SUBMIT_FOR_INTERNAL_REVIEW']);
    await restarted.stop();
  });
});
