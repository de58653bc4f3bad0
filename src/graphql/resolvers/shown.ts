import { requireViewer } from '../../auth/permissions.js';
import type { CaseState } from '../../cases/case-state.js';
import type { GraphQLContext } from '../context.js';

/** Each request's cases as its viewer is told them, restored once per case object. */
const shownCases = new WeakMap<GraphQLContext, WeakMap<CaseState, Promise<CaseState>>>();

/** The case as the request's viewer is told it (`CaseEngine.shownTo`). */
export function shownCase(state: CaseState, context: GraphQLContext): Promise<CaseState> {
  let cases = shownCases.get(context);
  if (cases === undefined) {
    cases = new WeakMap();
    shownCases.set(context, cases);
  }
  let shown = cases.get(state);
  if (shown === undefined) {
    shown = context.services.engine.shownTo(requireViewer(context.viewer), state);
    cases.set(state, shown);
  }
  return shown;
}

/** What is decided on the case as it stands, whatever the viewer is shown: what they may do, and what it waits for from them. */
const decidedOnTheCase = new Set(['availableActions', 'awaitedActions']);

/**
 * A case type's field resolvers, each given the case as the viewer is told it: for the counterpart, as of the newest
 * entry it may read, not the other side's internal state past it (its state, the parties it waits for, deadlines,
 * quorums, plan and items). A field added later is so by default; only `decidedOnTheCase` see the case as it stands.
 */
export function asShown<T extends Record<string, unknown>>(fields: T): T {
  return Object.fromEntries(
    Object.entries(fields).map(([name, resolve]) => [
      name,
      typeof resolve !== 'function' || decidedOnTheCase.has(name)
        ? resolve
        : async (state: CaseState, args: unknown, context: GraphQLContext, info: unknown): Promise<unknown> =>
            (resolve as (...parameters: unknown[]) => unknown)(await shownCase(state, context), args, context, info),
    ]),
  ) as T;
}
