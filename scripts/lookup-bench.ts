/**
 * `npm run bench:lookups`: what the local database's own indexes (tools/localdb/reconcile.go) change for the
 * lookups FerretDB pushes down to its backend. One collection of `--documents` documents (100k by default, each
 * `{_id: 'item-<n>', group: 'g<n mod 1000>', n, payload}` with an index declared on `group`), on each backend:
 * first served by the local database started with `-pushdown-indexes=false` (FerretDB alone), then, on the same
 * data, by the local database as it runs (which builds its indexes before it says it is ready). Each time the
 * median of `--lookups` findOne({_id}) on random documents and, on PostgreSQL, of as many finds of a group (its
 * 0.1% of the documents, read to the end), with the plan PostgreSQL or SQLite made for each; and how long
 * 10,000 more documents (10 insertMany of 1,000) took to write, which the indexes make dearer. Times in ms; the
 * time to ready with the indexes includes building them on the documents already there.
 *
 *   npm run bench:lookups [-- --backend postgresql|sqlite] [--documents 100000] [--lookups 50]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { ensureLocalDatabaseBinary } from '../src/localdb/binary.js';
import { lookupPlan, type LookupPlan } from '../src/localdb/plans.js';
import { startLocalDatabase, type Backend } from '../src/localdb/server.js';
import { postgresAnswers, throwawayData } from '../tests/support/postgres.js';

const { values: args } = parseArgs({
  options: { backend: { type: 'string' }, documents: { type: 'string', default: '100000' }, lookups: { type: 'string', default: '50' } },
});
const documents = Number(args.documents);
const lookups = Number(args.lookups);
const groups = 1000;
const log = (line: string): void => void process.stderr.write(`${line}\n`);

interface Measured {
  label: string;
  startMs: number;
  insertMs: number;
  idMedianMs: number;
  idPlan: LookupPlan;
  groupMedianMs?: number;
  groupPlan?: LookupPlan;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function timed(run: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < lookups; i += 1) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times;
}

const randomItem = () => `item-${String(Math.floor(Math.random() * documents))}`;
const randomGroup = () => `g${String(Math.floor(Math.random() * groups))}`;

async function measure(binary: string, backend: Backend, socket: string, label: string, extraArgs: string[], load: boolean): Promise<Measured> {
  const started = performance.now();
  const local = await startLocalDatabase(binary, backend, () => undefined, { socket }, extraArgs);
  const startMs = performance.now() - started;
  const client = new MongoClient(local.uri);
  try {
    await client.connect();
    const items = client.db('bench').collection<{ _id: string; group: string; n: number; payload: string }>('items');
    if (load) {
      await items.createIndex({ group: 1 }, { name: 'group' });
      const payload = 'x'.repeat(100);
      for (let from = 0; from < documents; from += 1000) {
        const batch = Array.from({ length: Math.min(1000, documents - from) }, (_, i) => {
          const n = from + i;
          return { _id: `item-${String(n)}`, group: `g${String(n % groups)}`, n, payload };
        });
        await items.insertMany(batch);
        if ((from / 1000) % 20 === 0) log(`  ${label}: ${String(from + batch.length)} documents`);
      }
    }
    const kind = 'postgresUrl' in backend ? 'postgresql' : 'sqlite';
    // What the indexes cost writes: 10 batches of 1,000 more documents, timed together.
    const insertStarted = performance.now();
    const payload = 'x'.repeat(100);
    for (let batch = 0; batch < 10; batch += 1) {
      await items.insertMany(
        Array.from({ length: 1000 }, (_, i) => ({ _id: `${label}-${String(batch)}-${String(i)}`, group: `g${String(i % groups)}`, n: -1, payload })),
      );
    }
    const insertMs = performance.now() - insertStarted;
    const idPlan = await lookupPlan(binary, backend, { database: 'bench', collection: 'items', filter: { _id: randomItem() } });
    const idMedianMs = median(await timed(() => items.findOne({ _id: randomItem() })));
    if (kind === 'sqlite') return { label, startMs, insertMs, idMedianMs, idPlan };
    const groupPlan = await lookupPlan(binary, backend, { database: 'bench', collection: 'items', filter: { group: randomGroup() } });
    const groupMedianMs = median(await timed(() => items.find({ group: randomGroup() }).toArray()));
    return { label, startMs, insertMs, idMedianMs, idPlan, groupMedianMs, groupPlan };
  } finally {
    await client.close();
    await local.stop();
  }
}

async function bench(kind: 'postgresql' | 'sqlite'): Promise<void> {
  const binary = await ensureLocalDatabaseBinary(log);
  const dir = await mkdtemp(path.join(tmpdir(), 'twincity-lookups-'));
  const cleanups: (() => Promise<unknown>)[] = [() => rm(dir, { recursive: true, force: true })];
  try {
    const data = await throwawayData(kind, dir, 'twincity_lookups');
    cleanups.push(() => data.drop());
    const { backend } = data;
    const socket = path.join(dir, 'mongodb.sock');
    log(`${kind}: loading ${String(documents)} documents`);
    const before = await measure(binary, backend, socket, 'FerretDB alone', ['-pushdown-indexes=false'], true);
    const after = await measure(binary, backend, socket, 'with the local database indexes', [], false);
    const plan = (p: LookupPlan | undefined) => (p === undefined ? '' : `${p.scans ? 'scan' : 'index'}: ${p.plan.map((line) => line.trim()).join(' / ')}`);
    const ms = (value: number | undefined) => (value === undefined ? '—' : value.toFixed(1));
    console.log(`\n${kind}, ${String(documents)} documents, median of ${String(lookups)} lookups (ms)`);
    console.log('| served by | start to ready | insert 10 × 1,000 | findOne({_id}) | find({group}) (0.1%) |');
    console.log('|---|---|---|---|---|');
    for (const m of [before, after]) console.log(`| ${m.label} | ${ms(m.startMs)} | ${ms(m.insertMs)} | ${ms(m.idMedianMs)} | ${ms(m.groupMedianMs)} |`);
    for (const m of [before, after]) {
      console.log(`  ${m.label}, _id plan: ${plan(m.idPlan)}`);
      if (m.groupPlan !== undefined) console.log(`  ${m.label}, group plan: ${plan(m.groupPlan)}`);
    }
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

const kinds: ('postgresql' | 'sqlite')[] =
  args.backend === 'sqlite' || args.backend === 'postgresql' ? [args.backend] : (await postgresAnswers()) ? ['postgresql', 'sqlite'] : ['sqlite'];
for (const kind of kinds) await bench(kind);
