import type { AnyMachineSnapshot } from 'xstate';
import { arbitrationResolutions, proposalEvents, type ProposalContext, type ProposalEvent } from '../../workflows/policy-proposal.js';
import { newestWorkflow } from '../../workflows/registry.js';
import { actorFor, modelParties, people } from './model-actors.js';
import { edgePaths, type EdgePath, type WalkModel } from './model-paths.js';

const input = { ...modelParties, reviewPeriodDays: 10 };

/** Every event each demo user could send in this state, with a stand-in payload. */
function candidateEvents(snapshot: AnyMachineSnapshot): ProposalEvent[] {
  const context = snapshot.context as ProposalContext;
  const base = { at: '2026-01-01T00:00:00.000Z', head: 'head' };
  const events: ProposalEvent[] = [];
  for (const user of Object.keys(people)) {
    const actor = actorFor(user);
    for (const type of Object.keys(proposalEvents) as ProposalEvent['type'][]) {
      const next = context.version.number + 1;
      const variants: ProposalEvent[] =
        type === 'EDIT'
          ? [{ ...base, type, actor, version: { id: `v${next}`, number: next, contentHash: `h${next}`, title: 't' } }]
          : type === 'SIGN'
            ? [{ ...base, type, actor, signature: { id: `s-${user}`, versionId: context.version.id } }]
            : type === 'ARBITRATE'
              ? arbitrationResolutions.map((resolution) => ({ ...base, type, actor, resolution, comment: 'x' }))
              : [{ ...base, type, actor, comment: 'x', reason: 'x' }];
      events.push(...variants.filter((event) => snapshot.can(event)));
    }
  }
  return events;
}

export const proposalModel: WalkModel<ProposalEvent> = {
  machine: newestWorkflow('policyProposal').machine,
  input,
  events: candidateEvents,
  serializeState: (snapshot: AnyMachineSnapshot) => {
    const context = snapshot.context as ProposalContext;
    return JSON.stringify({
      value: snapshot.value as unknown,
      edited: context.version.number > 1,
      revised: context.sharedVersion !== null && context.version.number > context.sharedVersion.number,
      signed: context.signed,
    });
  },
  serializeEvent: (event: ProposalEvent) =>
    JSON.stringify({ type: event.type, actor: (event.actor as { userId?: string }).userId, resolution: (event as { resolution?: string }).resolution }),
};

export type ModelPath = EdgePath<ProposalEvent>;

/**
 * Paths of the newest policyProposal (@2) that together take every transition the demo users can make: for each edge of
 * the state graph, the shortest path to its source and then the edge. A state is the machine value plus
 * what guards read from context (edited, revised since shared, who signed), so EDIT loops are walked too.
 */
export function proposalPaths(): ModelPath[] {
  return edgePaths(
    proposalModel.machine,
    proposalModel,
    (state, event) => `${proposalModel.serializeState(state)} ${proposalModel.serializeEvent(event)}`,
    ({ user, event }) => `${user}:${event.type}${'resolution' in event ? `(${event.resolution})` : ''}`,
  );
}
