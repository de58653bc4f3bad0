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
import { newVersion, policyAreas, versionRef } from './documents.js';
import { actorOf, topState, type CaseEngine, type CaseState, type Prepare } from './engine.js';
import type { DocumentContent } from './model.js';

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
    return item === undefined ? null : { item, region: context[item.side].region, status: context.pairs.find((pair) => pair.topic === item.topic)?.status ?? null };
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

/** The memorandum: every pair with both cities' items and how it was resolved, as a document to sign. */
export function memorandumContent(charter: DocumentContent, context: AlignmentContext): DocumentContent {
  const item = (id: string | null) => {
    const found = context.items.find((candidate) => candidate.id === id);
    return found === undefined ? '—' : `${found.target}（${found.indicator}，${found.deadline}，${found.ownerAgencyId}）`;
  };
  const how: Record<NonNullable<ItemPair['resolvedBy']>, string> = { identical: '两地一致', agreement: '协商一致', arbitration: '联合办公室裁决' };
  const rows = context.pairs.map(
    (pair) => `| ${pair.topic} | ${item(pair.initiatorItem)} | ${item(pair.counterpartItem)} | ${pair.resolution ?? '—'} | ${pair.resolvedBy === null ? '—' : how[pair.resolvedBy]} |`,
  );
  return {
    title: { zh: `${charter.title.zh}——规划对接备忘录`, ...(charter.title.en === undefined ? {} : { en: `${charter.title.en}: alignment memorandum` }) },
    summary: `${context.pairs.length} 项议题全部对接一致。`,
    body: [
      `# ${charter.title.zh}——规划对接备忘录`,
      '',
      `| 议题 | ${context.initiator.agencyId} | ${context.counterpart.agencyId} | 对接结果 | 方式 |`,
      '|---|---|---|---|---|',
      ...rows,
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
    const owner = await this.directory.agency(checkAgencyId(input.ownerAgencyId));
    if (owner.region !== drafter.region) {
      throw badInput('牵头机构须属于本方城市', 'The owner agency must belong to your own city', { field: 'ownerAgencyId' });
    }
    const item = {
      id: randomUUID(),
      topic: checkTopic(input.topic),
      target: checkText('target', input.target, { max: 500 }),
      indicator: checkText('indicator', input.indicator, { max: 200 }),
      deadline: checkDate('deadline', input.deadline),
      ownerAgencyId: owner.id,
    };
    return this.act(drafter, 'ADD_ITEM', 'addPlanItem', input, { item });
  }

  removeItem(viewer: Viewer | undefined, input: { caseId: string; itemId: string; expectedVersion?: number | null; idempotencyKey?: string | null }): Promise<CaseState> {
    return this.act(requireViewer(viewer), 'REMOVE_ITEM', 'removePlanItem', input, { itemId: checkText('itemId', input.itemId, { max: 36, pattern: /^[0-9a-f-]+$/ }) });
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

  private act(viewer: Viewer, type: string, operation: string, input: { caseId: string; expectedVersion?: number | null; idempotencyKey?: string | null }, fields: Record<string, Json>): Promise<CaseState> {
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
      const event = { ...fields, type, actor: actorOf(viewer), at: new Date().toISOString(), head: state.head.hash, version: offered };
      const [next] = transition(state.workflow.machine, state.snapshot, event);
      if (topState(next) !== 'signing') return {};
      const charter = await this.store.version(current.id);
      if (charter === undefined) throw new Error(`the charter of case ${state.id} is missing`);
      const memorandum = newVersion(state.id, offered.number, memorandumContent(charter.content, next.context as AlignmentContext), viewer, '规划对接备忘录 / alignment memorandum');
      await this.store.insertVersion(memorandum);
      return { version: { ...versionRef(memorandum) } };
    };
  }
}
