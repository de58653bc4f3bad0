import type { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Viewer } from '../directory/model.js';
import type { DirectoryService } from '../directory/service.js';
import { AppError, badInput, errorBody, internalError, notFound, rateLimited, requestTimedOut, unauthenticated } from '../errors.js';
import type { GraphQLContext, Services } from '../graphql/context.js';
import type { Metrics } from './metrics.js';
import { RateLimiter } from './rate-limit.js';
import { currentScope, languageFrom, requestIdFrom, runInRequestScope, type RequestScope } from './request-context.js';
import { recordDenial } from './security-log.js';

export interface AppDeps {
  config: Config;
  /** Refuses a GraphQL request beyond the query limits before GraphQL sees it (see graphql/limits.ts). */
  gate: (query: unknown, variables: unknown) => void;
  logger: Logger;
  services: Services;
  apollo: ApolloServer<GraphQLContext>;
  ready: () => Promise<boolean>;
  metrics: Metrics;
  /**
   * What a store's error answers as, the store deciding (the composition root wires it): SERVICE_UNAVAILABLE for the
   * database out of reach, BAD_USER_INPUT for a request past its command budget; undefined for anything else (a bug).
   */
  storeRefusal: (error: unknown) => AppError | undefined;
  /**
   * Runs a GraphQL request within its budget of database commands (`GRAPHQL_MAX_DATABASE_COMMANDS`), until
   * `abandoned` says nobody waits for its answer any more.
   */
  metered: <T>(work: () => T, abandoned: AbortSignal) => T;
}

interface Locals {
  viewer?: Viewer;
  /** Aborted once the request's answer is given up on: it timed out, or its client went away before it. */
  abandoned?: AbortSignal;
}

/**
 * Answers a request that has not been answered after `ms` with SERVICE_UNAVAILABLE (503), and logs it as timed
 * out: no client waits for ever. What the request was doing goes on (a change may still commit: the answer tells
 * the client to retry with the same idempotency key to learn its outcome), and its late answer is dropped; reads
 * that fan out stop at their next batch (`abandoned`, src/store/command-budget.ts). The
 * MongoDB driver (7.9) can leave an operation waiting for ever: a command too large for the socket's buffer waits
 * for the socket to drain, and a connection the database closes meanwhile is destroyed without waking it.
 */
const deadline =
  (ms: number, logger: Logger): RequestHandler =>
  (_req, res, next) => {
    const { requestId, language } = currentScope();
    const abandon = new AbortController();
    (res.locals as Locals).abandoned = abandon.signal;
    const timer = setTimeout(() => {
      abandon.abort();
      if (res.headersSent) return;
      logger.warn({ requestId, ms }, 'request timed out');
      res
        .status(503)
        .type('application/json')
        .send(JSON.stringify(errorBody(requestTimedOut(), language, requestId)));
    }, ms);
    res.once('close', () => {
      clearTimeout(timer);
      if (!res.writableFinished) abandon.abort();
    });
    next();
  };

/** Paths named in metrics; anything else counts as one, so that probes of random paths cannot grow the label set. */
const meteredPaths = new Set(['/graphql', '/healthz', '/readyz']);

const requestScope =
  (logger: Logger, metrics: Metrics): RequestHandler =>
  (req, res, next) => {
    const scope: RequestScope = {
      requestId: requestIdFrom(req.get('x-request-id')),
      language: languageFrom(req.get('accept-language')),
      client: req.ip ?? 'unknown',
      credentials: req.get('authorization') !== undefined,
      operation: {},
    };
    res.setHeader('X-Request-Id', scope.requestId);
    const started = process.hrtime.bigint();
    logger.debug({ requestId: scope.requestId, method: req.method }, 'request received');
    res.on('finish', () => {
      const viewer = (res.locals as Locals).viewer;
      const path = req.originalUrl.split('?')[0] ?? '';
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      metrics.request(meteredPaths.has(path) ? path : 'other', res.statusCode, ms / 1000);
      logger.info({ requestId: scope.requestId, method: req.method, path, status: res.statusCode, ms, user: viewer?.username }, 'request');
    });
    runInRequestScope(scope, next);
  };

/** A bearer token, when present, must be valid: a bad one is refused before any GraphQL runs. */
const authenticate =
  (directory: DirectoryService): RequestHandler =>
  async (req, res, next) => {
    const header = req.get('authorization');
    if (header !== undefined) {
      const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(header);
      if (match?.[1] === undefined) throw unauthenticated('令牌无效或已过期，请重新登录', 'Invalid or expired token: sign in again');
      const viewer = await directory.viewerFor(match[1]);
      (res.locals as Locals).viewer = viewer;
      currentScope().user = viewer.username;
    }
    next();
  };

const rateLimit =
  (limiter: RateLimiter): RequestHandler =>
  (req, res, next) => {
    const viewer = (res.locals as Locals).viewer;
    const verdict = limiter.take(viewer === undefined ? `ip:${req.ip ?? 'unknown'}` : `user:${viewer.userId}`);
    if (!verdict.allowed) {
      res.setHeader('Retry-After', String(verdict.retryAfterSeconds));
      throw rateLimited('请求过于频繁，请稍后再试', 'Too many requests: try again later', {
        retryAfterSeconds: verdict.retryAfterSeconds,
      });
    }
    next();
  };

/** The query limits, on what a POST body or a GET query string carries (GET variables are JSON text). */
const queryLimits =
  (gate: AppDeps['gate']): RequestHandler =>
  (req, _res, next) => {
    if (req.method === 'GET') {
      const { query, variables } = req.query as Record<string, unknown>;
      let parsed: unknown;
      try {
        parsed = typeof variables === 'string' ? JSON.parse(variables) : undefined;
      } catch {
        parsed = undefined;
      }
      gate(query, parsed);
    } else {
      const body = req.body as { query?: unknown; variables?: unknown } | undefined;
      gate(body?.query, body?.variables);
    }
    next();
  };

/** Everything that fails outside GraphQL execution is still answered as a GraphQL-style JSON error. */
const answerErrors =
  (logger: Logger, metrics: Metrics, storeRefusal: (error: unknown) => AppError | undefined): ErrorRequestHandler =>
  (error: unknown, _req, res, _next) => {
    const { requestId, language } = currentScope();
    // Answered already (by the deadline): what failed since is the late answer of a request given up on.
    if (res.headersSent) {
      logger.debug({ err: error, requestId }, 'late answer dropped');
      return;
    }
    const known = toAppError(error, storeRefusal);
    const appError = known ?? internalError(requestId);
    if (known === undefined) logger.error({ err: error, requestId }, 'unexpected error');
    else if (appError.code === 'SERVICE_UNAVAILABLE') logger.warn({ requestId, code: appError.code }, 'request refused');
    recordDenial(logger, metrics, appError.code);
    const status = (error as { status?: number }).status ?? appError.httpStatus;
    res
      .status(status)
      .type('application/json')
      .send(JSON.stringify(errorBody(appError, language, requestId)));
  };

function toAppError(error: unknown, storeRefusal: (error: unknown) => AppError | undefined): AppError | undefined {
  if (error instanceof AppError) return error;
  const refused = storeRefusal(error);
  if (refused !== undefined) return refused;
  switch ((error as { type?: string }).type) {
    case 'entity.parse.failed':
      return badInput('请求体不是有效的 JSON', 'The request body is not valid JSON');
    case 'entity.too.large':
      return badInput('请求体过大', 'The request body is too large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return badInput('不支持的请求编码', 'Unsupported request encoding');
    default:
      // Any other body the client sent that could not be read (a corrupt gzip stream, an aborted upload): the
      // body parser marks such errors as the client's (`expose`, a 4xx status).
      return isClientError(error) ? badInput('请求体无法读取', 'The request body could not be read') : undefined;
  }
}

const isClientError = (error: unknown): boolean => {
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return expose === true && typeof status === 'number' && status >= 400 && status < 500;
};

export function createApp({ config, gate, logger, services, apollo, ready, metrics, storeRefusal, metered }: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requestScope(logger, metrics));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ok = await ready();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'database unavailable' });
  });

  app.use(
    '/graphql',
    deadline(config.requestTimeoutMs, logger),
    express.json({ limit: config.limits.bodyBytes }),
    authenticate(services.directory),
    rateLimit(new RateLimiter(config.limits.ratePerMinute, config.limits.rateBurst)),
    queryLimits(gate),
    (_req, res, next) => metered(next, (res.locals as Locals).abandoned ?? new AbortController().signal),
    expressMiddleware(apollo, {
      context: ({ res }) => Promise.resolve({ services, viewer: (res.locals as Locals).viewer, reads: new Map() }),
    }),
  );

  app.use(() => {
    throw notFound('找不到该地址', 'No such endpoint');
  });
  app.use(answerErrors(logger, metrics, storeRefusal));
  return app;
}
