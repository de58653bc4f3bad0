import type { AnyMachineSnapshot } from 'xstate';
import type { AlignmentContext, AlignmentEvent } from '../../workflows/plan-alignment.js';
import { newestWorkflow } from '../../workflows/registry.js';
import { actorFor, modelParties, people } from './model-actors.js';
import { edgePaths, type EdgePath, type ModelStep, type WalkModel } from './model-paths.js';

/**
 * the newest planAlignment (@2) for path generation: one topic (5G), each city's target either the same as the other's
 * (identical, aligned at once) or its own (to negotiate), two rounds before escalation.
 */
export const sharedTarget = '新建 5G 基站 3 万个';
const differentTargets: Record<string, string> = { cq: '新建 5G 基站 4 万个', cd: '新建 5G 基站 2 万个' };

const input = { ...modelParties, maxRounds: 2, negotiationDays: 30 };

function candidateEvents(snapshot: AnyMachineSnapshot): AlignmentEvent[] {
  const context = snapshot.context as AlignmentContext;
  const base = { at: '2026-01-01T00:00:00.000Z', head: 'head' };
  const memorandum = { id: `v${context.version.number + 1}`, number: context.version.number + 1, contentHash: 'm', title: 'm' };
  const events: AlignmentEvent[] = [];
  // One representative per side and kind of work: drafters draft, reviewers submit and negotiate.
  for (const user of Object.keys(people)) {
    const actor = actorFor(user);
    const drafts = user.endsWith('.drafter');
    const own = context.items.find((item) => item.ownerAgencyId === people[user]!.agencyId);
    const item = (target: string) => ({
      id: `${user}-${target}`,
      topic: 'FIVE_G',
      target,
      indicator: '个',
      deadline: '2027-12-31',
      ownerAgencyId: people[user]!.agencyId,
    });
    const variants: AlignmentEvent[] = drafts
      ? [
          ...(own === undefined
            ? [sharedTarget, differentTargets[user.slice(0, 2)]!].map((target) => ({ ...base, type: 'ADD_ITEM' as const, actor, item: item(target) }))
            : []),
          ...(own === undefined ? [] : [{ ...base, type: 'REMOVE_ITEM' as const, actor, itemId: own.id }]),
        ]
      : [
          { ...base, type: 'SUBMIT_SECTION', actor, version: memorandum },
          { ...base, type: 'PROPOSE_RESOLUTION', actor, topic: 'FIVE_G', text: '方案' },
          { ...base, type: 'ACCEPT_RESOLUTION', actor, topic: 'FIVE_G', version: memorandum },
          { ...base, type: 'COUNTER_PROPOSE', actor, topic: 'FIVE_G', text: '对案' },
          { ...base, type: 'ESCALATE', actor, reason: '僵持' },
          { ...base, type: 'ARBITRATE', actor, topic: 'FIVE_G', text: '裁决', version: memorandum },
          { ...base, type: 'SIGN', actor, signature: { id: `s-${user}`, versionId: context.version.id } },
          { ...base, type: 'ABANDON', actor, reason: '终止' },
        ];
    events.push(...variants.filter((event) => snapshot.can(event)));
  }
  // Once one side has asked to abandon, only the other side's answer is walked: everything else was walked without it.
  const abandoning = context.abandonRequested.initiator || context.abandonRequested.counterpart;
  return abandoning ? events.filter((event) => event.type === 'ABANDON') : events;
}

export const alignmentModel: WalkModel<AlignmentEvent> = {
  machine: newestWorkflow('planAlignment').machine,
  input,
  events: candidateEvents,
  serializeState: (snapshot: AnyMachineSnapshot) => {
    const context = snapshot.context as AlignmentContext;
    return JSON.stringify({
      value: snapshot.value as unknown,
      items: context.items.map((item) => `${item.side}:${item.target}`),
      pairs: context.pairs.map((pair) => `${pair.status}:${pair.proposals.map((p) => p.by).join(',')}`),
      abandon: context.abandonRequested,
      signed: context.signed,
    });
  },
  serializeEvent: (event: AlignmentEvent) => JSON.stringify({ ...event, at: undefined, head: undefined }),
};

export type AlignmentPath = EdgePath<AlignmentEvent>;

const describeStep = ({ user, event }: ModelStep<AlignmentEvent>): string =>
  `${user}:${event.type}${event.type === 'ADD_ITEM' ? `(${event.item.target === sharedTarget ? 'same' : 'different'})` : ''}`;

/**
 * Paths that take every transition of the machine: for each kind of edge (state value before, event, the
 * acting side, state value after, how the pair stands after), the shortest path to its source and the edge.
 * The context varies far more than the transitions do, so edges are grouped by what the machine decided.
 */
export function alignmentPaths(): AlignmentPath[] {
  return edgePaths(
    alignmentModel.machine,
    alignmentModel,
    (state, e, next) =>
      JSON.stringify([
        state.value,
        e.type,
        e.actor.kind === 'user' ? e.actor.agencyId : 'system',
        next.value,
        (next.context as AlignmentContext).pairs.map((pair) => pair.status),
      ]),
    describeStep,
  );
}
