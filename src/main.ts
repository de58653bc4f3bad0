import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import { developmentKeyRing, loadKeyRing, type KeyRing } from './auth/keys.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { badInput, errorBody, requestTimedOut, serviceUnavailable, type AppError } from './errors.js';
import { seedDirectory } from './directory/seed.js';
import { documentGate } from './graphql/limits.js';
import { createApollo } from './graphql/server.js';
import { createApp } from './http/app.js';
import { Metrics } from './http/metrics.js';
import { currentScope, languageOfUnread } from './http/request-context.js';
import { ensureLocalDatabaseBinary } from './localdb/binary.js';
import { startLocalDatabase, type LocalDatabase } from './localdb/server.js';
import { databaseSocket, privateDirectory, socketAnswers, socketUri } from './localdb/socket.js';
import { CalendarError } from './calendar/calendar.js';
import { projectionRules } from './cases/engine.js';
import { createServices } from './services.js';
import { CommandBudgetExceededError, withCommandBudget, withoutCommandLimit, WorkAbandonedError } from './store/command-budget.js';
import { Database, isDatabaseUnavailable } from './store/database.js';

const schemaPath = new URL('../schema.graphql', import.meta.url);

/**
 * The database: MONGODB_URI's, else the local one of the data directory, on a Unix socket in it (mode 0700, since
 * FerretDB has no authentication) unless LOCAL_DATABASE_TCP asks for a loopback port. A second server of the same
 * data directory finds the first's database answering on the socket and uses it; whichever started it stops it.
 */
async function openDatabase(config: Config, logger: Logger): Promise<{ uri: string; local?: LocalDatabase }> {
  if (config.mongoUri !== undefined) return { uri: config.mongoUri };
  const tcp = config.localDatabaseTcp;
  const socket = tcp === undefined ? await databaseSocket(config.dataDir, config.runtimeDir) : undefined;
  if (socket !== undefined && (await socketAnswers(socket))) {
    logger.info({ socket }, 'using the local database another server of this data directory started');
    return { uri: socketUri(socket) };
  }
  const binary = await ensureLocalDatabaseBinary((message) => logger.info(message));
  const sqliteDir = await privateDirectory(path.join(config.dataDir, 'db'));
  const local = await startLocalDatabase(
    binary,
    { sqliteDir },
    (line) => logger.debug({ localdb: line }, 'local database'),
    socket === undefined ? { tcp: tcp! } : { socket },
  );
  logger.info({ sqliteDir, ...(socket === undefined ? { tcp } : { socket }) }, 'local database started');
  return { uri: local.uri, local };
}

/**
 * What a store's error answers as: the database out of reach; a request past its command budget (in a mutation, only
 * ever in the fields of its answer: the action itself ran without a limit and was done); or one whose answer was
 * given up on (it timed out or its client went away: it stopped at its next batch of reads, a mutation too, whose
 * commit protocol leaves nothing half-done that the projection repair does not complete).
 */
function storeRefusal(error: unknown): AppError | undefined {
  if (isDatabaseUnavailable(error)) return serviceUnavailable();
  if (error instanceof WorkAbandonedError) return requestTimedOut();
  if (error instanceof CommandBudgetExceededError) {
    const limit = String(error.limit);
    if (currentScope().operation.type === 'mutation') {
      return badInput(
        `操作已完成，但所请求的返回字段读取的数据过多（超过 ${limit} 次数据库操作）：请在返回中少选字段，再查询案件`,
        `The action was done, but the fields asked of its answer read too much (more than ${limit} database commands): ask for fewer fields, then read the case`,
        { field: 'query', limit: 'databaseCommands', actionDone: true },
      );
    }
    return badInput(
      `请求读取的数据过多（超过 ${limit} 次数据库操作）：请一次少查几个案件或缩小每页条数`,
      `The request reads too much (more than ${limit} database commands): ask for fewer cases or smaller pages at once`,
      { field: 'query', limit: 'databaseCommands' },
    );
  }
  return undefined;
}

function keyRing(config: Config): Promise<KeyRing> {
  const { keysDir, activeKid } = config.jwt;
  return keysDir === undefined ? developmentKeyRing(config.dataDir) : loadKeyRing(keysDir, activeKid);
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

/**
 * /metrics on a listener of its own (METRICS_HOST, METRICS_PORT; loopback by default), as Prometheus deployments
 * expect: the API's port is for users, and what the process counts (denials, round trips) is the operator's. A
 * port already taken (a second server on one machine) leaves this process without one, which is logged.
 */
async function serveMetrics(config: Config, metrics: Metrics, logger: Logger): Promise<Server | undefined> {
  const { host, port } = config.metrics;
  if (port === undefined) return undefined;
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metrics.text().then(
      (text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      (error: unknown) => {
        logger.error({ err: error }, 'metrics failed');
        res.writeHead(500).end();
      },
    );
  });
  try {
    logger.info({ host, port: await listen(server, host, port) }, 'metrics listening');
    return server;
  } catch (error) {
    logger.warn({ err: error, host, port }, 'metrics not served: the address is taken');
    return undefined;
  }
}

/**
 * Runs `task` every `ms` in the background, never two runs at once: on a slow database a run that outlasts its
 * period is not joined by the next (a pile of them would only slow the database further). Each run that ends is
 * counted by its outcome (`twincity_background_runs_total`); a run the database's absence stopped is a warning,
 * not an error: the next one, once it is back, does the work.
 */
function every(ms: number, name: string, task: () => Promise<void>, { logger, metrics }: { logger: Logger; metrics: Metrics }): NodeJS.Timeout {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    task()
      .then(
        () => metrics.backgroundRun(name, 'done'),
        (error: unknown) => {
          const unavailable = isDatabaseUnavailable(error);
          metrics.backgroundRun(name, unavailable ? 'database unavailable' : 'failed');
          if (unavailable) logger.warn({ task: name, err: error }, 'background task stopped: database unavailable');
          else logger.error({ task: name, err: error }, 'background task failed');
        },
      )
      .finally(() => {
        running = false;
      });
  }, ms);
  timer.unref();
  return timer;
}

/** Composition root: config → keys → database → services → HTTP; stops in the reverse order. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel, base: { service: 'twincity-policy' } });
  // The data directory holds the local database and development keys: it is this user's alone, or the server stops
  // before writing anything into it.
  if (config.mongoUri === undefined || config.jwt.keysDir === undefined) await privateDirectory(config.dataDir);
  const keys = await keyRing(config);
  const { uri, local } = await openDatabase(config, logger);
  const metrics = new Metrics();
  const database = await Database.connect(uri, config.mongoDb, {
    onCommand: (event) => metrics.databaseCommand(event.commandName),
    onReachable: (reachable, error) => (reachable ? logger.info('database reachable') : logger.warn({ err: error }, 'database unreachable')),
    onReplaced: () => logger.warn('database client replaced: its server monitor had stopped'),
    timeoutMs: config.databaseTimeoutMs,
  });
  await database.prepareIndexes();

  const services = await createServices(config, logger, metrics, keys, database);
  await seedDirectory(services.directoryStore, services.directory, { enabled: config.seedDemo, password: config.demoPassword });
  // Users given roles before the separation of duties was enforced keep them until an administrator changes them.
  for (const { username, problem } of await services.directory.roleConflicts()) logger.warn({ username, problem }, 'user roles break the separation of duties');
  const { engine, checkpoints } = services;
  // A database written before the history feed existed gets its feed first: the repair reads it.
  const fed = await engine.startFeed();
  if (fed > 0) logger.info({ entries: fed }, 'history feed started from the entries already recorded');
  // Projections a crashed process left behind its last committed event are rolled forward before serving.
  const repaired = await engine.repairProjections();
  if (repaired > 0) logger.warn({ repaired }, 'rolled case projections forward');
  // Projections derived by an earlier version's rules are derived again, once, from their newest events.
  const upgraded = await engine.upgradeProjections();
  if (upgraded > 0) logger.info({ upgraded, rules: projectionRules }, 'case projections derived by the current rules');
  // Checkpoints whose heads are not yet recorded per case (an earlier version's, or one whose server stopped) are.
  await checkpoints.recordAll();
  const background = { logger, metrics };
  const repairTimer =
    config.repairIntervalSeconds === 0
      ? undefined
      : every(config.repairIntervalSeconds * 1000, 'projection repair', () => engine.repairProjections().then(() => undefined), background);
  // Deadlines are data: every server looks for those that have come; each fires once, whoever gets there first.
  const deadlineTimer =
    config.deadlinePollSeconds === 0
      ? undefined
      : every(
          config.deadlinePollSeconds * 1000,
          'deadlines',
          async () => {
            const due = await engine.fireDueDeadlines();
            if (due > 0) logger.info({ due }, 'deadlines due, fired once across servers');
          },
          background,
        );
  const checkpointMs = config.checkpoints.intervalMinutes * 60_000;
  const checkpointTimer =
    checkpointMs === 0
      ? undefined
      : every(
          Math.min(checkpointMs, 60_000),
          'checkpoints',
          async () => {
            const made = await checkpoints.createIfDue(checkpointMs);
            if (made !== undefined) logger.info({ checkpoint: made.number, treeSize: made.treeSize }, 'checkpoint signed');
          },
          background,
        );

  const httpServer = createServer();
  // A request Node's HTTP parser cannot read (a wrong Content-Length, a broken header) is answered in JSON too.
  // Headers past Node's limit (an oversized token) are 431, as Node answers them, in the language they asked for.
  httpServer.on('clientError', (error: Error & { code?: string; rawPacket?: Buffer }, socket) => {
    if (!socket.writable) return;
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const refusal = tooLarge ? badInput('请求头过大', 'The request headers are too large') : badInput('请求格式错误', 'Malformed HTTP request');
    const body = JSON.stringify(errorBody(refusal, languageOfUnread(error.rawPacket), 'none'));
    socket.end(
      `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  const typeDefs = await readFile(schemaPath, 'utf8');
  const apollo = createApollo(config, logger, metrics, typeDefs, httpServer, storeRefusal, withoutCommandLimit);
  const gate = documentGate(typeDefs, config.limits.tokens, config.limits.query);
  await apollo.start();
  const metered = <T>(work: () => T, abandoned: AbortSignal): T => withCommandBudget(config.limits.query.databaseCommands, work, abandoned);
  const app = createApp({ config, gate, logger, services, apollo, ready: () => database.ping(2000), metrics, storeRefusal, metered });
  httpServer.on('request', app);
  const metricsServer = await serveMetrics(config, metrics, logger);
  const port = await listen(httpServer, config.host, config.port);
  logger.info({ host: config.host, port, env: config.env, keyId: keys.active.kid }, 'listening');

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    // The drain plugin stops accepting connections and waits for requests in flight.
    clearInterval(repairTimer);
    clearInterval(checkpointTimer);
    clearInterval(deadlineTimer);
    await apollo.stop();
    metricsServer?.close();
    await database.close();
    await local?.stop();
    logger.info('stopped');
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      const timer = setTimeout(() => {
        logger.error('shutdown took too long; exiting');
        process.exit(1);
      }, config.shutdownTimeoutMs + 5000);
      shutdown(signal).then(
        () => {
          clearTimeout(timer);
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError || error instanceof CalendarError || !(error instanceof Error) ? String(error) : (error.stack ?? error.message);
  process.stderr.write(`twincity-policy could not start: ${message}\n`);
  process.exit(1);
});
