/**
 * A simulated clock for a server process, loaded with `node --import`: every `new Date()` and `Date.now()` is
 * moved on by the milliseconds in the file SHIFTED_CLOCK_FILE, read at start and again on SIGUSR2. Walkthroughs
 * use it to show deadlines coming due, and tests to jump the clock of running servers. Never in production.
 */
import { readFileSync } from 'node:fs';

const file = process.env.SHIFTED_CLOCK_FILE;
if (file === undefined || file === '') throw new Error('SHIFTED_CLOCK_FILE must name the file holding the clock offset in milliseconds');
const clockFile: string = file;

const RealDate = Date;
let offsetMs = 0;

function readOffset(): void {
  const value = Number(readFileSync(clockFile, 'utf8').trim());
  if (!Number.isFinite(value)) throw new Error(`${clockFile} must hold a number of milliseconds`);
  offsetMs = value;
  process.stderr.write(`shifted clock: ${new RealDate(RealDate.now() + offsetMs).toISOString()}\n`);
}

class ShiftedDate extends RealDate {
  constructor(...args: ConstructorParameters<DateConstructor> | []) {
    if (args.length === 0) super(RealDate.now() + offsetMs);
    else super(...args);
  }

  static override now(): number {
    return RealDate.now() + offsetMs;
  }
}

readOffset();
process.on('SIGUSR2', readOffset);
globalThis.Date = ShiftedDate as DateConstructor;
