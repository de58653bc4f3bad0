import type { Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { Kind, OperationTypeNode, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { badInput, type AppError } from '../errors.js';
import type { Metrics } from '../http/metrics.js';
import { currentScope } from '../http/request-context.js';
import type { GraphQLContext } from './context.js';
import { createFormatError } from './format-error.js';
import { operationChecks, runnableDocument } from './operations.js';
import { resolvers } from './resolvers/index.js';

/**
 * A request refused for its rate (a locked account's sign-in) is answered as the HTTP layer answers one: 429 with
 * Retry-After, which clients honour (src/cli/rate-limit.ts).
 */
const rateLimitedStatus: ApolloServerPlugin<GraphQLContext> = {
  requestDidStart: () =>
    Promise.resolve({
      willSendResponse: ({ response }) => {
        const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
        const limited = errors.find((error) => error.extensions?.code === 'RATE_LIMITED');
        if (limited !== undefined) {
          response.http.status = 429;
          const seconds = limited.extensions?.retryAfterSeconds;
          response.http.headers.set('retry-after', String(typeof seconds === 'number' ? seconds : 1));
        }
        return Promise.resolve();
      },
    }),
};

/** The operation a request runs, in its scope, for the denial log (security-log.ts). */
const operationInScope: ApolloServerPlugin<GraphQLContext> = {
  requestDidStart: () =>
    Promise.resolve({
      didResolveOperation: ({ operation, operationName }) => {
        const first = operation?.selectionSet.selections[0];
        currentScope().operation = {
          name: operationName ?? undefined,
          type: operation?.operation,
          field: first?.kind === Kind.FIELD ? first.name.value : undefined,
        };
        return Promise.resolve();
      },
    }),
};

/**
 * Whether `value` written as JSON takes more than `limit` bytes (UTF-8): counted as it would be written, and stopped
 * as soon as it is over, so that an answer too large to send is never written out whole to find it so.
 */
export function jsonBytesOver(value: unknown, limit: number): boolean {
  let bytes = 0;
  const add = (count: number): boolean => (bytes += count) > limit;
  const walk = (item: unknown): boolean => {
    if (item === null || typeof item !== 'object') return add(Buffer.byteLength(JSON.stringify(item) ?? 'null'));
    if (typeof (item as { toJSON?: unknown }).toJSON === 'function') return walk((item as { toJSON: () => unknown }).toJSON());
    if (Array.isArray(item)) return add(2) || item.some((element, index) => (index > 0 && add(1)) || walk(element ?? null));
    const members = Object.entries(item).filter(([, member]) => member !== undefined);
    return add(2) || members.some(([key, member], index) => (index > 0 && add(1)) || add(Buffer.byteLength(JSON.stringify(key)) + 1) || walk(member));
  };
  return walk(value);
}

/**
 * No answer of more than `maxBytes` of JSON (GRAPHQL_MAX_RESPONSE_BYTES): past it, the answer is BAD_USER_INPUT
 * naming the limit (`limit: 'responseBytes'`) and, in a mutation, saying that the action was done. It bounds what
 * no document's cost or page size tells, such as long texts asked under many aliases, which would otherwise end in
 * an answer too large to write (HTTP 500) after the server had built it.
 */
function responseSizeLimit(
  maxBytes: number,
  format: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
): ApolloServerPlugin<GraphQLContext> {
  const size = `${String(Math.floor(maxBytes / 1024))} KiB`;
  return {
    requestDidStart: () =>
      Promise.resolve({
        willSendResponse: ({ response, operation }) => {
          if (response.body.kind !== 'single' || !jsonBytesOver(response.body.singleResult, maxBytes)) return Promise.resolve();
          const refusal =
            operation?.operation === OperationTypeNode.MUTATION
              ? badInput(
                  `操作已完成，但返回内容超过 ${size}：请在返回中少选字段，再查询案件`,
                  `The action was done, but its answer is larger than ${size}: ask for fewer fields, then read the case`,
                  { field: 'query', limit: 'responseBytes', maxResponseBytes: maxBytes, actionDone: true },
                )
              : badInput(
                  `返回内容超过 ${size}：请一次少查几项或缩小每页条数`,
                  `The answer is larger than ${size}: ask for fewer fields or smaller pages at once`,
                  { field: 'query', limit: 'responseBytes', maxResponseBytes: maxBytes },
                );
          response.body.singleResult = { errors: [format({ message: refusal.message }, refusal)] };
          return Promise.resolve();
        },
      }),
  };
}

/**
 * The resolvers, each mutation's own work run by `unmetered`: without a limit on its database commands, so that an
 * action is never stopped half-way by what the request asked before it; the fields of its answer are read within it.
 */
function withUnmeteredMutations(unmetered: <T>(work: () => T) => T): typeof resolvers {
  type Resolve = (...args: unknown[]) => unknown;
  const mutations = Object.entries(resolvers.Mutation ?? {}).map(([name, resolve]) => [
    name,
    (...args: unknown[]) => unmetered(() => (resolve as Resolve)(...args)),
  ]);
  return { ...resolvers, Mutation: Object.fromEntries(mutations) as typeof resolvers.Mutation };
}

/** `storeRefusal`: what a store's error answers as (see `createFormatError`); `unmetered`: see `withUnmeteredMutations`. */
export function createApollo(
  config: Config,
  logger: Logger,
  metrics: Metrics,
  typeDefs: string,
  httpServer: Server,
  storeRefusal: (error: unknown) => AppError | undefined,
  unmetered: <T>(work: () => T) => T,
): ApolloServer<GraphQLContext> {
  const formatError = createFormatError(logger, metrics, storeRefusal);
  return new ApolloServer<GraphQLContext>({
    typeDefs,
    resolvers: withUnmeteredMutations(unmetered),
    formatError,
    // Apollo passes "did you mean …" suggestions to clients unless told not to: they leak the schema.
    hideSchemaDetailsFromClientErrors: true,
    includeStacktraceInErrorResponses: false,
    introspection: config.limits.introspection,
    persistedQueries: false,
    csrfPrevention: true,
    // Apollo would otherwise stop itself on SIGTERM and re-raise the signal, killing the process before
    // main.ts has closed the database; the composition root owns shutdown.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: config.limits.tokens },
    // Each error is formatted and logged: a document or variables wrong everywhere are told their first ten mistakes.
    validationOptions: { maxErrors: 10 },
    executionOptions: { maxCoercionErrors: 10 },
    validationRules: [runnableDocument],
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs }),
      ApolloServerPluginLandingPageDisabled(),
      operationChecks,
      rateLimitedStatus,
      operationInScope,
      responseSizeLimit(config.limits.query.responseBytes, formatError),
    ],
  });
}
