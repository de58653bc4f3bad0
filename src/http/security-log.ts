import type { Logger } from 'pino';
import type { ErrorCode } from '../errors.js';
import type { Metrics } from './metrics.js';
import { currentScope } from './request-context.js';

/** What a denied attempt was, for the security log and the denial counter. */
export type DenialEvent = 'sign-in failed' | 'bad token' | 'forbidden' | 'not found' | 'rate limited';

function eventOf(code: ErrorCode, operation: { name?: string; type?: string; field?: string }): DenialEvent | undefined {
  switch (code) {
    case 'UNAUTHENTICATED':
      return operation.field === 'login' ? 'sign-in failed' : 'bad token';
    case 'FORBIDDEN':
      return 'forbidden';
    case 'RATE_LIMITED':
      return 'rate limited';
    // A query for what does not exist is ordinary; a change aimed at it is an attempt worth seeing.
    case 'NOT_FOUND':
      return operation.type === 'mutation' ? 'not found' : undefined;
    default:
      return undefined;
  }
}

/**
 * Records a denied attempt (DESIGN §9: "a denied attempt is logged"): one structured line at warn level, `msg`
 * "denied", with the event, the user (signed in, or the name a sign-in tried), the client's address, the
 * operation, the code and the request id, and one count on `twincity_denials_total{event}`. Answers nothing to
 * codes that are no denial.
 */
export function recordDenial(logger: Logger, metrics: Metrics, code: ErrorCode): void {
  const { requestId, client, user, operation } = currentScope();
  const event = eventOf(code, operation);
  if (event === undefined) return;
  metrics.denial(event);
  logger.warn({ security: true, event, user, client, operation: operation.name ?? operation.field, operationType: operation.type, code, requestId }, 'denied');
}
