import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Database } from '../../src/store/database.js';
import { Actors } from '../support/cases.js';
import { MixedLoad, type SigningKeys } from '../support/mixed-load.js';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';
import { ed25519Signer, sm2Signer } from '../support/signers.js';

async function signingKeys(actors: Actors): Promise<SigningKeys> {
  const [cq, cd] = [ed25519Signer(), sm2Signer()];
  return { cq: { signer: cq, keyId: await actors.registerKey('cq.signatory', cq) }, cd: { signer: cd, keyId: await actors.registerKey('cd.signatory', cd) } };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Whole processes under load: on SQLite, beside the other test files, a run takes minutes rather than seconds. */
const underLoad = 240_000;

describe('two servers under mixed load on shared cases', () => {
  const name = uniqueDatabaseName('reliability');
  const servers: RunningServer[] = [];
  let database: Database;

  beforeAll(async () => {
    servers.push(...(await Promise.all([startServer(productionEnv(name)), startServer(productionEnv(name))])));
    database = await Database.connect(inject('mongoUri'), name);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await database.close();
  });

  it('records every acknowledged change exactly once, nothing else, and every case verifies', async () => {
    const via = await Promise.all(servers.map((server) => Actors.signIn(server.graphqlUrl)));
    const load = new MixedLoad(await MixedLoad.createCases(via[0]!, 10), () => via, await signingKeys(via[0]!));
    await load.run(6, 30);
    expect(load.count('acknowledged')).toBeGreaterThanOrEqual(30);
    expect(load.count('refused')).toBeGreaterThan(0);
    await load.check(database, via[1]!);
  }, underLoad);

  it('loses nothing when a server is killed with -9 under load and another takes its place', async () => {
    const [first, second] = servers as [RunningServer, RunningServer];
    const viaSecond = await Actors.signIn(second.graphqlUrl);
    let live = [await Actors.signIn(first.graphqlUrl), viaSecond];
    const load = new MixedLoad(await MixedLoad.createCases(viaSecond, 10), () => live, await signingKeys(viaSecond));

    const running = load.run(6, 40);
    await sleep(1500);
    first.process.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    live = [viaSecond];
    const replacement = await startServer(productionEnv(name));
    servers[0] = replacement;
    live = [viaSecond, await Actors.signIn(replacement.graphqlUrl)];
    await running;

    await load.settle();
    await load.check(database, viaSecond);
  }, underLoad);
});
