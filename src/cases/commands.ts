import type { EventSpec } from '../../workflows/types.js';
import type { Json } from '../crypto/canonical-json.js';
import { canonicalHash } from '../crypto/hash.js';
import { checkText } from '../directory/validation.js';
import { badInput } from '../errors.js';
import { isCalendarDate } from '../calendar/calendar.js';

export interface ActionInput {
  comment?: string | null;
  reason?: string | null;
  resolution?: string | null;
}

/** Identifies a request by its operation and input (the idempotency key aside), so a reused key is caught. */
export const requestHash = (operation: string, { idempotencyKey: _key, ...input }: { idempotencyKey?: string | null }): string =>
  canonicalHash({ operation, input });

/** A calendar date, YYYY-MM-DD, that exists. */
export function checkDate(field: string, value: string): string {
  if (!isCalendarDate(value)) {
    throw badInput(`${field} 须为 YYYY-MM-DD 日期`, `${field} must be a date, YYYY-MM-DD`, { field });
  }
  return value;
}

/**
 * The payload an event carries, checked against what the workflow requires of it (a comment, a reason,
 * a resolution from its list). Fields the event does not take are refused rather than ignored.
 */
export function eventPayload(type: string, spec: EventSpec | undefined, input: ActionInput): Record<string, Json> {
  if (spec === undefined) throw badInput(`未知操作 ${type}`, `Unknown action ${type}`, { field: 'action' });
  const payload: Record<string, Json> = {};
  for (const field of ['comment', 'reason'] as const) {
    const value = input[field];
    const rule = spec[field];
    if (value == null || value.trim() === '') {
      if (rule === 'required') {
        throw badInput(`此操作须填写${field === 'comment' ? '意见' : '理由'}`, `This action requires a ${field}`, { field });
      }
      continue;
    }
    if (rule === undefined) throw badInput(`此操作不接受 ${field}`, `This action takes no ${field}`, { field });
    payload[field] = checkText(field, value, { max: 4000, shape: 'lines' });
  }
  if (spec.resolution !== undefined) {
    if (input.resolution == null || !spec.resolution.includes(input.resolution)) {
      throw badInput('须给出有效的裁决结果', 'A valid resolution is required', { field: 'resolution' });
    }
    payload.resolution = input.resolution;
  }
  return payload;
}
