import type { Logger } from 'pino';
import type { ErrorCode } from '../errors.js';
import type { Metrics } from './metrics.js';
import { currentScope } from './request-context.js';

/** What a denied attempt was, for the security log and the denial counter. */
export type DenialEvent = 'sign-in failed' | 'bad token' | 'not signed in' | 'forbidden' | 'not found' | 'rate limited';

function eventOf(code: ErrorCode, field: string | undefined, operation: { type?: string }, credentials: boolean): DenialEvent | undefined {
  switch (code) {
    case 'UNAUTHENTICATED':
      return field === 'login' ? 'sign-in failed' : credentials ? 'bad token' : 'not signed in';
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

/** What a client wrote (a name it tried, the name of its operation), no longer than a log line needs. */
const clipped = (text: string | undefined): string | undefined => (text === undefined || text.length <= 100 ? text : `${text.slice(0, 100)}…`);

/**
 * Records a denied attempt (DESIGN §9: "a denied attempt is logged"): one structured line at warn level, `msg`
 * "denied", with the event, the user (signed in, or the name a sign-in tried), the client's address, the field
 * refused (`field`: what ran, whatever the client named its operation), the operation's type and the name the
 * client gave it, the code and the request id, and one count on `twincity_denials_total{event}`. Names a client
 * wrote are cut at 100 characters. Answers nothing to codes that are no denial.
 */
export function recordDenial(logger: Logger, metrics: Metrics, code: ErrorCode, refusedField?: string): void {
  const { requestId, client, user, operation, credentials } = currentScope();
  const field = refusedField ?? operation.field;
  const event = eventOf(code, field, operation, credentials);
  if (event === undefined) return;
  metrics.denial(event);
  logger.warn(
    { security: true, event, user: clipped(user), client, field, operationType: operation.type, operationName: clipped(operation.name), code, requestId },
    'denied',
  );
}
