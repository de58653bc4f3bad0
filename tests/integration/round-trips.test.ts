import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CaseEngine } from '../../src/cases/engine.js';
import { CaseService } from '../../src/cases/proposals.js';
import { DirectoryService } from '../../src/directory/service.js';
import { seedDirectory } from '../../src/directory/seed.js';
import type { Viewer } from '../../src/directory/model.js';
import { TokenService } from '../../src/auth/tokens.js';
import { LoginThrottle } from '../../src/auth/login-throttle.js';
import { loadKeyRing } from '../../src/auth/keys.js';
import { CaseStore } from '../../src/store/case-store.js';
import { Database } from '../../src/store/database.js';
import { DirectoryStore } from '../../src/store/directory-store.js';
import { sampleDocument } from '../support/cases.js';
import { uniqueDatabaseName } from '../support/server.js';

/**
 * Database round trips are deterministic: counted with the driver's command monitoring, a transition costs
 * exactly what the commit protocol needs (README, "Cases, history and the commit protocol").
 */
describe('round trips to the database', () => {
  const commands: string[] = [];
  let database: Database;
  let engine: CaseEngine;
  let cases: CaseService;
  let directory: DirectoryService;
  const viewer = async (username: string): Promise<Viewer> => directory.viewerFor((await directory.login(username, 'demo-password')).token);

  beforeAll(async () => {
    database = await Database.connect(inject('mongoUri'), uniqueDatabaseName('roundtrips'), { onCommand: (event) => commands.push(event.commandName) });
    await database.prepareIndexes();
    const store = new DirectoryStore(database);
    directory = new DirectoryService(store, new TokenService(await loadKeyRing(inject('keys').dir, undefined), { issuer: 'i', audience: 'a', ttlSeconds: 900 }), new LoginThrottle());
    await seedDirectory(store, directory, { enabled: true, password: 'demo-password' });
    const caseStore = new CaseStore(database);
    engine = new CaseEngine(caseStore);
    cases = new CaseService(engine, caseStore, directory);
  });
  afterAll(() => database.close());

  async function counted(work: () => Promise<unknown>): Promise<string[]> {
    commands.length = 0;
    await work();
    return [...commands];
  }

  it('a transition: read the head, mark the projection pending, insert the event, write the projection', async () => {
    const drafter = await viewer('cq.drafter');
    const { id } = await cases.createProposal(drafter, { counterpartAgencyId: 'CD-ONLINE-GOV', document: sampleDocument() });
    expect(await counted(() => cases.act(drafter, 'SUBMIT_FOR_INTERNAL_REVIEW', 'submitForInternalReview', { caseId: id }))).toEqual(['find', 'update', 'insert', 'update']);
    // An idempotency key costs one lookup more, to answer a retry from the first result.
    const reviewer = await viewer('cq.reviewer');
    expect(await counted(() => cases.act(reviewer, 'APPROVE_INTERNALLY', 'approveInternally', { caseId: id, idempotencyKey: 'approve-0001' }))).toEqual(['find', 'find', 'update', 'insert', 'update']);
  });
});
