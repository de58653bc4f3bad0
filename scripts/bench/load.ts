import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** One operation of a run: the i-th of n. It throws when the operation failed. */
export type Operation = (i: number) => Promise<void>;

export interface RunResult {
  ops: number;
  seconds: number;
  /** Milliseconds per operation, sorted. For fixed-rate runs, measured from the intended send time. */
  latencies: number[];
  failures: number;
  firstFailure?: string;
}

export const throughput = (run: RunResult): number => run.ops / run.seconds;

export function percentile(run: RunResult, p: number): number {
  if (run.latencies.length === 0) return Number.NaN;
  return run.latencies[Math.min(run.latencies.length - 1, Math.floor((p / 100) * run.latencies.length))] ?? Number.NaN;
}

function recorder() {
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  return {
    async time(op: Operation, i: number, from: number): Promise<void> {
      try {
        await op(i);
        latencies.push(performance.now() - from);
      } catch (error) {
        failures += 1;
        firstFailure ??= error instanceof Error ? error.message : String(error);
      }
    },
    result(seconds: number): RunResult {
      latencies.sort((a, b) => a - b);
      return { ops: latencies.length, seconds, latencies, failures, ...(firstFailure === undefined ? {} : { firstFailure }) };
    },
  };
}

/**
 * `concurrency` workers, each sending its next operation as soon as the last one answered, until n are done or
 * `budgetMs` has passed (then no new operation starts).
 */
export async function closedLoop(n: number, concurrency: number, op: Operation, budgetMs = Infinity): Promise<RunResult> {
  const record = recorder();
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < n && performance.now() - started < budgetMs) {
      const i = next;
      next += 1;
      await record.time(op, i, performance.now());
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return record.result((performance.now() - started) / 1000);
}

/**
 * Open loop: operation i is due at start + i / rate, sent then whatever is still in flight, and its latency is
 * counted from when it was due — a server that falls behind cannot hide the queue it builds (coordinated omission).
 */
export async function fixedRate(n: number, perSecond: number, op: Operation): Promise<RunResult> {
  const record = recorder();
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < n; i += 1) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(record.time(op, i, due));
  }
  await Promise.all(inFlight);
  return record.result((performance.now() - started) / 1000);
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may itself hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100;
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** CPU seconds this process has used so far. */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
