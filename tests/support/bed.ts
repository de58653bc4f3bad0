import { afterAll, beforeAll, inject } from 'vitest';
import { Database } from '../../src/store/database.js';
import { Actors } from './cases.js';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from './server.js';
import { ed25519Signer, sm2Signer, type Signer } from './signers.js';

/** What most integration files need: a server on a fresh database, the demo users signed in, both cities' signing keys. */
export interface TestBed {
  server: RunningServer;
  actors: Actors;
  /** Direct access to the same database, for what only someone with database access could do (tampering, crashes). */
  database: Database;
  /** The name of that database, for a second server on it. */
  databaseName: string;
  signers: { cq: Signer; cd: Signer };
  keys: { cq: string; cd: string };
}

/** Registers the hooks of the surrounding describe block; the fields are filled before its tests run. */
export function useTestBed(name: string, env: Record<string, string> = {}): TestBed {
  const databaseName = uniqueDatabaseName(name);
  const bed = { signers: { cq: ed25519Signer(), cd: sm2Signer() }, databaseName } as TestBed;
  beforeAll(async () => {
    bed.server = await startServer(productionEnv(databaseName, env));
    bed.actors = Actors.at(bed.server.graphqlUrl);
    bed.database = await Database.connect(inject('mongoUri'), databaseName);
    bed.keys = { cq: await bed.actors.registerKey('cq.signatory', bed.signers.cq), cd: await bed.actors.registerKey('cd.signatory', bed.signers.cd) };
  });
  afterAll(async () => {
    await bed.server.stop();
    await bed.database.close();
  });
  return bed;
}

/** A checkpoint the joint office makes now, countersigned by both cities' signatories with the bed's keys (a bundle needs both). */
export async function countersignedCheckpoint(bed: TestBed): Promise<number> {
  const made = await bed.actors.query<{ createCheckpoint: { number: number; statement: string } }>(
    'joint.coordinator',
    'mutation { createCheckpoint { number statement } }',
  );
  const checkpoint = made.data!.createCheckpoint;
  for (const [user, keyId, signer] of [
    ['cq.signatory', bed.keys.cq, bed.signers.cq],
    ['cd.signatory', bed.keys.cd, bed.signers.cd],
  ] as const) {
    const response = await bed.actors.countersign(user, checkpoint.number, checkpoint.statement, keyId, signer);
    if (response.errors !== undefined) throw new Error(`${user} could not countersign: ${JSON.stringify(response.errors)}`);
  }
  return checkpoint.number;
}
