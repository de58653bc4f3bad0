/** The stable error codes of the API (DESIGN §8); clients branch on these, never on messages. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'INVALID_TRANSITION'
  | 'VERSION_CONFLICT'
  | 'SIGNATURE_INVALID'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

export interface Messages {
  zh: string;
  en: string;
}

export type Language = keyof Messages;

const httpStatus: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  INVALID_TRANSITION: 409,
  VERSION_CONFLICT: 409,
  SIGNATURE_INVALID: 400,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

/** Every failure the application expects; anything else is a bug and is masked before it reaches a client. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly messages: Messages,
    readonly details?: Record<string, string | number | boolean>,
  ) {
    super(messages.en);
    this.name = 'AppError';
  }

  get httpStatus(): number {
    return httpStatus[this.code];
  }
}

const make =
  (code: ErrorCode) =>
  (zh: string, en: string, details?: Record<string, string | number | boolean>): AppError =>
    new AppError(code, { zh, en }, details);

export const unauthenticated = make('UNAUTHENTICATED');
export const forbidden = make('FORBIDDEN');
export const notFound = make('NOT_FOUND');
export const badInput = make('BAD_USER_INPUT');
export const rateLimited = make('RATE_LIMITED');
export const signatureInvalid = make('SIGNATURE_INVALID');

/**
 * The database did not answer. A change sent meanwhile may or may not have been recorded: the client learns
 * which by sending it again with the same idempotency key once the service is back.
 */
export const serviceUnavailable = (): AppError =>
  new AppError('SERVICE_UNAVAILABLE', {
    zh: '数据库暂时不可用，请稍后重试；修改请求请使用同一幂等键重试以确认结果',
    en: 'The database is unavailable: try again shortly; retry a change with the same idempotency key to learn its outcome',
  });

/**
 * The request was not finished within REQUEST_TIMEOUT_MS. As with `serviceUnavailable`, a change sent may or may
 * not have been recorded, and the same idempotency key tells which.
 */
export const requestTimedOut = (): AppError =>
  new AppError('SERVICE_UNAVAILABLE', {
    zh: '服务器未能在时限内完成请求，请稍后重试；修改请求请使用同一幂等键重试以确认结果',
    en: 'The server could not finish the request in time: try again shortly; retry a change with the same idempotency key to learn its outcome',
  });

export const internalError = (requestId: string): AppError =>
  new AppError('INTERNAL_SERVER_ERROR', {
    zh: `服务器内部错误（请求编号 ${requestId}）`,
    en: `Internal server error (request id ${requestId})`,
  });

/** The JSON body of a GraphQL response that failed before execution (HTTP-level refusals). */
export function errorBody(error: AppError, language: Language, requestId: string) {
  return {
    errors: [
      {
        message: error.messages[language],
        extensions: { code: error.code, messages: error.messages, requestId, ...error.details },
      },
    ],
  };
}
