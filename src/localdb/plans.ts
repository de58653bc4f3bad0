import { execFile } from 'node:child_process';
import { LocalDatabaseError } from './binary.js';
import type { Backend } from './server.js';

/** A find to explain: the database and collection as a MongoDB client names them, and its filter. */
export interface Lookup {
  database: string;
  collection: string;
  /**
   * The find's filter as JSON: strings, numbers, booleans, `{ $oid: '<24 hex digits>' }`, `{ $eq: … }` and
   * `{ $ne: … }` are pushed down as FerretDB pushes them; anything else is left to FerretDB, as FerretDB leaves it.
   */
  filter: Record<string, unknown>;
  /**
   * PostgreSQL: plan as if scanning were dear (`enable_seqscan` off), which tells whether an index can serve the
   * lookup whatever the table's size (on a small table the planner rightly prefers a scan). No effect on SQLite,
   * whose planner takes a usable index whatever the size.
   */
  preferIndex?: boolean;
}

/** What `localdb plans` prints: the SQL FerretDB issues for the find and the backend's plan of it. */
export interface LookupPlan {
  query: string;
  args: unknown[];
  /** SQLite: the details of EXPLAIN QUERY PLAN; PostgreSQL: the lines of EXPLAIN. */
  plan: string[];
  /** Whether a step reads a whole table (SQLite `SCAN`, PostgreSQL `Seq Scan`). */
  scans: boolean;
  /** The indexes the plan reads; the local database's own are named `$localdb_…`. */
  indexes: string[];
}

/**
 * The plan the backend of a running local database makes for the SQL FerretDB issues for a find
 * (`tools/localdb plans`). Rejects with a LocalDatabaseError when the collection does not exist or the
 * backend does not answer.
 */
export function lookupPlan(binary: string, backend: Backend, lookup: Lookup): Promise<LookupPlan> {
  const args = ['plans', ...('sqliteDir' in backend ? ['-sqlite-dir', backend.sqliteDir] : ['-postgresql-url', backend.postgresUrl])];
  args.push('-database', lookup.database, '-collection', lookup.collection, '-filter', JSON.stringify(lookup.filter));
  if (lookup.preferIndex === true) args.push('-prefer-index');
  return new Promise((resolve, reject) => {
    execFile(binary, args, { encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error !== null) reject(new LocalDatabaseError(`localdb plans failed: ${stderr.trim() || error.message}`));
      else resolve(JSON.parse(stdout) as LookupPlan);
    });
  });
}
