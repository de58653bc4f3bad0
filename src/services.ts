import type { Logger } from 'pino';
import { BundleExporter } from './audit/bundle.js';
import { CheckpointService, loadCheckpointKey } from './audit/checkpoints.js';
import { HistorySearch } from './audit/history.js';
import { CaseVerifier } from './audit/verify.js';
import { LoginThrottle } from './auth/login-throttle.js';
import type { KeyRing } from './auth/keys.js';
import { TokenService } from './auth/tokens.js';
import { CalendarFile } from './calendar/calendar.js';
import { CalendarService } from './calendar/service.js';
import { AlignmentService } from './cases/alignments.js';
import { CaseEngine } from './cases/engine.js';
import { ProjectService } from './cases/projects.js';
import { CaseService } from './cases/proposals.js';
import { CaseReader } from './cases/reads.js';
import type { Config } from './config.js';
import { DirectoryService } from './directory/service.js';
import { CursorSeal } from './graphql/connection.js';
import type { Services } from './graphql/context.js';
import type { Metrics } from './http/metrics.js';
import { KeyService } from './signing/keys.js';
import { SigningService } from './signing/signing.js';
import { CalendarStore } from './store/calendar-store.js';
import { CaseStore } from './store/case-store.js';
import { CheckpointStore } from './store/checkpoint-store.js';
import type { Database } from './store/database.js';
import { DirectoryStore } from './store/directory-store.js';

/** Every service the API needs, on one database: what the server runs, and what the benchmarks call without HTTP. */
export async function createServices(
  config: Config,
  logger: Logger,
  metrics: Metrics,
  keys: KeyRing,
  database: Database,
): Promise<Services & { directoryStore: DirectoryStore }> {
  const directoryStore = new DirectoryStore(database);
  const directory = new DirectoryService(directoryStore, new TokenService(keys, config.jwt), new LoginThrottle(config.signIn));
  const caseStore = new CaseStore(database);
  const engine = new CaseEngine(caseStore, () => new Date(), config.maxUnsharedEntries);
  const checkpointKey = await loadCheckpointKey(config.checkpoints.keyFile, config.dataDir);
  const checkpoints = new CheckpointService(new CheckpointStore(database), caseStore, engine, checkpointKey);
  const reader = new CaseReader(engine, caseStore);
  const calendarFile = new CalendarFile(config.calendarFile, (error) =>
    logger.error({ err: error, file: config.calendarFile }, 'calendar update refused; the previous calendar stays'),
  );
  const calendar = new CalendarService(
    () => calendarFile.current(),
    new CalendarStore(database),
    logger,
    (city, year) => metrics.calendarIncomplete(city, year),
  );
  const cases = new CaseService(engine, caseStore, directory, config.maxVersionsPerCase);
  return {
    directoryStore,
    directory,
    engine,
    cases,
    reader,
    keys: new KeyService(caseStore),
    signing: new SigningService(engine, caseStore, checkpointKey.privateKey),
    history: new HistorySearch(caseStore, engine),
    verifier: new CaseVerifier(caseStore, checkpoints),
    checkpoints,
    bundles: new BundleExporter(engine, reader, caseStore, checkpoints),
    alignments: new AlignmentService(engine, caseStore, directory),
    calendar,
    projects: new ProjectService(engine, cases, caseStore, directory, calendar),
    cursors: new CursorSeal(checkpointKey.privateKey),
  };
}
