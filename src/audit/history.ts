import { workflowTypeOf, type CaseTypeName } from '../../workflows/registry.js';
import { requireViewer } from '../auth/permissions.js';
import type { CaseEngine } from '../cases/engine.js';
import type { CaseEvent } from '../cases/model.js';
import { seesEverything } from '../cases/visibility.js';
import type { Viewer } from '../directory/model.js';
import { checkAgencyId, checkUsername, checkWholeNumber } from '../directory/validation.js';
import { badInput } from '../errors.js';
import type { CaseStore, HistoryCriteria, HistoryPosition } from '../store/case-store.js';

export interface HistoryFilterInput {
  from?: Date | null;
  to?: Date | null;
  region?: string | null;
  agencyId?: string | null;
  actor?: string | null;
  caseType?: CaseTypeName | null;
  eventType?: string | null;
  state?: string | null;
  caseId?: string | null;
}

export interface HistoryPageRequest {
  order: 'NEWEST_FIRST' | 'OLDEST_FIRST';
  first?: number | null;
  after?: HistoryPosition;
  last?: number | null;
  before?: HistoryPosition;
}

export type HistoryEntry = CaseEvent & { id: string };


function pattern(field: string, value: string | null | undefined, re: RegExp): string | undefined {
  if (value == null) return undefined;
  if (!re.test(value)) throw badInput(`筛选条件 ${field} 无效`, `Filter ${field} is invalid`, { field });
  return value;
}

const pageSize = (field: string, value: number): number => checkWholeNumber(field, value, 1, 500);

/** Decision history across every case, for auditors first of all. */
export class HistorySearch {
  constructor(
    private readonly store: CaseStore,
    private readonly engine: CaseEngine,
  ) {}

  /**
   * A page of entries matching `filter` that the viewer may read. Entries committed by a writer that died before
   * indexing them are indexed first (`CaseEngine.repairProjections`), so a search never misses a committed entry.
   */
  async search(viewer: Viewer | undefined, filter: HistoryFilterInput, page: HistoryPageRequest): Promise<{ items: HistoryEntry[]; hasNextPage: boolean; hasPreviousPage: boolean }> {
    const criteria = this.scoped(viewer, filter);
    await this.engine.repairProjections();
    const forward = page.order === 'OLDEST_FIRST' ? 1 : -1;
    if (page.last != null || page.before !== undefined) {
      if (page.first != null || page.after !== undefined) {
        throw badInput('不能同时向前和向后分页', 'Page forward (first/after) or backward (last/before), not both', { field: 'last' });
      }
      const last = pageSize('last', page.last ?? 50);
      const items = await this.store.searchHistory(criteria, forward === 1 ? -1 : 1, page.before, last + 1);
      return { items: items.slice(0, last).reverse(), hasPreviousPage: items.length > last, hasNextPage: page.before !== undefined };
    }
    const first = pageSize('first', page.first ?? 50);
    const items = await this.store.searchHistory(criteria, forward, page.after, first + 1);
    return { items: items.slice(0, first), hasNextPage: items.length > first, hasPreviousPage: page.after !== undefined };
  }

  /** How many entries the filter matches, for a progress display. */
  count(viewer: Viewer | undefined, filter: HistoryFilterInput): Promise<number> {
    return this.store.countHistory(this.scoped(viewer, filter));
  }

  /** The filter as given, narrowed to what the viewer's agency may read unless they see everything. */
  private scoped(viewer: Viewer | undefined, filter: HistoryFilterInput): HistoryCriteria {
    const reader = requireViewer(viewer);
    const criteria = this.criteria(filter);
    if (!seesEverything(reader)) criteria.readableBy = reader.agencyId;
    return criteria;
  }

  private criteria(filter: HistoryFilterInput): HistoryCriteria {
    if (filter.from != null && filter.to != null && filter.from >= filter.to) {
      throw badInput('起始时间须早于结束时间', 'from must be before to', { field: 'from' });
    }
    const criteria: HistoryCriteria = {};
    if (filter.from != null) criteria.from = filter.from;
    if (filter.to != null) criteria.to = filter.to;
    if (filter.region != null) criteria.region = filter.region;
    if (filter.agencyId != null) criteria.agencyId = checkAgencyId(filter.agencyId);
    if (filter.actor != null) criteria.actor = checkUsername(filter.actor);
    if (filter.caseType != null) criteria.caseType = workflowTypeOf[filter.caseType];
    const eventType = pattern('eventType', filter.eventType, /^[A-Z_]{1,40}$/);
    if (eventType !== undefined) criteria.eventType = eventType;
    const state = pattern('state', filter.state, /^[A-Za-z]{1,40}$/);
    if (state !== undefined) criteria.state = state;
    const caseId = pattern('caseId', filter.caseId, /^[0-9a-f-]{36}$/);
    if (caseId !== undefined) criteria.caseId = caseId;
    return criteria;
  }
}

/** History cursors: the entry's time and id, the two parts of the stable order. */
export const historyKey = (entry: HistoryEntry): string => `${entry.at.toISOString()}|${entry.id}`;

export function historyPosition(key: string | undefined, field: string): HistoryPosition | undefined {
  if (key === undefined) return undefined;
  const [at = '', id = ''] = key.split('|');
  const date = new Date(at);
  if (Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}:[0-9]{1,10}$/.test(id)) throw badInput('分页游标无效', 'Invalid cursor', { field });
  return { at: date, id };
}
