import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findGo, LocalDatabaseError, sourceDigest, sourceDir } from '../../src/localdb/binary.js';

describe('the local database build', () => {
  it('says what to install or set when there is no Go toolchain', async () => {
    const error: unknown = await findGo(['/nonexistent/bin/go']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalDatabaseError);
    expect((error as Error).message).toMatch(/Go toolchain \(1\.26 or newer\) was not found[\s\S]*Install Go, or set MONGODB_URI/);
  });

  it('finds the toolchain this machine has', async () => {
    expect(await findGo()).toMatch(/go$/);
  });

  it('rebuilds when any Go source, go.mod or go.sum changes, and only then', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'twincity-localdb-src-'));
    try {
      await cp(sourceDir, dir, { recursive: true, filter: (source) => path.relative(sourceDir, source).split(path.sep)[0] !== 'bin' });
      const original = await sourceDigest(dir);
      expect(original).toBe(await sourceDigest(sourceDir));
      await writeFile(path.join(dir, 'notes.txt'), 'not a source');
      expect(await sourceDigest(dir)).toBe(original);
      await writeFile(path.join(dir, 'extra.go'), 'package main\n');
      const withNewFile = await sourceDigest(dir);
      expect(withNewFile).not.toBe(original);
      await writeFile(path.join(dir, 'reconcile.go'), '// changed\n', { flag: 'a' });
      expect(await sourceDigest(dir)).not.toBe(withNewFile);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
