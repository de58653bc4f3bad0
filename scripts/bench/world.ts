import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { execute, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { MongoClient, type CommandStartedEvent, type Db } from 'mongodb';
import pg from 'pg';
import { pino } from 'pino';
import { loadKeyRing } from '../../src/auth/keys.js';
import { loadConfig } from '../../src/config.js';
import type { Viewer } from '../../src/directory/model.js';
import type { Services } from '../../src/graphql/context.js';
import { resolvers } from '../../src/graphql/resolvers/index.js';
import { Metrics } from '../../src/http/metrics.js';
import { ensureLocalDatabaseBinary } from '../../src/localdb/binary.js';
import { startLocalDatabase, type LocalDatabase } from '../../src/localdb/server.js';
import { createServices } from '../../src/services.js';
import { Database } from '../../src/store/database.js';
import { HistoryFeed } from '../../src/store/history-feed.js';
import { gql, login } from '../../tests/support/graphql.js';
import { createTestKeys } from '../../tests/support/keys.js';
import { throwawayData } from '../../tests/support/postgres.js';
import { startServer, type RunningServer } from '../../tests/support/process.js';
import { processCpuSeconds } from './load.js';

export type BackendKind = 'postgresql' | 'sqlite';
export const benchUsers = ['cq.drafter', 'cq.reviewer', 'cq.signatory', 'cd.reviewer', 'cd.signatory', 'auditor', 'joint.coordinator'] as const;
export type BenchUser = (typeof benchUsers)[number];

const databaseName = 'bench';
/** The per-user rate limit (per minute, and the burst) of the bench's server. */
export const benchRateLimit = '1000000';
export const benchRequestTimeoutMs = '600000';

/** CPU seconds of every PostgreSQL process on this machine (the backends serving the database work). */
async function postgresCpuSeconds(): Promise<number> {
  let total = 0;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const comm = await readFile(`/proc/${entry}/comm`, 'utf8').catch(() => '');
    if (comm.trim() !== 'postgres') continue;
    try {
      total += processCpuSeconds(Number(entry));
    } catch {
      // The process ended between the listing and the read: it counts for nothing.
    }
  }
  return total;
}

/** Bytes of every file in `dir`: an SQLite database with its write-ahead log and shared memory. */
async function directoryBytes(dir: string): Promise<number> {
  const sizes = await Promise.all((await readdir(dir)).map(async (file) => (await stat(path.join(dir, file))).size));
  return sizes.reduce((sum, size) => sum + size, 0);
}

/** Runs `work` on a connection of its own to the PostgreSQL database `name`. */
async function onPostgres<T>(name: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(`postgres://postgres@127.0.0.1:5432/${name}`);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Bytes of a PostgreSQL database, tables, indexes and their TOAST (`pg_database_size`). */
const postgresDatabaseBytes = (name: string): Promise<number> =>
  onPostgres(name, async (client) => Number((await client.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes')).rows[0]?.bytes));

/** Worlds not yet closed: a bench stopped by a signal closes them, leaving no server or database behind. */
const open = new Set<World>();

/**
 * On SIGINT or SIGTERM (Ctrl-C, `kill`), closes every open world — its server, its database and the files or
 * PostgreSQL database it made — then exits.
 */
export function closeWorldsOnSignal(log: (line: string) => void): void {
  // Exit as the shell reports a process the signal ended: 128 + its number.
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      log(`${signal}: closing the servers and databases`);
      void Promise.allSettled([...open].map((world) => world.close())).then(() => process.exit(code));
    });
  }
}

/**
 * One backend under test: a fresh local database (FerretDB on PostgreSQL or SQLite), the server as its own
 * process the way `npm start` runs it, the same services in this process for bare graphql-js, and a plain
 * driver connection for replaying the database work alone.
 */
export class World {
  private captured: CommandStartedEvent[] | undefined;
  private readonly documents = new Map<string, DocumentNode>();
  private readonly viewers = new Map<BenchUser, Viewer>();
  /** Answers the server's rate limit gave the bench's client, which waited as told and sent the request again. */
  rateLimited = 0;

  private constructor(
    readonly backend: BackendKind,
    readonly server: RunningServer,
    readonly tokens: Record<BenchUser, string>,
    readonly raw: Db,
    /** The history feed of the bench's database, for slots of the cases copied in without the server. */
    readonly feed: HistoryFeed,
    private readonly local: LocalDatabase,
    private readonly services: Services,
    private readonly schema: GraphQLSchema,
    private readonly cleanups: (() => Promise<unknown>)[],
    /** Bytes the database holds on disk now (see `directoryBytes`, `postgresDatabaseBytes`). */
    readonly diskBytes: () => Promise<number>,
    /**
     * Brings the backend's planner statistics up to date after a bulk load. On PostgreSQL this is `ANALYZE`, which
     * autovacuum runs by itself within a minute of such growth; measured sooner, statistics taken while a table was
     * small make PostgreSQL scan instead of using its indexes. SQLite plans without statistics: nothing to do.
     */
    readonly settle: () => Promise<void>,
  ) {}

  static async open(backend: BackendKind, log: (line: string) => void): Promise<World> {
    const cleanups: (() => Promise<unknown>)[] = [];
    const binary = await ensureLocalDatabaseBinary(log);
    const dir = await mkdtemp(path.join(tmpdir(), 'twincity-bench-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const listen = { socket: path.join(dir, 'mongodb.sock') };
    const data = await throwawayData(backend, dir, 'twincity_bench');
    cleanups.push(() => data.drop());
    const { postgresName } = data;
    const diskBytes = postgresName === undefined ? () => directoryBytes(path.join(dir, 'db')) : () => postgresDatabaseBytes(postgresName);
    const settle =
      postgresName === undefined ? () => Promise.resolve() : () => onPostgres(postgresName, async (client) => void (await client.query('ANALYZE')));
    const local: LocalDatabase = await startLocalDatabase(binary, data.backend, () => undefined, listen);
    cleanups.unshift(() => local.stop());
    const keys = createTestKeys();
    cleanups.push(() => rm(keys.dir, { recursive: true, force: true }));
    const env = {
      NODE_ENV: 'production',
      MONGODB_URI: local.uri,
      MONGODB_DB: databaseName,
      JWT_KEYS_DIR: keys.dir,
      CHECKPOINT_KEY_FILE: keys.checkpoint.file,
      CHECKPOINT_INTERVAL_MINUTES: '0',
      DEADLINE_POLL_SECONDS: '0',
      JWT_TTL_SECONDS: '3600',
      // A handful of bench users send what a whole office would: the per-user limit is raised (and said so in
      // the output, `benchRateLimit`) so that the bench measures the server, not the limit. Its client still
      // waits and sends again when refused, and counts each such answer (`World.rateLimited`).
      RATE_LIMIT_PER_MINUTE: benchRateLimit,
      RATE_LIMIT_BURST: benchRateLimit,
      // The sweep adds years of cases in minutes, and the checkpoint asked for after each size records them all at
      // once (the hourly one meets an hour's work): the deadline is raised (`benchRequestTimeoutMs`, said so in the
      // output) so that the bench measures what that costs rather than stopping at 30 s.
      REQUEST_TIMEOUT_MS: benchRequestTimeoutMs,
      SEED_DEMO: 'true',
      PORT: '0',
      METRICS_PORT: '0',
      LOG_LEVEL: 'info',
    };
    const server = await startServer(env);
    cleanups.unshift(() => server.stop());

    const config = loadConfig(env);
    const database = await Database.connect(local.uri, databaseName, {
      onCommand: (event) => world.captured?.push(event),
    });
    cleanups.unshift(() => database.close());
    const services = await createServices(config, pino({ level: 'silent' }), new Metrics(), await loadKeyRing(keys.dir, undefined), database);
    const typeDefs = await readFile(new URL('../../schema.graphql', import.meta.url), 'utf8');
    const schema = makeExecutableSchema({ typeDefs, resolvers: resolvers as never });
    const client = await MongoClient.connect(local.uri);
    cleanups.unshift(() => client.close());
    const tokens = Object.fromEntries(await Promise.all(benchUsers.map(async (user) => [user, await login(server.url + '/graphql', user)] as const)));
    const world: World = new World(
      backend,
      server,
      tokens as Record<BenchUser, string>,
      client.db(databaseName),
      new HistoryFeed(database),
      local,
      services,
      schema,
      cleanups,
      diskBytes,
      settle,
    );
    open.add(world);
    return world;
  }

  get graphqlUrl(): string {
    return this.server.graphqlUrl;
  }

  /** One operation over HTTP, as a client sends it; throws on any GraphQL error. */
  async http<T = Record<string, unknown>>(user: BenchUser, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await gql<T>(this.graphqlUrl, query, variables, { token: this.tokens[user], rateLimit: { onRateLimited: () => (this.rateLimited += 1) } });
    if (response.errors !== undefined || response.data == null)
      throw new Error(`${response.errors?.[0]?.extensions.code ?? String(response.status)}: ${response.errors?.[0]?.message ?? ''}`);
    return response.data;
  }

  /** The same operation through bare graphql-js `execute`, on a parsed document and a signed-in viewer kept from before. */
  async execute<T = Record<string, unknown>>(user: BenchUser, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    let document = this.documents.get(query);
    if (document === undefined) {
      document = parse(query);
      this.documents.set(query, document);
    }
    let viewer = this.viewers.get(user);
    if (viewer === undefined) {
      viewer = await this.services.directory.viewerFor(this.tokens[user]);
      this.viewers.set(user, viewer);
    }
    const result = await execute({ schema: this.schema, document, variableValues: variables, contextValue: { services: this.services, viewer } });
    if (result.errors !== undefined || result.data == null) throw new Error(`execute failed: ${result.errors?.[0]?.message ?? 'no data'}`);
    return result.data as T;
  }

  /** What `work` sent to the database, command by command (the driver's command monitoring). */
  async capture<T>(work: () => Promise<T>): Promise<{ result: T; commands: CommandStartedEvent[] }> {
    this.captured = [];
    try {
      const result = await work();
      return { result, commands: this.captured };
    } finally {
      this.captured = undefined;
    }
  }

  /** Database commands the server process has sent so far (its Prometheus counter). */
  async serverCommands(): Promise<number> {
    const text = await (await fetch(this.server.metricsUrl!)).text();
    return text
      .split('\n')
      .filter((line) => line.startsWith('twincity_database_commands_total{'))
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  }

  serverCpuSeconds(): number {
    return processCpuSeconds(this.server.process.pid ?? 0);
  }

  /** CPU of the database: the FerretDB process, and on PostgreSQL every postgres process as well. */
  async databaseCpuSeconds(): Promise<number> {
    const ferret = this.local.pid === undefined ? 0 : processCpuSeconds(this.local.pid);
    return ferret + (this.backend === 'postgresql' ? await postgresCpuSeconds() : 0);
  }

  async close(): Promise<void> {
    open.delete(this);
    for (const cleanup of this.cleanups.splice(0)) await cleanup();
  }
}
