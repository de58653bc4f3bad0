import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { lookupPlan, type Lookup, type LookupPlan } from '../../src/localdb/plans.js';
import { startLocalDatabase, type Backend } from '../../src/localdb/server.js';
import { Database } from '../../src/store/database.js';
import { throwawayData } from '../support/postgres.js';
import { uniqueDatabaseName } from '../support/server.js';

const { binary, backend } = inject('localdb');
const kind = inject('backend');
const own = (name: string) => name.startsWith('$localdb_');

/**
 * Asks `probe` again until `done` holds of its answer, or `capMs` has passed (a cap only for a hang: the local
 * database brings its indexes in step every 2 s), and returns the last answer for the test to judge.
 */
async function until<T>(probe: () => Promise<T>, done: (answer: T) => boolean, capMs = 120_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const answer = await probe();
    if (done(answer) || Date.now() - started > capMs) return answer;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The plan of a lookup, asking PostgreSQL whether an index can serve it whatever the table's size. */
const planOf = (lookup: Omit<Lookup, 'preferIndex'>, on: Backend = backend): Promise<LookupPlan> => lookupPlan(binary, on, { ...lookup, preferIndex: true });
const readsOwnIndex = (plan: LookupPlan) => !plan.scans && plan.indexes.some(own);

/** The top-level fields of a collection's declared indexes other than `_id` (FerretDB never pushes down a dotted one). */
async function declaredFields(database: Database, collection: string): Promise<string[]> {
  const indexes = await database.db.collection(collection).indexes();
  const fields = indexes.flatMap((index) => Object.keys(index.key));
  return [...new Set(fields)].filter((field) => field !== '_id' && !field.includes('.')).sort();
}

describe(`lookups FerretDB pushes down read through an index (${kind})`, () => {
  const name = uniqueDatabaseName('plans');
  let database: Database;

  beforeAll(async () => {
    database = await Database.connect(inject('mongoUri'), name);
    await database.prepareIndexes();
  });
  afterAll(async () => {
    await database.db.dropDatabase();
    await database.close();
  });

  it('finds a document by _id through an index in every collection the application makes, not by a scan', async () => {
    const collections = (await database.db.listCollections().toArray()).map((c) => c.name).sort();
    expect(collections).toContain('events');
    for (const collection of collections) {
      const plan = await until(() => planOf({ database: name, collection, filter: { _id: 'no-such-id' } }), readsOwnIndex);
      expect(plan.scans, `${collection}: ${plan.plan.join(' / ')}`).toBe(false);
      expect(plan.indexes.filter(own), collection).not.toEqual([]);
      expect(plan.query).toMatch(kind === 'sqlite' ? /WHERE _ferretdb_sjson->'\$\._id' = \?$/ : /WHERE _jsonb->\$1 @> \$2$/);
    }
  });

  it.runIf(kind === 'postgresql')('answers an equality on each top-level field the application declares an index on through an index', async () => {
    const checked: string[] = [];
    for (const collection of (await database.db.listCollections().toArray()).map((c) => c.name).sort()) {
      for (const field of await declaredFields(database, collection)) {
        const plan = await until(() => planOf({ database: name, collection, filter: { [field]: 'x' } }), readsOwnIndex);
        expect(plan.scans, `${collection}.${field}: ${plan.plan.join(' / ')}`).toBe(false);
        expect(plan.indexes.filter(own), `${collection}.${field}`).not.toEqual([]);
        checked.push(`${collection}.${field}`);
      }
    }
    expect(checked).toEqual(expect.arrayContaining(['events.caseId', 'events.idempotencyKey', 'activeCases.awaiting', 'users.username', 'signatures.nonce']));
  });

  it.runIf(kind === 'sqlite')('on SQLite leaves an equality on any other field unpushed, as FerretDB does: it scans, with nothing to index', async () => {
    const plan = await planOf({ database: name, collection: 'users', filter: { username: 'x' } });
    expect(plan.query).not.toContain('WHERE');
    expect(plan.scans).toBe(true);
  });

  it('covers a collection and an index made after start, and on PostgreSQL drops its index once the declared one goes', async () => {
    const late = database.db.collection('latecomer');
    await late.createIndex({ color: 1 }, { name: 'color' });
    await late.insertOne({ _id: 'a' as never, color: 'red' });
    const byId = await until(() => planOf({ database: name, collection: 'latecomer', filter: { _id: 'a' } }), readsOwnIndex);
    expect(byId.indexes.filter(own)).not.toEqual([]);
    if (kind !== 'postgresql') return;

    const byColor = () => planOf({ database: name, collection: 'latecomer', filter: { color: 'red' } });
    expect((await until(byColor, readsOwnIndex)).indexes.filter(own)).not.toEqual([]);
    await late.dropIndex('color');
    const after = await until(byColor, (plan) => plan.scans);
    expect(after.scans).toBe(true);
    expect(await ownIndexesOf(name)).toEqual(expect.not.arrayContaining([expect.stringContaining("'color'")]));
    // The `_id` index of the collection stays.
    expect((await planOf({ database: name, collection: 'latecomer', filter: { _id: 'a' } })).scans).toBe(false);
  });

  it.runIf(kind === 'postgresql')(
    'keeps reading through the index, a few blocks a lookup, a lookup first run on an empty table, once the table is large',
    async () => {
      const collection = database.db.collection<{ _id: string; n: number }>('planCache');
      await collection.insertOne({ _id: 'first', n: -1 });
      await until(() => planOf({ database: name, collection: 'planCache', filter: { _id: 'first' } }), readsOwnIndex);
      // Run many times on a table of one row: PostgreSQL would keep a generic plan (a scan) for FerretDB's prepared
      // statement from then on, were each run not planned with its values.
      for (let run = 0; run < 30; run += 1) await collection.findOne({ _id: `missing-${String(run)}` });
      await collection.insertMany(Array.from({ length: 5000 }, (_, n) => ({ _id: `doc-${String(n)}`, n })));
      // A backend publishes its counts when it next goes idle a while after its last report (up to 10 s on
      // PostgreSQL 15): the 30 lookups above are waited for, or the lookups below would be charged with them.
      const before = await until(
        () => tableScans(name, 'planCache'),
        (counts) => counts.sequential + counts.index >= 30,
        30_000,
      );
      for (let run = 0; run < 20; run += 1) expect((await collection.findOne({ _id: `doc-${String(run * 7)}` }))?.n).toBe(run * 7);
      const after = await until(
        () => tableScans(name, 'planCache'),
        (counts) => counts.index - before.index >= 20,
        30_000,
      );
      expect(after.index - before.index).toBeGreaterThanOrEqual(20);
      // Fewer sequential reads than lookups (with a generic plan each lookup is one; one other may be PostgreSQL's own).
      expect(
        after.sequential - before.sequential,
        `sequential ${String(after.sequential - before.sequential)}, index ${String(after.index - before.index)}`,
      ).toBeLessThan(20);
      // A lookup reads a few blocks, not a pending list of the 5,000 keys inserted since the index was made (GIN's
      // fastupdate, which would have every lookup read through them until autovacuum merges them).
      expect(await lookupBlocks(name, 'planCache', 'doc-4999')).toBeLessThan(8);
    },
  );
});

/** Runs `work` on a connection of its own to the run's PostgreSQL database, with the table of `collection`. */
async function onTable<T>(schema: string, collection: string, work: (client: pg.Client, table: string) => Promise<T>): Promise<T> {
  if (!('postgresUrl' in backend)) throw new Error('PostgreSQL only');
  const client = new pg.Client(backend.postgresUrl);
  await client.connect();
  try {
    const metadata = pg.escapeIdentifier(schema) + '._ferretdb_database_metadata';
    const { rows } = await client.query<{ table: string }>(`SELECT _jsonb->>'table' AS table FROM ${metadata} WHERE _jsonb->>'_id' = $1`, [collection]);
    return await work(client, rows[0]?.table ?? '');
  } finally {
    await client.end();
  }
}

/** How often PostgreSQL read a collection's table sequentially and through an index (`pg_stat_user_tables`). */
const tableScans = (schema: string, collection: string): Promise<{ sequential: number; index: number }> =>
  onTable(schema, collection, async (client, table) => {
    const { rows } = await client.query<{ seq_scan: string; idx_scan: string | null }>(
      'SELECT seq_scan, idx_scan FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = $2',
      [schema, table],
    );
    return { sequential: Number(rows[0]?.seq_scan ?? 0), index: Number(rows[0]?.idx_scan ?? 0) };
  });

/** Blocks PostgreSQL reads for FerretDB's pushed-down lookup of `_id` (its `_jsonb->'_id' @> value`), run with EXPLAIN ANALYZE. */
const lookupBlocks = (schema: string, collection: string, id: string): Promise<number> =>
  onTable(schema, collection, async (client, table) => {
    await client.query('SET plan_cache_mode = force_custom_plan');
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number } }] }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT _jsonb FROM ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)} WHERE _jsonb->'_id' @> $1`,
      [JSON.stringify(id)],
    );
    const plan = rows[0]!['QUERY PLAN'][0].Plan;
    return plan['Shared Hit Blocks'] + plan['Shared Read Blocks'];
  });

/** The definitions of the local database's own indexes in a FerretDB database (a PostgreSQL schema). */
async function ownIndexesOf(schema: string): Promise<string[]> {
  if (!('postgresUrl' in backend)) throw new Error('PostgreSQL only');
  const client = new pg.Client(backend.postgresUrl);
  await client.connect();
  try {
    const { rows } = await client.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND starts_with(indexname, '$localdb_')", [
      schema,
    ]);
    return rows.map((row) => row.indexdef);
  } finally {
    await client.end();
  }
}

describe(`a database made without the local database's indexes (${kind})`, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('is brought in step before the local database says it is ready', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'twincity-plans-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const throwaway = await throwawayData(kind, dir, 'twincity_plans');
    cleanups.push(() => throwaway.drop());
    const data = throwaway.backend;
    const socket = { socket: path.join(dir, 'mongodb.sock') };
    const lookup = { database: 'app', collection: 'users', filter: { _id: 'someone' } };

    const without = await startLocalDatabase(binary, data, () => undefined, socket, ['-pushdown-indexes=false']);
    try {
      const app = await Database.connect(without.uri, 'app');
      await app.prepareIndexes();
      await app.close();
      // FerretDB alone: the lookup it pushes down scans.
      expect((await planOf(lookup, data)).scans).toBe(true);
    } finally {
      await without.stop();
    }

    const started = await startLocalDatabase(binary, data, () => undefined, socket);
    try {
      const plan = await planOf(lookup, data);
      expect(plan.scans).toBe(false);
      expect(plan.indexes.filter(own)).not.toEqual([]);
    } finally {
      await started.stop();
    }
  });
});

describe.runIf(kind === 'sqlite')('the SQLite write-ahead log', () => {
  it('is cut back to 16 MiB at most after 40 MB of writes made while others read', async () => {
    if (!('sqliteDir' in backend)) throw new Error('SQLite only');
    const name = uniqueDatabaseName('wal');
    const database = await Database.connect(inject('mongoUri'), name);
    const blobs = database.db.collection<{ _id: string; blob?: string }>('blobs');
    const wal = path.join(backend.sqliteDir, `${name}.sqlite-wal`);
    const walBytes = () =>
      stat(wal).then(
        (s) => s.size,
        () => 0,
      );
    try {
      await blobs.insertOne({ _id: 'seed' });
      let writing = true;
      let largest = 0;
      // Readers keep the log from starting over, as requests do on a busy server.
      const readers = Array.from({ length: 2 }, async () => {
        while (writing) {
          await blobs.find({ _id: 'seed' }).toArray();
          largest = Math.max(largest, await walBytes());
        }
      });
      const blob = 'x'.repeat(100_000);
      for (let i = 0; i < 100; i += 1) await blobs.insertMany(Array.from({ length: 4 }, (_, j) => ({ _id: `b${String(i)}.${String(j)}`, blob })));
      writing = false;
      await Promise.all(readers);
      const settled = await until(walBytes, (bytes) => bytes <= 16 * 2 ** 20);
      process.stdout.write(
        `SQLite log after 40 MB of writes: largest seen ${(largest / 2 ** 20).toFixed(1)} MiB, then ${(settled / 2 ** 20).toFixed(1)} MiB\n`,
      );
      expect(settled).toBeLessThanOrEqual(16 * 2 ** 20);
    } finally {
      await database.db.dropDatabase();
      await database.close();
    }
  });
});
