import path from 'node:path';
import { defaultMaxUnshared } from './cases/engine.js';
import { defaultMaxVersions } from './cases/proposals.js';

export type Environment = 'development' | 'test' | 'production';
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

/** What one GraphQL document may ask of the server (GRAPHQL_MAX_*). */
export interface QueryLimits {
  /** Fields nested in one another, fragments followed. */
  depth: number;
  aliases: number;
  directives: number;
  /** Operations in one document. */
  operations: number;
  /** Values in a request's variables (members and elements at any depth). */
  variableValues: number;
  /** The weight (`@cost` in schema.graphql) of the costly fields a request may select in all. */
  weight: number;
  /** Selections of one response name in one selection set, fragments merged in. */
  repeatedFields: number;
  /** graphql-armor's cost: 2 per object, 1 per scalar, ×1.5 per level, × the page size of each list. */
  cost: number;
  /**
   * Database commands one request may send, counted as it runs (src/store/command-budget.ts): what no document
   * tells, such as the versions of a long case asked under many aliases. A request past it is answered
   * BAD_USER_INPUT (`limit: 'databaseCommands'`).
   */
  databaseCommands: number;
  /** Bytes of JSON one answer may hold; a larger one is answered BAD_USER_INPUT (`limit: 'responseBytes'`). */
  responseBytes: number;
}

export interface Config {
  env: Environment;
  host: string;
  port: number;
  /** Where Prometheus scrapes /metrics: its own listener, apart from the API; undefined port: none. */
  metrics: { host: string; port: number | undefined };
  /** Absent: the server starts its own local database under `dataDir`. */
  mongoUri: string | undefined;
  /** A loopback address for that local database instead of its Unix socket (anyone on the machine could reach it). */
  localDatabaseTcp: string | undefined;
  /** The user's runtime directory (XDG_RUNTIME_DIR), private to them: where a socket goes when DATA_DIR is too deep. */
  runtimeDir: string | undefined;
  mongoDb: string;
  dataDir: string;
  logLevel: LogLevel;
  jwt: {
    issuer: string;
    audience: string;
    ttlSeconds: number;
    /** Absent is allowed only in development, where a key is generated under `dataDir`. */
    keysDir: string | undefined;
    activeKid: string | undefined;
  };
  checkpoints: {
    /** Ed25519 private key (PKCS#8 PEM) the server signs checkpoints with; generated under dataDir in development. */
    keyFile: string | undefined;
    /** How often each server makes sure a checkpoint exists; 0 turns the timer off. */
    intervalMinutes: number;
  };
  /** The working-day calendar (holidays and 调休) of both cities, which an administrator keeps up to date. */
  calendarFile: string;
  /** How often each server looks for deadlines that have come; 0 turns the scheduler off. */
  deadlinePollSeconds: number;
  /** How often each server rolls forward projections a crashed writer left behind; 0 turns the timer off (readers still do). */
  repairIntervalSeconds: number;
  /** How long a request waits for an unreachable database before it is answered SERVICE_UNAVAILABLE. */
  databaseTimeoutMs: number;
  /**
   * The longest a GraphQL request may take, in ms, whatever it waits for: beyond it, it is answered
   * SERVICE_UNAVAILABLE (503) and logged as timed out. An answer for every request, even one whose database
   * operation the driver never ends (see http/app.ts `deadline`).
   */
  requestTimeoutMs: number;
  /** The sign-in throttle (auth/login-throttle.ts): wrong passwords free per account, then locks from base to max. */
  signIn: { freeFailures: number; baseLockMs: number; maxLockMs: number };
  seedDemo: boolean;
  demoPassword: string;
  limits: {
    bodyBytes: number;
    /** Parser tokens per document: bounds the work of everything that reads a document. */
    tokens: number;
    query: QueryLimits;
    introspection: boolean;
    ratePerMinute: number;
    rateBurst: number;
  };
  shutdownTimeoutMs: number;
  /** The most versions a case's document may have (`CaseService`'s `maxVersions`). */
  maxVersionsPerCase: number;
  /** The most entries in a row one party cannot read, past which a step that goes nowhere is refused (`CaseEngine`'s `maxUnshared`). */
  maxUnsharedEntries: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** The only reader of the environment: reads and validates everything once, reporting every problem together. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];

  const text = (name: string, fallback: string, pattern = /^.+$/): string => {
    const value = env[name] ?? fallback;
    if (!pattern.test(value)) problems.push(`${name} must match ${String(pattern)}, got ${JSON.stringify(value)}`);
    return value;
  };
  const optional = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return value;
  };
  const oneOf = <T extends string>(name: string, fallback: T, allowed: readonly T[]): T => {
    const raw = env[name] ?? fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return raw as T;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    problems.push(`${name} must be true or false, got ${JSON.stringify(raw)}`);
    return fallback;
  };

  const nodeEnv = oneOf<Environment>('NODE_ENV', 'development', ['development', 'test', 'production']);
  const dataDir = path.resolve(env.DATA_DIR ?? '.data');
  const mongoUri = optional('MONGODB_URI');
  if (mongoUri !== undefined && !/^mongodb(\+srv)?:\/\//.test(mongoUri)) {
    problems.push('MONGODB_URI must start with mongodb:// or mongodb+srv://');
  }
  const localDatabaseTcp = optional('LOCAL_DATABASE_TCP');
  if (localDatabaseTcp !== undefined && !/^(127\.0\.0\.1|\[::1\]|localhost):\d{1,5}$/.test(localDatabaseTcp)) {
    problems.push('LOCAL_DATABASE_TCP must be a loopback address and port (127.0.0.1:PORT): the local database has no authentication');
  }
  const keysDir = optional('JWT_KEYS_DIR');
  if (keysDir === undefined && nodeEnv !== 'development') {
    problems.push('JWT_KEYS_DIR is required outside development: a directory of <kid>.key.pem / <kid>.pub.pem keys');
  }
  const checkpointKeyFile = optional('CHECKPOINT_KEY_FILE');
  if (checkpointKeyFile === undefined && nodeEnv !== 'development') {
    problems.push('CHECKPOINT_KEY_FILE is required outside development: an Ed25519 private key (PKCS#8 PEM)');
  }
  const demoPassword = env.DEMO_PASSWORD ?? 'demo-password';
  if (demoPassword.length < 12) problems.push('DEMO_PASSWORD must be at least 12 characters');

  const config: Config = {
    env: nodeEnv,
    host: text('HOST', '127.0.0.1'),
    port: int('PORT', 4000, 0, 65535),
    metrics: { host: text('METRICS_HOST', '127.0.0.1'), port: env.METRICS_PORT === 'off' ? undefined : int('METRICS_PORT', 9464, 0, 65535) },
    mongoUri,
    localDatabaseTcp,
    runtimeDir: optional('XDG_RUNTIME_DIR'),
    mongoDb: text('MONGODB_DB', 'twincity', /^[A-Za-z0-9_-]{1,63}$/),
    dataDir,
    logLevel: oneOf<LogLevel>('LOG_LEVEL', 'info', ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']),
    jwt: {
      issuer: text('JWT_ISSUER', 'twincity-policy'),
      audience: text('JWT_AUDIENCE', 'twincity-policy-api'),
      ttlSeconds: int('JWT_TTL_SECONDS', 900, 60, 3600),
      keysDir: keysDir === undefined ? undefined : path.resolve(keysDir),
      activeKid: optional('JWT_ACTIVE_KID'),
    },
    checkpoints: {
      keyFile: checkpointKeyFile === undefined ? undefined : path.resolve(checkpointKeyFile),
      intervalMinutes: int('CHECKPOINT_INTERVAL_MINUTES', 60, 0, 10_080),
    },
    calendarFile: path.resolve(env.CALENDAR_FILE ?? 'data/calendar.json'),
    deadlinePollSeconds: int('DEADLINE_POLL_SECONDS', 10, 0, 3600),
    repairIntervalSeconds: int('REPAIR_INTERVAL_SECONDS', 30, 0, 3600),
    databaseTimeoutMs: int('DATABASE_TIMEOUT_MS', 10_000, 500, 120_000),
    requestTimeoutMs: int('REQUEST_TIMEOUT_MS', 30_000, 1000, 600_000),
    signIn: {
      freeFailures: 3,
      baseLockMs: int('SIGNIN_LOCK_SECONDS', 1, 1, 3600) * 1000,
      maxLockMs: int('SIGNIN_MAX_LOCK_SECONDS', 900, 1, 86_400) * 1000,
    },
    seedDemo: bool('SEED_DEMO', nodeEnv === 'development'),
    demoPassword,
    limits: {
      bodyBytes: int('BODY_LIMIT_BYTES', 1_048_576, 1024, 67_108_864),
      tokens: int('GRAPHQL_MAX_TOKENS', 2000, 100, 100_000),
      query: {
        depth: int('GRAPHQL_MAX_DEPTH', 12, 2, 100),
        aliases: int('GRAPHQL_MAX_ALIASES', 30, 0, 1000),
        directives: int('GRAPHQL_MAX_DIRECTIVES', 50, 0, 1000),
        repeatedFields: int('GRAPHQL_MAX_REPEATED_FIELDS', 10, 1, 1000),
        operations: int('GRAPHQL_MAX_OPERATIONS', 10, 1, 1000),
        variableValues: int('GRAPHQL_MAX_VARIABLE_VALUES', 5000, 10, 1_000_000),
        weight: int('GRAPHQL_MAX_WEIGHT', 1000, 1, 1_000_000),
        cost: int('GRAPHQL_MAX_COST', 100_000, 100, 100_000_000),
        databaseCommands: int('GRAPHQL_MAX_DATABASE_COMMANDS', 5000, 100, 10_000_000),
        responseBytes: int('GRAPHQL_MAX_RESPONSE_BYTES', 64 * 1024 * 1024, 1024, 512 * 1024 * 1024),
      },
      introspection: bool('GRAPHQL_INTROSPECTION', nodeEnv !== 'production'),
      ratePerMinute: int('RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
      rateBurst: int('RATE_LIMIT_BURST', 120, 1, 1_000_000),
    },
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    maxVersionsPerCase: int('CASE_MAX_VERSIONS', defaultMaxVersions, 2, 100_000),
    maxUnsharedEntries: int('CASE_MAX_UNSHARED_ENTRIES', defaultMaxUnshared, 3, 100_000),
  };

  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
