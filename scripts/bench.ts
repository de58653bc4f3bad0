/**
 * `npm run bench`: the server's throughput, latency, CPU and database round trips per operation, each next to
 * its baselines measured in the same run — Node's bare HTTP server, bare graphql-js `execute`, the raw driver
 * replaying the operation's own database commands, XState alone and signature verification alone — on both
 * local database backends, and again as the database grows to 1k, 10k and 100k cases.
 *
 *   npm run bench [-- --backend postgresql|sqlite] [--phases main,sweep] [--sizes 1000,10000] [--detail-at 10000] [--scale 0.5]
 */
import { spawn } from 'node:child_process';
import { arch, cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { transition } from 'xstate';
import { persist, restore } from '../src/cases/case-state.js';
import type { CaseEvent } from '../src/store/records.js';
import { verifySignature } from '../src/crypto/signatures.js';
import { postgresAnswers } from '../tests/support/postgres.js';
import { ed25519Signer, sm2Signer, type Signer } from '../tests/support/signers.js';
import { closedLoop, fixedRate, ownCpuSeconds, percentile, throughput, type RunResult } from './bench/load.js';
import { adoptedTemplate, createLongCase, createSigningCases, createDrafts, operations, signingTemplate, type Operation } from './bench/operations.js';
import { CaseTemplate, insertCopies } from './bench/copies.js';
import { CommandScript, replay } from './bench/replay.js';
import { benchRateLimit, benchRequestTimeoutMs, closeWorldsOnSignal, World, type BackendKind } from './bench/world.js';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string' },
    sizes: { type: 'string' },
    scale: { type: 'string' },
    phases: { type: 'string', default: 'main,sweep' },
    // The sweep's size at which the changes a user waits for (transition, signatures) are also measured three ways.
    'detail-at': { type: 'string', default: '10000' },
  },
});
const concurrency = 8;
/** No timed run goes on starting operations after this long. */
const budgetMs = 10_000;
/** An operation slower than this alone is not run again concurrently, nor at larger sizes. */
const slowMs = 5_000;
const log = (line: string): void => void process.stderr.write(`${line}\n`);

interface Row {
  operation: string;
  mode: string;
  run: RunResult;
  cpuMs?: number;
  dbCpuMs?: number;
  roundTrips?: number;
  ratio?: string;
  /** Answers RATE_LIMITED during the run (each waited for and sent again). */
  rateLimited?: number;
}

const fmt = (value: number | undefined, digits = 1): string => (value === undefined || Number.isNaN(value) ? '' : value.toFixed(digits));

const tableRow = (cells: string[]): string => `| ${cells.join(' | ')} |`;

function table(header: string[], rows: string[][]): string {
  return [tableRow(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(tableRow)].join('\n');
}

function rowCells(row: Row): string[] {
  const failures = row.run.failures > 0 ? ` (${String(row.run.failures)} failed: ${row.run.firstFailure ?? ''})` : '';
  const limited = (row.rateLimited ?? 0) > 0 ? ` (${String(row.rateLimited)} rate-limited, sent again)` : '';
  return [
    row.operation,
    row.mode + failures + limited,
    fmt(throughput(row.run), 0),
    fmt(percentile(row.run, 50), 2),
    fmt(percentile(row.run, 99), 2),
    fmt(row.cpuMs, 2),
    fmt(row.dbCpuMs, 2),
    fmt(row.roundTrips, 1),
    row.ratio ?? '',
  ];
}

/** Node's own HTTP server answering "hello", in its own process like the application, driven by the same client. */
async function httpHello(n: number): Promise<RunResult> {
  const child = spawn(
    process.execPath,
    ['-e', "const s=require('http').createServer((q,r)=>r.end('hello')).listen(0,'127.0.0.1',()=>console.log(s.address().port))"],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  try {
    return await closedLoop(n, concurrency, async () => {
      const response = await fetch(`http://127.0.0.1:${port}/`);
      if ((await response.text()) !== 'hello') throw new Error('unexpected answer');
    });
  } finally {
    child.kill();
  }
}

/** Runs `work` n times on this thread and reports it as a closed loop of one. */
async function alone(n: number, work: () => void): Promise<{ run: RunResult; cpuMs: number }> {
  const cpu = ownCpuSeconds();
  const run = await closedLoop(n, 1, () => {
    work();
    return Promise.resolve();
  });
  return { run, cpuMs: ((ownCpuSeconds() - cpu) * 1000) / n };
}

async function xstateAlone(world: World, n: number): Promise<{ run: RunResult; cpuMs: number }> {
  const [caseId] = await createDrafts(world, 1);
  const head = (await world.raw.collection('events').findOne({ _id: `${caseId ?? ''}:1` } as never)) as unknown as CaseEvent;
  const actor = { ...head.actor, kind: 'user' as const };
  return alone(n, () => {
    const state = restore(head);
    const [next] = transition(state.workflow.machine, state.snapshot, {
      type: 'SUBMIT_FOR_INTERNAL_REVIEW',
      actor,
      at: new Date().toISOString(),
      head: head.hash,
    });
    if (next === state.snapshot) throw new Error('the machine refused the transition');
    JSON.stringify(persist(next));
  });
}

/** The server's own verification of one signature payload by `signer`, alone. */
function signatureAlone(signer: Signer, n: number): Promise<{ run: RunResult; cpuMs: number }> {
  const payload = JSON.stringify({
    purpose: 'twincity-policy/case-signature/v1',
    caseId: 'c'.repeat(36),
    contentHash: 'f'.repeat(64),
    nonce: 'n'.repeat(64),
    head: 'e'.repeat(64),
  });
  const signature = signer.sign(payload);
  const bytes = Buffer.from(payload, 'utf8');
  return alone(n, () => {
    if (!verifySignature(signer.algorithm, signer.publicKey, bytes, signature)) throw new Error('signature did not verify');
  });
}

/**
 * Measures one operation through the server, through bare graphql-js, and as raw database work. Every run's
 * cases are prepared before the first run starts, so that all of them meet a database of the same size.
 */
async function measure(world: World, op: Operation, n: number): Promise<Row[]> {
  const rows: Row[] = [];
  const shares = [0.25, 0.5, 0.75];
  const pools: Record<string, unknown>[][] = [];
  for (let run = 0; run < 2 + shares.length; run += 1) pools.push(await op.prepare(world, n));
  const [closed, bareVars = [], ...fixed] = pools;
  const [sample] = await op.prepare(world, 1);
  const rawCounts = [Math.ceil(n / 2), n];
  const rawTargets: string[][] = [];
  for (const count of rawCounts) {
    const replaysExistingCase = op.subject !== undefined && op.createsCase !== true;
    rawTargets.push(replaysExistingCase ? (await op.prepare(world, count)).map((v) => op.subject?.(v, {}) ?? '') : []);
  }
  const operation = `${op.name}, ${String(await world.raw.collection('cases').estimatedDocumentCount())} cases`;
  const viaHttp = (vars: Record<string, unknown>[]) => (i: number) => world.http(op.user, op.query, vars[i]).then(() => undefined);

  const [cpu, dbCpu, commands, limited] = [world.serverCpuSeconds(), await world.databaseCpuSeconds(), await world.serverCommands(), world.rateLimited];
  const app = await closedLoop(n, concurrency, viaHttp(closed ?? []), budgetMs);
  const appRow: Row = {
    operation,
    mode: `server over HTTP, ${String(concurrency)} in flight`,
    run: app,
    rateLimited: world.rateLimited - limited,
    cpuMs: ((world.serverCpuSeconds() - cpu) * 1000) / app.ops,
    dbCpuMs: (((await world.databaseCpuSeconds()) - dbCpu) * 1000) / app.ops,
    roundTrips: ((await world.serverCommands()) - commands) / app.ops,
  };
  rows.push(appRow);

  for (const [index, share] of shares.entries()) {
    const rate = throughput(app) * share;
    const count = Math.max(3, Math.min(n, Math.round(rate * 4)));
    const before = world.rateLimited;
    const run = await fixedRate(count, rate, viaHttp(fixed[index] ?? []));
    rows.push({
      operation,
      mode: `server at ${String(share * 100)}% (${fmt(rate, 0)}/s, latency from send time)`,
      run,
      rateLimited: world.rateLimited - before,
    });
  }

  let ownCpu = ownCpuSeconds();
  const bare = await closedLoop(n, concurrency, (i) => world.execute(op.user, op.query, bareVars[i]).then(() => undefined), budgetMs);
  rows.push({ operation, mode: `graphql-js execute, ${String(concurrency)} in flight`, run: bare, cpuMs: ((ownCpuSeconds() - ownCpu) * 1000) / bare.ops });
  appRow.ratio = `${fmt(throughput(app) / throughput(bare), 2)} of graphql-js`;

  const captured = await world.capture(() => world.execute(op.user, op.query, sample));
  const script = new CommandScript(captured.commands, op.subject?.(sample ?? {}, captured.result));
  for (const [index, inFlight] of [1, concurrency].entries()) {
    const count = rawCounts[index] ?? n;
    const targets = rawTargets[index] ?? [];
    const scripts = Array.from({ length: count }, (_, i) =>
      script.commandsFor(
        targets[i] ?? `bench-${String(inFlight)}-${String(i)}-${String(Date.now())}`,
        `${String(inFlight)}-${String(i)}-${String(Date.now())}`,
      ),
    );
    ownCpu = ownCpuSeconds();
    const raw = await closedLoop(count, inFlight, (i) => replay(world.raw, scripts[i] ?? []).then(() => undefined), budgetMs);
    rows.push({
      operation,
      mode: `raw driver, same commands, ${String(inFlight)} in flight`,
      run: raw,
      cpuMs: ((ownCpuSeconds() - ownCpu) * 1000) / raw.ops,
      roundTrips: script.roundTrips,
    });
    if (inFlight === concurrency) appRow.ratio += `; ${fmt(throughput(app) / throughput(raw), 2)} of raw driver`;
  }
  return rows;
}

/**
 * The share of the cases that are running at every size (drafts and proposals awaiting signatures, half each): the
 * work under way grows with the years of cases, as an office's does, and every list that reads the running cases
 * (the inbox, supervision, the scheduler's poll) is measured with it.
 */
const runningShare = 0.1;

/**
 * Grows the database to `size` cases the way years of work grow it, 5,000 at a time: in each batch, running cases
 * (copies of a draft and of a case awaiting signatures, in turn) up to `runningShare` of the cases, and the rest ended
 * (copies of an adopted proposal), with a checkpoint signed after each batch but the last, as the hourly one would
 * while years of cases pile up: the checkpoint the sweep then measures records the last batch.
 */
async function growTo(world: World, size: number, templates: { running: CaseTemplate[]; ended: CaseTemplate }): Promise<void> {
  const step = 5000;
  let count = await world.raw.collection('cases').countDocuments();
  let running = await world.raw.collection('activeCases').countDocuments();
  for (let batch = 0; count < size; batch += 1) {
    if (batch > 0) await world.http('joint.coordinator', 'mutation { createCheckpoint { number } }');
    const added = Math.min(step, size - count);
    const runningAdded = Math.max(0, Math.min(added, Math.round((count + added) * runningShare) - running));
    if (runningAdded > 0) await insertCopies(world, templates.running, runningAdded);
    if (added > runningAdded) await insertCopies(world, [templates.ended], added - runningAdded);
    [count, running] = [count + added, running + runningAdded];
    log(`  ${world.backend}: ${String(count)} cases, ${String(running)} running`);
  }
}

const title = (backend: BackendKind): string => (backend === 'postgresql' ? 'FerretDB on PostgreSQL 15' : 'FerretDB on SQLite');

/** Baselines, then every operation three ways, on a fresh database of a few hundred to a few thousand cases. */
async function mainPhase(backend: BackendKind, scale: number, print: (text: string) => void): Promise<void> {
  log(`${backend}: starting a fresh database and the server`);
  const world = await World.open(backend, log);
  try {
    const n = Math.max(20, Math.round(300 * scale));
    log(`${backend}: baselines`);
    const hello = await httpHello(Math.round(3000 * scale));
    const xs = await xstateAlone(world, 2000);
    const sig = await signatureAlone(ed25519Signer(), 2000);
    const sm2 = await signatureAlone(sm2Signer(), Math.round(200 * scale) + 20);
    print(`### ${title(backend)}\n`);
    print(
      table(
        ['baseline', 'ops/s', 'p50 ms', 'p99 ms', 'CPU ms/op'],
        [
          ['Node http "hello", 8 in flight', fmt(throughput(hello), 0), fmt(percentile(hello, 50), 2), fmt(percentile(hello, 99), 2), ''],
          [
            'XState restore → transition → persist, alone',
            fmt(throughput(xs.run), 0),
            fmt(percentile(xs.run, 50), 3),
            fmt(percentile(xs.run, 99), 3),
            fmt(xs.cpuMs, 3),
          ],
          [
            'Ed25519 signature verification, alone',
            fmt(throughput(sig.run), 0),
            fmt(percentile(sig.run, 50), 3),
            fmt(percentile(sig.run, 99), 3),
            fmt(sig.cpuMs, 3),
          ],
          [
            'SM2 signature verification (sm-crypto-v2), alone',
            fmt(throughput(sm2.run), 0),
            fmt(percentile(sm2.run, 50), 3),
            fmt(percentile(sm2.run, 99), 3),
            fmt(sm2.cpuMs, 3),
          ],
        ],
      ) + '\n',
    );
    // Each operation's rows are printed as soon as they are measured: a run stopped part-way keeps them.
    print(table(['operation', 'run', 'ops/s', 'p50 ms', 'p99 ms', 'server CPU ms/op', 'database CPU ms/op', 'round trips/op', 'server ÷ baseline'], []));
    const rows: Row[] = [];
    for (const op of await setUp(world)) {
      log(`${backend}: ${op.name}`);
      const measured = await measure(world, op, n);
      print(measured.map((row) => tableRow(rowCells(row))).join('\n'));
      rows.push(...measured);
    }
    print('');
    printHalfLoad(rows, print);
  } finally {
    await world.close();
  }
}

function printHalfLoad(rows: Row[], print: (text: string) => void): void {
  const half = rows.find((row) => row.operation.startsWith('transition') && row.mode.startsWith('server at 50%'));
  print(`Transition p99 at half of maximum load: ${fmt(half === undefined ? undefined : percentile(half.run, 99), 2)} ms (target ≤ 50 ms).\n`);
}

/** What every operation needs in place: a case of 100 entries to verify, and a signatory with 60 cases waiting. */
async function setUp(world: World): Promise<Operation[]> {
  const longCase = await createLongCase(world, 100);
  await createSigningCases(world, 60);
  return operations(() => longCase);
}

/** Each operation again on a fresh database grown to each size in turn. */
async function sweepPhase(backend: BackendKind, sizes: number[], scale: number, print: (text: string) => void): Promise<void> {
  log(`${backend}: a fresh database for the data-size sweep`);
  const world = await World.open(backend, log);
  try {
    const ops = await setUp(world);
    const [draft = ''] = await createDrafts(world, 1);
    const templates = { running: [await CaseTemplate.of(world, draft), await signingTemplate(world)], ended: await adoptedTemplate(world) };
    const inFlight = backend === 'sqlite' ? 2 : concurrency;
    const count = Math.max(10, Math.round((backend === 'sqlite' ? 20 : 100) * scale));
    const header = ['operation'];
    const sweep: string[][] = ops.map((op) => [op.name]);
    const disk: string[] = ['disk bytes per case'];
    // Checkpoints, signed once per size: one recording every case added since the last, then one with nothing changed.
    const checkpoints: string[][] = [['checkpoint recording the last 5,000 cases added or fewer (once)'], ['checkpoint, nothing changed (once)']];
    /** Each operation's p50 at the first size: the figure every later size is compared with. */
    const firstP50 = new Map<string, number>();
    const slow = new Set<string>();
    /** The changes a user waits for, measured three ways (as in the main phase) at the size `--detail-at` names. */
    const detail: Row[] = [];
    for (const size of sizes) {
      log(`${backend}: growing to ${String(size)} cases`);
      await growTo(world, size, templates);
      await world.settle();
      // The copies' history feed slots went in behind the server's back, thousands a second; a running server's
      // projection repair meets real slots as they are written. It catches up here, before anything is measured: an
      // inbox waits for the repair under way, and what that took is printed rather than counted in the inbox's p50.
      const repairStarted = performance.now();
      await world.http('cd.signatory', 'query { inbox(first: 1) { edges { node { id } } } }');
      log(`  ${backend}: projection repair caught up with the copies in ${fmt(performance.now() - repairStarted, 0)} ms`);
      const cases = await world.raw.collection('cases').estimatedDocumentCount();
      header.push(`${String(cases)} cases`);
      let newest: number | undefined;
      for (const cells of checkpoints) {
        const started = performance.now();
        const { createCheckpoint } = await world.http<{ createCheckpoint: { number: number; treeSize: number } }>(
          'joint.coordinator',
          'mutation { createCheckpoint { number treeSize } }',
        );
        const elapsed = `${fmt(performance.now() - started, 0)} ms`;
        // Asked for with nothing changed, the newest checkpoint is answered rather than another one signed.
        cells.push(createCheckpoint.number === newest ? `${elapsed}, none signed` : `${elapsed}, ${String(createCheckpoint.treeSize)} leaves`);
        log(`  ${backend}: ${cells[0] ?? ''}: ${cells.at(-1) ?? ''}`);
        newest = createCheckpoint.number;
      }
      disk.push(fmt((await world.diskBytes()) / cases, 0));
      for (const [index, op] of ops.entries()) {
        const cells = sweep[index] ?? [];
        // Each cell is printed as it is measured: a sweep stopped later keeps what it found.
        const add = (cell: string): void => {
          cells.push(cell);
          log(`  ${backend}, ${String(cases)} cases: ${op.name}: ${cell}`);
        };
        if (slow.has(op.name)) {
          add(`skipped: over ${String(slowMs / 1000)} s alone at the previous size`);
          continue;
        }
        const [probe] = await op.prepare(world, 1);
        const once = await closedLoop(1, 1, () => world.http(op.user, op.query, probe).then(() => undefined));
        if (percentile(once, 50) > slowMs) {
          slow.add(op.name);
          add(`alone: ${fmt(percentile(once, 50) / 1000, 1)} s`);
          continue;
        }
        const vars = await op.prepare(world, count);
        const [commands, limited] = [await world.serverCommands(), world.rateLimited];
        const run = await closedLoop(count, inFlight, (i) => world.http(op.user, op.query, vars[i]).then(() => undefined), budgetMs);
        const p50 = percentile(run, 50);
        if (!firstP50.has(op.name)) firstP50.set(op.name, p50);
        const ratio = `${fmt(p50 / (firstP50.get(op.name) ?? p50), 2)}×`;
        const refused = `${run.failures > 0 ? `, ${String(run.failures)} failed` : ''}${world.rateLimited > limited ? `, ${String(world.rateLimited - limited)} rate-limited` : ''}`;
        add(`p50 ${fmt(p50, 1)} ms (${ratio}), ${fmt(throughput(run), 1)}/s, ${fmt(((await world.serverCommands()) - commands) / run.ops, 1)} rt${refused}`);
      }
      if (size !== Number(args['detail-at'])) continue;
      for (const op of ops.filter((candidate) => /^(transition|signature)/.test(candidate.name) && !slow.has(candidate.name))) {
        log(`${backend}: ${op.name} three ways at ${String(size)} cases`);
        detail.push(...(await measure(world, op, Math.max(20, Math.round(300 * scale)))));
      }
    }
    print(
      `Data-size sweep on ${title(backend)} (server over HTTP, ${String(inFlight)} in flight; ${String(runningShare * 100)}% of the cases running — copies of a draft and of a case awaiting signatures — and the rest copies of an adopted proposal; each column counts the cases when its measurements began; (n×) is the p50 over the p50 at the first size):\n`,
    );
    print(table(header, [...sweep, ...checkpoints, disk]) + '\n');
    if (detail.length > 0) {
      print(`At ${String(args['detail-at'])} cases on ${title(backend)}, three ways:\n`);
      print(
        table(
          ['operation', 'run', 'ops/s', 'p50 ms', 'p99 ms', 'server CPU ms/op', 'database CPU ms/op', 'round trips/op', 'server ÷ baseline'],
          detail.map(rowCells),
        ) + '\n',
      );
      printHalfLoad(detail, print);
    }
  } finally {
    await world.close();
  }
}

async function main(): Promise<void> {
  const scale = args.scale === undefined ? 1 : Number(args.scale);
  const backends: BackendKind[] =
    args.backend === undefined ? ((await postgresAnswers()) ? ['postgresql', 'sqlite'] : ['sqlite']) : [args.backend === 'sqlite' ? 'sqlite' : 'postgresql'];
  closeWorldsOnSignal(log);
  const started = performance.now();
  const print = (text: string): void => void process.stdout.write(`${text}\n`);
  print(
    `## Benchmarks (${new Date().toISOString().slice(0, 10)}; ${String(cpus().length)} × ${cpus()[0]?.model ?? arch()}, ${fmt(totalmem() / 2 ** 30, 0)} GiB; Node ${process.version})`,
  );
  print(
    `The server's per-user rate limit is set to ${benchRateLimit} a minute for the bench (RATE_LIMIT_PER_MINUTE, RATE_LIMIT_BURST); answers it refused are waited for, sent again and counted in the rows. Its request deadline is ${benchRequestTimeoutMs} ms (REQUEST_TIMEOUT_MS), for the sweep's checkpoints.\n`,
  );
  for (const backend of backends) {
    const sizes = args.sizes?.split(',').map(Number) ?? [1000, 10_000, 100_000];
    const backendScale = backend === 'sqlite' ? scale / 4 : scale;
    if (args.phases.includes('main')) await mainPhase(backend, backendScale, print);
    if (args.phases.includes('sweep')) await sweepPhase(backend, sizes, backendScale, print);
  }
  print(`(bench took ${fmt((performance.now() - started) / 60_000, 1)} min)`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
