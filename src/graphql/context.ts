import type { BundleExporter } from '../audit/bundle.js';
import type { CheckpointService } from '../audit/checkpoints.js';
import type { HistorySearch } from '../audit/history.js';
import type { CaseVerifier } from '../audit/verify.js';
import type { CalendarService } from '../calendar/service.js';
import type { AlignmentService } from '../cases/alignments.js';
import type { CaseEngine } from '../cases/engine.js';
import type { ProjectService } from '../cases/projects.js';
import type { CaseService } from '../cases/proposals.js';
import type { CaseReader } from '../cases/reads.js';
import type { Viewer } from '../directory/model.js';
import type { DirectoryService } from '../directory/service.js';
import type { KeyService } from '../signing/keys.js';
import type { SigningService } from '../signing/signing.js';
import type { CursorSeal } from './connection.js';

export interface Services {
  directory: DirectoryService;
  engine: CaseEngine;
  cases: CaseService;
  reader: CaseReader;
  keys: KeyService;
  signing: SigningService;
  history: HistorySearch;
  verifier: CaseVerifier;
  checkpoints: CheckpointService;
  bundles: BundleExporter;
  alignments: AlignmentService;
  projects: ProjectService;
  calendar: CalendarService;
  /** Seals the cursors of every connection (connection.ts). */
  cursors: CursorSeal;
}

export interface GraphQLContext {
  services: Services;
  /** Absent for an anonymous caller; present only after the token and the user's status were checked. */
  viewer: Viewer | undefined;
  /**
   * What this request has read, by field and arguments (`readOnce`): aliases of `case` with one id share one read,
   * and with it the case's history, versions and signatures (read once per case state, src/cases/reads.ts); aliases
   * of `verifyCase` or `evidenceBundle` of one case share one check.
   */
  reads: Map<string, Promise<unknown>>;
}

/** `work`'s answer, done once per request for `key` (see `GraphQLContext.reads`). */
export function readOnce<T>(context: Pick<GraphQLContext, 'reads'>, key: string, work: () => Promise<T>): Promise<T> {
  let read = context.reads.get(key) as Promise<T> | undefined;
  if (read === undefined) {
    read = work();
    context.reads.set(key, read);
  }
  return read;
}
