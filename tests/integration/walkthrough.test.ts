import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('the README walkthrough', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer(productionEnv(uniqueDatabaseName('walkthrough')));
  });
  afterAll(async () => {
    await server.stop();
  });

  it('takes a Chongqing draft to adoption with both cities’ signatures and shows a linked history', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/walkthrough.ts', '--url', server.graphqlUrl], { cwd: projectRoot });
    expect(stdout).toMatch(/cd\.signatory .*with SM2/);
    expect(stdout).toMatch(/signCase\s+→ adopted/);
    expect(stdout.match(/ linked$/gm)).toHaveLength(6);
    expect(stdout).not.toContain('BROKEN');
  });
});
