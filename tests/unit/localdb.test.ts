import { describe, expect, it } from 'vitest';
import { findGo, LocalDatabaseError } from '../../src/localdb/binary.js';

describe('the local database build', () => {
  it('says what to install or set when there is no Go toolchain', async () => {
    const error: unknown = await findGo(['/nonexistent/bin/go']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalDatabaseError);
    expect((error as Error).message).toMatch(/Go toolchain \(1\.26 or newer\) was not found[\s\S]*Install Go, or set MONGODB_URI/);
  });

  it('finds the toolchain this machine has', async () => {
    expect(await findGo()).toMatch(/go$/);
  });
});
