import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { access, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export class LocalDatabaseError extends Error {}

export const sourceDir = fileURLToPath(new URL('../../tools/localdb/', import.meta.url));
const binaryPath = path.join(sourceDir, 'bin', 'localdb');
const stampPath = `${binaryPath}.stamp`;
const goCandidates = ['go', '/usr/local/go/bin/go'];

/**
 * SHA-256 (hex) over the program's sources: every `.go` file of tools/localdb (tests too: a change there is
 * rare and a rebuild cheap) and go.mod, go.sum, each name then content, in name order. A binary built from
 * other sources is rebuilt.
 */
export async function sourceDigest(dir: string = sourceDir): Promise<string> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.go') || file === 'go.mod' || file === 'go.sum').sort();
  const hash = createHash('sha256');
  for (const file of files)
    hash
      .update(`${file}\0`)
      .update(await readFile(path.join(dir, file)))
      .update('\0');
  return hash.digest('hex');
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The first Go toolchain that answers; a clear error naming what to install or set when none does. */
export async function findGo(candidates: readonly string[] = goCandidates): Promise<string> {
  for (const candidate of candidates) {
    const found = await run(candidate, ['version'], sourceDir).then(
      ({ code }) => code === 0,
      () => false,
    );
    if (found) return candidate;
  }
  throw new LocalDatabaseError(
    'No MONGODB_URI is set, so the local database would be built from tools/localdb, but the Go toolchain ' +
      '(1.26 or newer) was not found on PATH or at /usr/local/go/bin. Install Go, or set MONGODB_URI to a MongoDB server.',
  );
}

/**
 * The path of the local database program, built with the Go toolchain when it is missing or its
 * sources changed. The build goes to a temporary name first, so concurrent builders never run a half-written file.
 */
export async function ensureLocalDatabaseBinary(log: (message: string) => void): Promise<string> {
  const digest = await sourceDigest();
  const current = await readFile(stampPath, 'utf8').catch(() => '');
  const exists = await access(binaryPath).then(
    () => true,
    () => false,
  );
  if (exists && current === digest) return binaryPath;

  const go = await findGo();
  log('building the local database (FerretDB) with the Go toolchain; the first build takes a few minutes');
  await mkdir(path.dirname(binaryPath), { recursive: true });
  const temporary = `${binaryPath}.${process.pid}.${randomUUID()}.tmp`;
  const { code, output } = await run(go, ['build', '-trimpath', '-o', temporary, '.'], sourceDir);
  if (code !== 0) throw new LocalDatabaseError(`building tools/localdb failed:\n${output}`);
  await rename(temporary, binaryPath);
  await writeFile(stampPath, digest);
  return binaryPath;
}
