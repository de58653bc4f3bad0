import { randomUUID } from 'node:crypto';
import { transition } from 'xstate';
import type { AlignmentContext, ItemPair, PlanItem, ResolutionProposal } from '../../workflows/plan-alignment.js';
import type { Region, Side } from '../../workflows/types.js';
import { requireViewer } from '../auth/permissions.js';
import type { Json } from '../crypto/canonical-json.js';
import type { Viewer } from '../directory/model.js';
import { seesEverything } from './visibility.js';
import type { DirectoryService } from '../directory/service.js';
import { checkAgencyId, checkText } from '../directory/validation.js';
import { badInput } from '../errors.js';
import type { CaseStore } from '../store/case-store.js';
import { checkDate, requestHash } from './commands.js';
import { newVersion, tableCell as cell, versionRef } from './documents.js';
import { policyAreaName, policyAreaNames, policyAreas, type PolicyArea } from '../../workflows/policy-areas.js';
import { topState } from './case-state.js';
import { actorOf } from './decisions.js';
import type { CaseEngine, Prepare } from './engine.js';
import type { CaseState } from './case-state.js';
import type { DocumentContent } from '../store/records.js';

/** A plan item, a pair or a proposal as the API shows it: with the region of the side it belongs to. */
export interface ItemView {
  item: PlanItem;
  region: Region;
  /** How the item's topic stands once both sections are in. */
  status: ItemPair['status'] | null;
}

export interface ProposalView {
  proposal: ResolutionProposal;
  region: Region;
}

export interface PairView {
  pair: ItemPair;
  initiatorItem: ItemView | null;
  counterpartItem: ItemView | null;
  context: AlignmentContext;
}

/**
 * The items the viewer may see: while sections are being drafted, each side sees only its own (the joint
 * office and auditors see both); once both are in, everyone who sees the case sees all.
 */
export function visibleItems(viewer: Viewer, state: CaseState): ItemView[] {
  const context = state.context as unknown as AlignmentContext;
  const regionOf = (side: Side) => context[side].region;
  const own = (['initiator', 'counterpart'] as const).find((side) => context[side].agencyId === viewer.agencyId);
  const drafting = state.state === 'collecting';
  return context.items
    .filter((item) => !drafting || seesEverything(viewer) || item.side === own)
    .map((item) => ({ item, region: regionOf(item.side), status: context.pairs.find((pair) => pair.topic === item.topic)?.status ?? null }));
}

export function pairViews(state: CaseState): PairView[] {
  const context = state.context as unknown as AlignmentContext;
  const view = (id: string | null): ItemView | null => {
    const item = context.items.find((candidate) => candidate.id === id);
    return item === undefined
      ? null
      : { item, region: context[item.side].region, status: context.pairs.find((pair) => pair.topic === item.topic)?.status ?? null };
  };
  return context.pairs.map((pair) => ({ pair, initiatorItem: view(pair.initiatorItem), counterpartItem: view(pair.counterpartItem), context }));
}

export interface PlanItemInput {
  caseId: string;
  topic: string;
  target: string;
  indicator: string;
  deadline: string;
  ownerAgencyId: string;
  expectedVersion?: number | null;
  idempotencyKey?: string | null;
}

export interface TopicInput {
  caseId: string;
  topic: string;
  text?: string | null;
  expectedVersion?: number | null;
  idempotencyKey?: string | null;
}

function checkTopic(topic: string): string {
  if (!(policyAreas as readonly string[]).includes(topic)) throw badInput('议题须为政策领域之一', 'The topic must be a policy area', { field: 'topic' });
  return topic;
}

/**
 * The memorandum both cities sign: every item of both sections — each pair with both cities' items and how it was
 * resolved, and any item no pair holds (a second item on one topic, which @1 accepted and left out of the pairs) —
 * with agencies and policy areas by their Chinese names. `agencyName` gives the name of an agency id.
 */
export function memorandumContent(charter: DocumentContent, context: AlignmentContext, agencyName: (id: string) => string): DocumentContent {
  const item = (found: PlanItem | undefined) =>
    found === undefined ? '—' : cell(`${found.target}（${found.indicator}，${found.deadline}，${agencyName(found.ownerAgencyId)}）`);
  const byId = (id: string | null) => context.items.find((candidate) => candidate.id === id);
  const how: Record<NonNullable<ItemPair['resolvedBy']>, string> = { identical: '两地一致', agreement: '协商一致', arbitration: '联合办公室裁决' };
  const rows = context.pairs.map(
    (pair) =>
      `| ${policyAreaName(pair.topic)} | ${item(byId(pair.initiatorItem))} | ${item(byId(pair.counterpartItem))} | ${pair.resolution === null ? '—' : cell(pair.resolution)} | ${pair.resolvedBy === null ? '—' : how[pair.resolvedBy]} |`,
  );
  const paired = new Set(context.pairs.flatMap((pair) => [pair.initiatorItem, pair.counterpartItem]));
  const unpaired = context.items
    .filter((candidate) => !paired.has(candidate.id))
    .map(
      (extra) =>
        `| ${policyAreaName(extra.topic)}（另一事项） | ${extra.side === 'initiator' ? item(extra) : '—'} | ${extra.side === 'counterpart' ? item(extra) : '—'} | — | 未配对 |`,
    );
  const [initiator, counterpart] = [agencyName(context.initiator.agencyId), agencyName(context.counterpart.agencyId)];
  return {
    title: { zh: `${charter.title.zh}——规划对接备忘录`, ...(charter.title.en === undefined ? {} : { en: `${charter.title.en}: alignment memorandum` }) },
    summary: `${initiator}与${counterpart}：${context.pairs.length} 项议题全部对接一致${unpaired.length === 0 ? '' : `，另有 ${unpaired.length} 项同议题事项一并列入`}。`,
    body: [
      `# ${charter.title.zh}——规划对接备忘录`,
      '',
      `| 议题 | ${cell(initiator)} | ${cell(counterpart)} | 对接结果 | 方式 |`,
      '|---|---|---|---|---|',
      ...rows,
      ...unpaired,
    ].join('\n'),
    policyAreas: [...new Set(context.pairs.map((pair) => pair.topic))],
  };
}

/** The plan-alignment actions that carry structured fields: items, topics, proposals, the memorandum. */
export class AlignmentService {
  constructor(
    private readonly engine: CaseEngine,
    private readonly store: CaseStore,
    private readonly directory: DirectoryService,
  ) {}

  async addItem(viewer: Viewer | undefined, input: PlanItemInput): Promise<CaseState> {
    const drafter = requireViewer(viewer);
    // Who may add comes first: what counts as valid (an agency of your city, a topic your side lacks) is the drafter's.
    const state = await this.engine.read(drafter, input.caseId);
    await this.engine.authorise(drafter, state, 'ADD_ITEM', actorOf(drafter));
    const owner = await this.directory.agency(checkAgencyId(input.ownerAgencyId));
    if (owner.region !== drafter.region) {
      throw badInput('牵头机构须属于本方城市', 'The owner agency must belong to your own city', { field: 'ownerAgencyId' });
    }
    const topic = checkTopic(input.topic);
    const { items, initiator, counterpart } = state.context as unknown as AlignmentContext;
    const side = drafter.agencyId === initiator.agencyId ? 'initiator' : drafter.agencyId === counterpart.agencyId ? 'counterpart' : undefined;
    // One item per topic and side, so that every item is paired and reaches the memorandum (the machine of @2 holds it too).
    if (side !== undefined && items.some((existing) => existing.side === side && existing.topic === topic)) {
      throw badInput(
        `本方在议题“${policyAreaName(topic)}”上已有事项：每个议题每方一项，请修改或删除原事项`,
        `Your side already has an item on ${policyAreaNames[topic as PolicyArea].en}: one item per topic and side — change or remove that one`,
        { field: 'topic' },
      );
    }
    const item = {
      id: randomUUID(),
      topic,
      target: checkText('target', input.target, { max: 500 }),
      indicator: checkText('indicator', input.indicator, { max: 200 }),
      deadline: checkDate('deadline', input.deadline),
      ownerAgencyId: owner.id,
    };
    return this.act(drafter, 'ADD_ITEM', 'addPlanItem', input, { item });
  }

  removeItem(
    viewer: Viewer | undefined,
    input: { caseId: string; itemId: string; expectedVersion?: number | null; idempotencyKey?: string | null },
  ): Promise<CaseState> {
    return this.act(requireViewer(viewer), 'REMOVE_ITEM', 'removePlanItem', input, {
      itemId: checkText('itemId', input.itemId, { max: 36, pattern: /^[0-9a-f-]+$/ }),
    });
  }

  submitSection(viewer: Viewer | undefined, input: { caseId: string; expectedVersion?: number | null; idempotencyKey?: string | null }): Promise<CaseState> {
    return this.act(requireViewer(viewer), 'SUBMIT_SECTION', 'submitSection', input, {});
  }

  propose(viewer: Viewer | undefined, input: TopicInput): Promise<CaseState> {
    return this.act(requireViewer(viewer), 'PROPOSE_RESOLUTION', 'proposeResolution', input, { topic: checkTopic(input.topic), text: this.text(input.text) });
  }

  counterPropose(viewer: Viewer | undefined, input: TopicInput): Promise<CaseState> {
    return this.act(requireViewer(viewer), 'COUNTER_PROPOSE', 'counterPropose', input, { topic: checkTopic(input.topic), text: this.text(input.text) });
  }

  accept(viewer: Viewer | undefined, input: TopicInput): Promise<CaseState> {
    return this.act(requireViewer(viewer), 'ACCEPT_RESOLUTION', 'acceptResolution', input, { topic: checkTopic(input.topic) });
  }

  arbitrate(viewer: Viewer | undefined, input: TopicInput): Promise<CaseState> {
    return this.act(requireViewer(viewer), 'ARBITRATE', 'arbitratePlanItem', input, { topic: checkTopic(input.topic), text: this.text(input.text) });
  }

  private text(value: string | null | undefined): string {
    return checkText('text', value ?? '', { max: 4000, shape: 'lines' });
  }

  private act(
    viewer: Viewer,
    type: string,
    operation: string,
    input: { caseId: string; expectedVersion?: number | null; idempotencyKey?: string | null },
    fields: Record<string, Json>,
  ): Promise<CaseState> {
    const { caseId, expectedVersion, idempotencyKey } = input;
    return this.engine.act(
      viewer,
      caseId,
      { type, input: {}, fields, expectedVersion, idempotencyKey, requestHash: requestHash(operation, input) },
      ['SUBMIT_SECTION', 'ACCEPT_RESOLUTION', 'ARBITRATE'].includes(type) ? this.offerMemorandum(viewer, type, fields) : undefined,
    );
  }

  /**
   * Runs the machine ahead: if this event aligns the last pair, the memorandum is made now, stored as the
   * next document version, and offered with the event (the machine is pure and cannot make it itself).
   */
  private offerMemorandum(viewer: Viewer, type: string, fields: Record<string, Json>): Prepare {
    return async (state): Promise<Record<string, Json>> => {
      const current = state.workflow.currentVersion(state.context);
      const offered = { ...current, id: 'memorandum', number: current.number + 1 };
      const event = { ...fields, type, actor: actorOf(viewer), at: new Date().toISOString(), head: state.head.hash, seq: state.head.seq + 1, version: offered };
      const [next] = transition(state.workflow.machine, state.snapshot, event);
      if (topState(next) !== 'signing') return {};
      const charter = await this.store.version(current.id);
      if (charter === undefined) throw new Error(`the charter of case ${state.id} is missing`);
      const context = next.context as AlignmentContext;
      const ids = [...new Set([context.initiator.agencyId, context.counterpart.agencyId, ...context.items.map((item) => item.ownerAgencyId)])];
      const names = new Map(await Promise.all(ids.map(async (id) => [id, (await this.directory.agency(id)).name] as const)));
      const memorandum = newVersion(
        state.id,
        offered.number,
        memorandumContent(charter.content, context, (id) => names.get(id) ?? id),
        viewer,
        '规划对接备忘录 / alignment memorandum',
      );
      await this.store.insertVersion(memorandum);
      return { version: { ...versionRef(memorandum) } };
    };
  }
}
