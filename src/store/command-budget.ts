import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The database commands one unit of work (a GraphQL request) may send. What a request costs in commands is not
 * told by its document: `versions` of a case reads one document per version, `verifyCase` one per entry, and
 * thirty aliases of either multiply that. Every command sent in a budgeted unit is counted (`Database` hears each
 * one through the driver's command monitoring); reads that fan out (`eachInTurn`, the history walks) ask before each
 * batch, and the unit fails with `CommandBudgetExceededError` once it has sent more than its limit. Work outside any
 * budget (the scheduler, the projection repair, start-up, the CLI's direct store use) is not counted.
 */
export class CommandBudgetExceededError extends Error {
  constructor(readonly limit: number) {
    super(`the request sent more than ${String(limit)} database commands`);
  }
}

interface Budget {
  readonly limit: number;
  sent: number;
}

const budgets = new AsyncLocalStorage<Budget>();

/** Runs `work` with at most `limit` database commands (of the work and everything it starts). */
export function withCommandBudget<T>(limit: number, work: () => T): T {
  return budgets.run({ limit, sent: 0 }, work);
}

/** Counts one command sent by the current unit of work, if it has a budget. */
export function countCommand(): void {
  const budget = budgets.getStore();
  if (budget !== undefined) budget.sent += 1;
}

/** @throws CommandBudgetExceededError when the current unit of work has sent more commands than its budget. */
export function checkCommandBudget(): void {
  const budget = budgets.getStore();
  if (budget !== undefined && budget.sent > budget.limit) throw new CommandBudgetExceededError(budget.limit);
}

/**
 * Runs `work` outside any budget: the server's own work that a request only sets off or waits for (the projection
 * repair, a checkpoint, shared by every request that arrives meanwhile), and the weighed audit reads (`@cost` in
 * schema.graphql: verifyCase, evidenceBundle, caseAsOf, checkpointConsistency), whose cost follows the size of
 * what they check and whose number per request the weight bounds.
 */
export function outsideCommandBudget<T>(work: () => T): T {
  return budgets.exit(work);
}
