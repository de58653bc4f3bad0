import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { TakingTurns } from '../../src/audit/history.js';
import { AppError } from '../../src/errors.js';

describe('whole-history counts, users taking turns', () => {
  it('runs one user’s second count after another user’s first, and refuses a third waiting', async () => {
    const turns = new TakingTurns(2);
    const done: string[] = [];
    const piece = (name: string) => () => new Promise<string>((resolve) => setImmediate(() => resolve(name))).then((name) => (done.push(name), name));
    const pieces = [turns.run('auditor-a', piece('a1')), turns.run('auditor-a', piece('a2'))];
    const third = turns.run('auditor-a', piece('a3'));
    pieces.push(turns.run('auditor-b', piece('b1')));
    await expect(third).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 1 } });
    expect(await Promise.all(pieces)).toEqual(['a1', 'a2', 'b1']);
    expect(done).toEqual(['a1', 'b1', 'a2']);
  });

  it('answers a piece that fails at once with its error, and runs the next', async () => {
    const turns = new TakingTurns(2);
    const failing = turns.run('auditor-a', () => {
      throw new AppError('BAD_USER_INPUT', { zh: '无效', en: 'Invalid' });
    });
    await expect(failing).rejects.toBeInstanceOf(AppError);
    expect(await turns.run('auditor-a', () => Promise.resolve(7))).toBe(7);
  });

  it('runs each piece in its caller’s context (its request’s budget and abandonment)', async () => {
    const turns = new TakingTurns(2);
    const request = new AsyncLocalStorage<string>();
    const seen = await Promise.all(
      ['r1', 'r2', 'r3'].map((id, i) => request.run(id, () => turns.run(`user-${String(i)}`, () => Promise.resolve(request.getStore())))),
    );
    expect(seen).toEqual(['r1', 'r2', 'r3']);
  });
});
