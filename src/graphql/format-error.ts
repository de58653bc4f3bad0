import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { AppError, internalError } from '../errors.js';
import type { Metrics } from '../http/metrics.js';
import { currentScope } from '../http/request-context.js';
import { recordDenial } from '../http/security-log.js';

/** Apollo's codes for requests the client got wrong; their messages describe the request, not the server. */
const requestErrorCodes = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_NOT_FOUND',
]);

/** graphql-js stops coercing variables after `maxCoercionErrors` and says so, without a code: the client's mistake. */
const tooManyVariableErrors = /^Too many errors processing variables/;

const maxMessageLength = 500;
const truncated = (text: string): string => ([...text].length <= maxMessageLength ? text : `${[...text].slice(0, maxMessageLength).join('')}…`);

/**
 * The one place errors meet the transport: application errors keep their stable code and both languages,
 * request errors become BAD_USER_INPUT, and everything else is masked and logged under the request id.
 */
export const createFormatError =
  (logger: Logger, metrics: Metrics, storeRefusal: (error: unknown) => AppError | undefined) =>
  (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const { requestId, language } = currentScope();
    const unwrapped = unwrapResolverError(error);
    // A refusal found before execution (operations.ts) comes wrapped in the GraphQLError that carried it.
    const original = unwrapped instanceof GraphQLError && unwrapped.originalError instanceof AppError ? unwrapped.originalError : unwrapped;
    const where = { ...(formatted.locations && { locations: formatted.locations }), ...(formatted.path && { path: formatted.path }) };
    const shape = ({ code, messages, details }: AppError): GraphQLFormattedError => ({
      message: messages[language],
      ...where,
      extensions: { code, messages, requestId, ...details },
    });

    if (original instanceof AppError) {
      recordDenial(logger, metrics, original.code, typeof formatted.path?.[0] === 'string' ? formatted.path[0] : undefined);
      return shape(original);
    }
    const refused = storeRefusal(original);
    if (refused !== undefined) {
      if (refused.code === 'SERVICE_UNAVAILABLE') logger.warn({ err: original, requestId }, 'database unavailable');
      else recordDenial(logger, metrics, refused.code, typeof formatted.path?.[0] === 'string' ? formatted.path[0] : undefined);
      return shape(refused);
    }
    const code = formatted.extensions?.code;
    if ((typeof code === 'string' && requestErrorCodes.has(code)) || tooManyVariableErrors.test(formatted.message)) {
      // graphql-js suggests names ("Did you mean the enum value …?") in variable errors too, which Apollo's
      // hideSchemaDetailsFromClientErrors leaves alone: they would tell the schema. Its messages quote the value
      // sent, whatever its size: a message says what is wrong in its first few hundred characters.
      const message = truncated(formatted.message.replace(/\s*Did you mean [^?]*\?/g, ''));
      return shape(new AppError('BAD_USER_INPUT', { zh: `请求无效：${message}`, en: `Invalid request: ${message}` }));
    }
    logger.error({ err: original, requestId, path: formatted.path }, 'unexpected error in GraphQL execution');
    return shape(internalError(requestId));
  };
