import type { Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { Kind } from 'graphql';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { AppError } from '../errors.js';
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
 * The resolvers, each mutation's own work run by `unmetered`: outside the request's database command budget, so that
 * an action is never stopped half-way by what the request asked before it; the fields of its answer are read within it.
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
  return new ApolloServer<GraphQLContext>({
    typeDefs,
    resolvers: withUnmeteredMutations(unmetered),
    formatError: createFormatError(logger, metrics, storeRefusal),
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
    ],
  });
}
