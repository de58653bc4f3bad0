import type { CommandStartedEvent } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CheckpointService, loadCheckpointKey } from '../../src/audit/checkpoints.js';
import { HistorySearch } from '../../src/audit/history.js';
import { CaseVerifier } from '../../src/audit/verify.js';
import { CaseEngine } from '../../src/cases/engine.js';
import { CaseService } from '../../src/cases/proposals.js';
import { CaseReader } from '../../src/cases/reads.js';
import { DirectoryService } from '../../src/directory/service.js';
import { seedDirectory } from '../../src/directory/seed.js';
import type { Viewer } from '../../src/directory/model.js';
import { TokenService } from '../../src/auth/tokens.js';
import { LoginThrottle } from '../../src/auth/login-throttle.js';
import { loadKeyRing } from '../../src/auth/keys.js';
import { CaseStore } from '../../src/store/case-store.js';
import { CheckpointStore } from '../../src/store/checkpoint-store.js';
import { Database } from '../../src/store/database.js';
import { DirectoryStore } from '../../src/store/directory-store.js';
import { sampleDocument } from '../support/cases.js';
import { RecordsLate } from '../support/faults.js';
import { uniqueDatabaseName } from '../support/server.js';

/**
 * One database command as the test names it: `find cases {_id}` — the command, its collection, and the fields of
 * its filter (an insert has none). A point lookup is `{_id}` alone: the one filter FerretDB's SQLite backend reads
 * through an index, and an index lookup on MongoDB.
 */
function describeCommand({ commandName, command }: CommandStartedEvent): string {
  const collection = String(command[commandName]);
  const statements = (command.updates ?? command.deletes) as { q: object }[] | undefined;
  const filter = (commandName === 'find' ? command.filter : statements?.[0]?.q) as object | undefined;
  return filter === undefined ? `${commandName} ${collection}` : `${commandName} ${collection} {${Object.keys(filter).join(',')}}`;
}

/**
 * Database round trips are deterministic: counted with the driver's command monitoring, each operation costs exactly
 * what its design needs (README, "Cases, history and the commit protocol"), and every read of one case is by `_id`,
 * so that its cost does not grow with the database. Adding an operation is one entry below.
 */
describe('round trips to the database', () => {
  const commands: string[] = [];
  let database: Database;
  let engine: CaseEngine;
  let cases: CaseService;
  let reader: CaseReader;
  let history: HistorySearch;
  let directory: DirectoryService;
  let checkpoints: CheckpointService;
  let verifier: CaseVerifier;
  const viewer = async (username: string): Promise<Viewer> => directory.viewerFor((await directory.login(username, 'demo-password')).token);

  beforeAll(async () => {
    database = await Database.connect(inject('mongoUri'), uniqueDatabaseName('roundtrips'), { onCommand: (event) => commands.push(describeCommand(event)) });
    await database.prepareIndexes();
    const store = new DirectoryStore(database);
    directory = new DirectoryService(
      store,
      new TokenService(await loadKeyRing(inject('keys').dir, undefined), { issuer: 'i', audience: 'a', ttlSeconds: 900 }),
      new LoginThrottle(),
    );
    await seedDirectory(store, directory, { enabled: true, password: 'demo-password' });
    const caseStore = new CaseStore(database);
    engine = new CaseEngine(caseStore);
    cases = new CaseService(engine, caseStore, directory);
    reader = new CaseReader(engine, caseStore);
    history = new HistorySearch(caseStore, engine);
    checkpoints = new CheckpointService(new CheckpointStore(database), caseStore, engine, await loadCheckpointKey(inject('keys').checkpoint.file, ''));
    verifier = new CaseVerifier(caseStore, checkpoints);
  });
  afterAll(() => database.close());

  async function counted(work: () => Promise<unknown>): Promise<string[]> {
    commands.length = 0;
    await work();
    return [...commands];
  }

  /** A proposal in internal review after `edits` edits: three entries and more. */
  async function proposalInReview(edits = 0): Promise<string> {
    const drafter = await viewer('cq.drafter');
    const { id } = await cases.createProposal(drafter, { counterpartAgencyId: 'CD-ONLINE-GOV', document: sampleDocument() });
    for (let edit = 1; edit <= edits; edit += 1) {
      await cases.editDocument(drafter, {
        caseId: id,
        baseVersion: edit,
        document: { ...sampleDocument(), summary: `修改 ${edit}` },
        changeNote: `第 ${edit} 次修改`,
      });
    }
    await cases.act(drafter, 'SUBMIT_FOR_INTERNAL_REVIEW', 'submitForInternalReview', { caseId: id });
    return id;
  }

  /** The head of a case: its projection, which holds its newest entry, then a probe for the next one. */
  const head = ['find cases {_id}', 'find events {_id}'];
  /** After a commit: the projection and the running cases' list written, then a probe for an entry a faster writer committed meanwhile. */
  const projected = ['update cases {_id}', 'update activeCases {_id}', 'find events {_id}'];

  const operations: { name: string; run: () => Promise<() => Promise<unknown>>; expected: string[] }[] = [
    {
      name: 'sign-in: the username record, then the account',
      run: () => Promise.resolve(() => directory.login('cq.reviewer', 'demo-password')),
      expected: ['find usernames {_id}', 'find users {_id}'],
    },
    {
      name: 'reading a case',
      run: async () => {
        const [id, reviewer] = [await proposalInReview(), await viewer('cq.reviewer')];
        return () => engine.read(reviewer, id);
      },
      expected: head,
    },
    {
      name: 'a transition: read the head, claim the history feed slot, insert the entry, write the projection',
      run: async () => {
        const [id, reviewer] = [await proposalInReview(), await viewer('cq.reviewer')];
        return () => cases.act(reviewer, 'APPROVE_INTERNALLY', 'approveInternally', { caseId: id });
      },
      expected: [...head, 'insert historyFeed', 'insert events', ...projected],
    },
    {
      name: 'a transition with an idempotency key: its record looked up first and written after the entry',
      run: async () => {
        const [id, reviewer] = [await proposalInReview(), await viewer('cq.reviewer')];
        return () => cases.act(reviewer, 'APPROVE_INTERNALLY', 'approveInternally', { caseId: id, idempotencyKey: `approve-${id}` });
      },
      expected: ['find idempotencyKeys {_id}', ...head, 'insert historyFeed', 'insert events', 'insert idempotencyKeys', ...projected],
    },
    {
      name: 'creating a proposal: each side’s signatories counted (the quorum must be possible), the version, the history feed slot, the projection, the entry',
      run: async () => {
        const drafter = await viewer('cq.drafter');
        return () => cases.createProposal(drafter, { counterpartAgencyId: 'CD-ONLINE-GOV', document: sampleDocument() });
      },
      // countDocuments is an aggregation; the users collection is the directory's, and small.
      expected: ['aggregate users', 'aggregate users', 'insert documentVersions', 'insert historyFeed', 'insert cases', 'insert events', ...projected],
    },
    {
      name: 'the versions of a case with 3 edits: its 5 entries and its 4 versions, each by _id',
      run: async () => {
        const [id, reviewer] = [await proposalInReview(3), await viewer('cq.reviewer')];
        const state = await engine.read(reviewer, id);
        return () => reader.versions(reviewer, state);
      },
      expected: [...Array<string>(5).fill('find events {_id}'), ...Array<string>(4).fill('find documentVersions {_id}')],
    },
  ];

  for (const operation of operations) {
    it(operation.name, async () => {
      const work = await operation.run();
      expect(await counted(work)).toEqual(operation.expected);
    });
  }

  it('a create sent eight times at once under one idempotency key: one case, which the others find by _id, never by a scan', async () => {
    const drafter = await viewer('cq.drafter');
    const input = { counterpartAgencyId: 'CD-ONLINE-GOV', document: sampleDocument(), idempotencyKey: 'create-sent-eight-times' };
    // The first to commit is held between its entry and its record of the key, as a busy or dying server may be.
    const slow = new RecordsLate(database);
    const first = new CaseService(new CaseEngine(slow), slow, directory).createProposal(drafter, input);
    await slow.reached;
    let ids = new Set<string>();
    const found = await counted(async () => {
      ids = new Set((await Promise.all(Array.from({ length: 7 }, () => cases.createProposal(drafter, input)))).map((state) => state.id));
    });
    slow.release();
    expect(ids).toEqual(new Set([(await first).id]));
    expect(found.filter((command) => /^(find|aggregate) events /.test(command) && command !== 'find events {_id}')).toEqual([]);
  });

  it('an inbox: a probe for the history feed’s next slot, one query for the viewer’s inbox key, then each case’s head by _id', async () => {
    const ids = [await proposalInReview(), await proposalInReview()];
    const reviewer = await viewer('cq.reviewer');
    // The first repair of a process reads where the last one stopped and every slot since; after that, only new ones.
    await engine.repairProjections();
    const found = await counted(() => engine.inbox(reviewer, undefined, 50));
    const listed = (await engine.inbox(reviewer, undefined, 50)).items.length;
    expect(listed).toBeGreaterThanOrEqual(ids.length);
    expect(found).toEqual(['find historyFeed {_id}', 'find activeCases {awaiting}', ...Array<string>(2 * listed).fill('find events {_id}')]);
  });

  it('a history page of n: the feed’s newest slot found by _id, then n + 1 slots and their entries, each by _id', async () => {
    await proposalInReview();
    const auditor = await viewer('auditor');
    await engine.repairProjections();
    const found = await counted(() => history.search(auditor, {}, { order: 'NEWEST_FIRST', first: 2 }));
    // The repair's probe and the search's, then the page and one more entry (is there a next page?).
    expect(found).toEqual([...Array<string>(2 + 3).fill('find historyFeed {_id}'), ...Array<string>(3).fill('find events {_id}')]);
  });

  it('a history page of one case: its chain by _id', async () => {
    const id = await proposalInReview();
    const auditor = await viewer('auditor');
    await engine.repairProjections();
    const found = await counted(() => history.search(auditor, { caseId: id }, { order: 'NEWEST_FIRST', first: 50 }));
    expect(found).toEqual(['find historyFeed {_id}', ...head, ...Array<string>(2).fill('find events {_id}')]);
  });
  it('a checkpoint: the cases the history feed names since the previous one, each head and last recorded head by _id, every write by _id; verifyCase then reads a case’s recorded heads by _id, however many checkpoints', async () => {
    await proposalInReview();
    await checkpoints.create();
    const id = await proposalInReview();
    await engine.repairProjections();
    const checkpointCommands = (found: string[]) =>
      found.filter((command) => !/ (historyFeed|events|activeCases) /.test(command) && !command.startsWith('update cases '));
    // One case changed, new: its head is the one leaf, written in one tree chunk and as its first recorded head.
    const changed = await counted(() => checkpoints.create());
    expect(checkpointCommands(changed)).toEqual([
      'find checkpoints {}',
      'find checkpoints {recorded}',
      'find cases {_id}',
      'find recordedHeads {_id}',
      'insert checkpointTrees',
      'insert checkpoints',
      'insert recordedHeads',
      'update checkpoints {_id}',
    ]);
    // The feed read is the repair's probe for new slots, then the two slots the new case's entries claimed.
    expect(changed.filter((command) => command.includes(' historyFeed ')).every((command) => command === 'find historyFeed {_id}')).toBe(true);
    // Nothing changed: no case is read, whatever the number of cases.
    const unchanged = await counted(() => checkpoints.create());
    expect(checkpointCommands(unchanged)).toEqual(['find checkpoints {}', 'find checkpoints {recorded}', 'insert checkpoints', 'update checkpoints {_id}']);
    for (let i = 0; i < 5; i += 1) await checkpoints.create();
    const auditor = await viewer('auditor');
    const found = await counted(() => verifier.verify(auditor, id));
    expect(found.filter((command) => /checkpoint|recordedHeads/i.test(command))).toEqual(['find recordedHeads {_id}']);
    expect(found.filter((command) => !command.endsWith('{_id}'))).toEqual([]);
  });
});
