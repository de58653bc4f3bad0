import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * What the server counts for Prometheus: the process (CPU, memory, event loop), requests by route and
 * status, and every command sent to the database (the driver's command monitoring), so that round trips
 * per request can be read off in production as in the benchmarks; and due times that rest on a calendar year
 * not loaded, which an administrator should load.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly commands = new Counter({
    name: 'twincity_database_commands_total',
    help: 'Commands sent to the database, by command name',
    labelNames: ['command'],
    registers: [this.registry],
  });
  private readonly requests = new Histogram({
    name: 'twincity_http_request_duration_seconds',
    help: 'HTTP requests by path and status, from arrival to the last byte sent',
    labelNames: ['path', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  private readonly backgroundRuns = new Counter({
    name: 'twincity_background_runs_total',
    help: 'Runs of the background tasks (deadlines, checkpoints, projection repair) that ended, by outcome',
    labelNames: ['task', 'outcome'],
    registers: [this.registry],
  });

  private readonly calendarIncompleteDueTimes = new Counter({
    name: 'twincity_calendar_incomplete_due_times_total',
    help: 'Due times counted in working days through a year the calendar does not cover (only weekends rest there), by city and year',
    labelNames: ['city', 'year'],
    registers: [this.registry],
  });

  private readonly denials = new Counter({
    name: 'twincity_denials_total',
    help: 'Denied attempts (failed sign-ins, bad tokens, forbidden actions, changes aimed at what does not exist, rate limits), by event; each is also a "denied" log line',
    labelNames: ['event'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  databaseCommand(name: string): void {
    this.commands.inc({ command: name });
  }

  backgroundRun(task: string, outcome: 'done' | 'failed' | 'database unavailable'): void {
    this.backgroundRuns.inc({ task, outcome });
  }

  calendarIncomplete(city: string, year: number): void {
    this.calendarIncompleteDueTimes.inc({ city, year: String(year) });
  }

  denial(event: string): void {
    this.denials.inc({ event });
  }

  request(path: string, status: number, seconds: number): void {
    this.requests.observe({ path, status: String(status) }, seconds);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  readonly contentType = this.registry.contentType;
}
