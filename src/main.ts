import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import { BundleExporter } from './audit/bundle.js';
import { CheckpointService, loadCheckpointKey } from './audit/checkpoints.js';
import { HistorySearch } from './audit/history.js';
import { CaseVerifier } from './audit/verify.js';
import { developmentKeyRing, loadKeyRing, type KeyRing } from './auth/keys.js';
import { TokenService } from './auth/tokens.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { seedDirectory } from './directory/seed.js';
import { DirectoryService } from './directory/service.js';
import { createApollo } from './graphql/server.js';
import { createApp } from './http/app.js';
import { ensureLocalDatabaseBinary } from './localdb/binary.js';
import { startLocalDatabase, type LocalDatabase } from './localdb/server.js';
import { AlignmentService } from './cases/alignments.js';
import { CaseEngine } from './cases/engine.js';
import { ProjectService } from './cases/projects.js';
import { CaseService } from './cases/proposals.js';
import { CalendarError, CalendarFile } from './calendar/calendar.js';
import { CaseReader } from './cases/reads.js';
import { KeyService } from './signing/keys.js';
import { SigningService } from './signing/signing.js';
import { CaseStore } from './store/case-store.js';
import { CheckpointStore } from './store/checkpoint-store.js';
import { Database } from './store/database.js';
import { DirectoryStore } from './store/directory-store.js';

const schemaPath = new URL('../schema.graphql', import.meta.url);

async function openDatabase(config: Config, logger: Logger): Promise<{ uri: string; local?: LocalDatabase }> {
  if (config.mongoUri !== undefined) return { uri: config.mongoUri };
  const binary = await ensureLocalDatabaseBinary((message) => logger.info(message));
  const sqliteDir = path.join(config.dataDir, 'db');
  const local = await startLocalDatabase(binary, { sqliteDir }, (line) => logger.debug({ localdb: line }, 'local database'));
  logger.info({ sqliteDir }, 'local database started');
  return { uri: local.uri, local };
}

function keyRing(config: Config): Promise<KeyRing> {
  const { keysDir, activeKid } = config.jwt;
  return keysDir === undefined ? developmentKeyRing(config.dataDir) : loadKeyRing(keysDir, activeKid);
}

function listen(server: Server, config: Config): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : config.port);
    });
  });
}

/** Composition root: config → keys → database → services → HTTP; stops in the reverse order. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel, base: { service: 'twincity-policy' } });
  const keys = await keyRing(config);
  const { uri, local } = await openDatabase(config, logger);
  const database = await Database.connect(uri, config.mongoDb);
  await database.prepareIndexes();

  const store = new DirectoryStore(database);
  const directory = new DirectoryService(store, new TokenService(keys, config.jwt));
  await seedDirectory(store, directory, { enabled: config.seedDemo, password: config.demoPassword });
  const caseStore = new CaseStore(database);
  const engine = new CaseEngine(caseStore);
  const checkpoints = new CheckpointService(new CheckpointStore(database), caseStore, engine, await loadCheckpointKey(config.checkpoints.keyFile, config.dataDir));
  const reader = new CaseReader(engine, caseStore);
  const calendar = new CalendarFile(config.calendarFile, (error) => logger.error({ err: error, file: config.calendarFile }, 'calendar update refused; the previous calendar stays'));
  const cases = new CaseService(engine, caseStore, directory);
  const services = {
    directory,
    engine,
    cases,
    reader,
    keys: new KeyService(caseStore),
    signing: new SigningService(engine, caseStore),
    history: new HistorySearch(caseStore),
    verifier: new CaseVerifier(caseStore, checkpoints),
    checkpoints,
    bundles: new BundleExporter(engine, reader, caseStore, checkpoints),
    alignments: new AlignmentService(engine, caseStore, directory),
    projects: new ProjectService(engine, cases, caseStore, directory, () => calendar.current()),
  };
  // Projections a crashed process left behind its last committed event are rolled forward before serving.
  const repaired = await engine.repairProjections();
  if (repaired > 0) logger.warn({ repaired }, 'rolled case projections forward');
  const repairTimer = setInterval(() => {
    engine.repairProjections().catch((error: unknown) => logger.error({ err: error }, 'projection repair failed'));
  }, 30_000);
  repairTimer.unref();
  // Deadlines are data: every server looks for those that have come; each fires once, whoever gets there first.
  const deadlineTimer =
    config.deadlinePollSeconds === 0
      ? undefined
      : setInterval(() => {
          engine.fireDueDeadlines().then(
            (due) => due > 0 && logger.info({ due }, 'deadlines due, fired once across servers'),
            (error: unknown) => logger.error({ err: error }, 'deadline scheduler failed'),
          );
        }, config.deadlinePollSeconds * 1000);
  deadlineTimer?.unref();
  const checkpointMs = config.checkpoints.intervalMinutes * 60_000;
  const checkpointTimer =
    checkpointMs === 0
      ? undefined
      : setInterval(() => {
          checkpoints.createIfDue(checkpointMs).then(
            (made) => made !== undefined && logger.info({ checkpoint: made.number, treeSize: made.treeSize }, 'checkpoint signed'),
            (error: unknown) => logger.error({ err: error }, 'checkpoint failed'),
          );
        }, Math.min(checkpointMs, 60_000));
  checkpointTimer?.unref();

  const httpServer = createServer();
  const apollo = createApollo(config, logger, await readFile(schemaPath, 'utf8'), httpServer);
  await apollo.start();
  const app = createApp({ config, logger, services, apollo, ready: () => database.ping(2000) });
  httpServer.on('request', app);
  const port = await listen(httpServer, config);
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
