import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The database commands one unit of work (a GraphQL request) may send. What a request costs in commands is not
 * told by its document: `versions` of a case reads one document per version, and thirty aliases of it on thirty
 * cases multiply that. Every command sent in a budgeted unit is counted (`Database` hears each one through the
 * driver's command monitoring); reads that fan out (`eachInTurn`, the inbox, the history walks) ask before each
 * batch, and the unit fails with `CommandBudgetExceededError` once it has sent more than its limit, or with
 * `WorkAbandonedError` once nobody waits for its answer any more (the request timed out or its client went away).
 * Work outside any budget (the scheduler, the projection repair, start-up, the CLI's direct store use) is not counted.
 */
export class CommandBudgetExceededError extends Error {
  constructor(readonly limit: number) {
    super(`the request sent more than ${String(limit)} database commands`);
  }
}

/** The work's answer is no longer awaited: it stops at its next batch of reads rather than run on for nobody. */
export class WorkAbandonedError extends Error {
  constructor() {
    super('the request was abandoned: its answer was given up on');
  }
}

interface Budget {
  readonly limit: number;
  readonly abandoned: AbortSignal | undefined;
  sent: number;
}

const budgets = new AsyncLocalStorage<Budget>();

/** Runs `work` with at most `limit` database commands (of the work and everything it starts), until `abandoned`. */
export function withCommandBudget<T>(limit: number, work: () => T, abandoned?: AbortSignal): T {
  return budgets.run({ limit, abandoned, sent: 0 }, work);
}

/** Counts one command sent by the current unit of work, if it has a budget. */
export function countCommand(): void {
  const budget = budgets.getStore();
  if (budget !== undefined) budget.sent += 1;
}

/**
 * @throws WorkAbandonedError when nobody waits for the current unit of work any more;
 * @throws CommandBudgetExceededError when it has sent more commands than its budget.
 */
export function checkCommandBudget(): void {
  const budget = budgets.getStore();
  if (budget === undefined) return;
  if (budget.abandoned?.aborted === true) throw new WorkAbandonedError();
  if (budget.sent > budget.limit) throw new CommandBudgetExceededError(budget.limit);
}

/**
 * Runs `work` without a limit on its commands, still stopped once its request is abandoned: the weighed audit reads
 * (`@cost` in schema.graphql: verifyCase, evidenceBundle, checkpointConsistency), whose cost follows the size of
 * what they check and whose number per request the weight bounds, and a mutation's own action (the fields of its
 * answer are read within the budget), which must not stop half-way for what the request asked before it.
 */
export function withoutCommandLimit<T>(work: () => T): T {
  const budget = budgets.getStore();
  return budget === undefined ? work() : budgets.run({ limit: Number.POSITIVE_INFINITY, abandoned: budget.abandoned, sent: 0 }, work);
}

/**
 * Runs `work` outside any budget: the server's own work that a request only sets off or waits for (the projection
 * repair, a checkpoint), which every request arriving meanwhile shares: no one request's limit or abandonment stops it.
 */
export function outsideCommandBudget<T>(work: () => T): T {
  return budgets.exit(work);
}
