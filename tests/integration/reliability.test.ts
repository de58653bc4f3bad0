import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Database } from '../../src/store/database.js';
import { Actors } from '../support/cases.js';
import { MixedLoad, registerSigningKeys } from '../support/mixed-load.js';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';

describe('two servers under mixed load on shared cases', () => {
  const name = uniqueDatabaseName('reliability');
  // A limit the load meets on a slow machine as on a fast one (five requests a second per user and server, after
  // a burst of three): the clients wait as they are told and send again, and nothing may be lost or doubled by it.
  const env = () => productionEnv(name, { RATE_LIMIT_PER_MINUTE: '300', RATE_LIMIT_BURST: '3' });
  const servers: RunningServer[] = [];
  let database: Database;

  beforeAll(async () => {
    servers.push(...(await Promise.all([startServer(env()), startServer(env())])));
    database = await Database.connect(inject('mongoUri'), name);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await database.close();
  });

  it('records every acknowledged change exactly once, nothing else, and every case verifies', async ({ annotate }) => {
    const via = servers.map((server) => Actors.at(server.graphqlUrl));
    const load = new MixedLoad(await MixedLoad.createCases(via[0]!, 10), () => via, await registerSigningKeys(via[0]!));
    await load.run(6, 30);
    expect(load.count('acknowledged')).toBeGreaterThanOrEqual(30);
    expect(load.count('refused')).toBeGreaterThan(0);
    await load.check(database, via[1]!);
    await annotate(
      `mixed load: ${String(load.count('acknowledged'))} acknowledged, ${String(load.count('refused'))} refused, ${String(load.rateLimited)} rate-limited and sent again`,
    );
  });

  it('loses nothing when a server is killed with -9 under load and another takes its place', async ({ annotate }) => {
    const [first, second] = servers as [RunningServer, RunningServer];
    const viaSecond = Actors.at(second.graphqlUrl);
    let live = [Actors.at(first.graphqlUrl), viaSecond];
    const load = new MixedLoad(await MixedLoad.createCases(viaSecond, 10), () => live, await registerSigningKeys(viaSecond));

    const running = load.run(6, 40);
    await load.acknowledgedAtLeast(10, running);
    first.process.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    live = [viaSecond];
    const replacement = await startServer(env());
    servers[0] = replacement;
    live = [viaSecond, Actors.at(replacement.graphqlUrl)];
    await running;

    await load.settle();
    await load.check(database, viaSecond);
    await annotate(`kill -9 under load: ${String(load.count('acknowledged'))} acknowledged, ${String(load.rateLimited)} rate-limited and sent again`);
  });
});
