import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { GraphQLContext } from './context.js';
import { createFormatError } from './format-error.js';
import { operationChecks, runnableDocument } from './operations.js';
import { resolvers } from './resolvers/index.js';

export function createApollo(config: Config, logger: Logger, typeDefs: string, httpServer: Server): ApolloServer<GraphQLContext> {
  return new ApolloServer<GraphQLContext>({
    typeDefs,
    resolvers,
    formatError: createFormatError(logger),
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
    // Each error is formatted and logged: a document that is wrong everywhere is told its first ten mistakes.
    validationOptions: { maxErrors: 10 },
    validationRules: [runnableDocument],
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs }),
      ApolloServerPluginLandingPageDisabled(),
      operationChecks,
    ],
  });
}
