import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Database, isDatabaseUnavailable, isDuplicateKeyError, MissingIndexError } from '../../src/store/database.js';
import { uniqueDatabaseName } from '../support/server.js';

const user = (username: string) => ({
  _id: randomUUID(),
  username,
  displayName: 'x',
  agencyId: 'CQ-DRC',
  roles: [],
  passwordHash: 'x',
  disabled: false,
  createdAt: new Date(),
  updatedAt: new Date(),
});

describe(`the test database (${inject('backend')})`, () => {
  let database: Database;

  beforeAll(async () => {
    database = await Database.connect(inject('mongoUri'), uniqueDatabaseName('store'));
  });
  afterAll(async () => {
    await database.db.dropDatabase();
    await database.close();
  });

  it('refuses to run without its unique indexes, and accepts them once created', async () => {
    await expect(database.verifyIndexes()).rejects.toThrow(MissingIndexError);
    await database.prepareIndexes();
    await expect(database.verifyIndexes()).resolves.toBeUndefined();
    await database.users.dropIndex('username_unique');
    await expect(database.verifyIndexes()).rejects.toThrow(/users\.username_unique/);
    await database.prepareIndexes();
  });

  it('lets exactly one of 20 concurrent inserts of one unique key win', async () => {
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => database.users.insertOne(user('same.name'))));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    expect(lost.every((r) => isDuplicateKeyError(r.reason))).toBe(true);
    expect(await database.users.countDocuments({ username: 'same.name' })).toBe(1);
  });

  it('reports a unique violation by an update as a duplicate too', async () => {
    await database.users.insertOne(user('first.name'));
    const second = user('second.name');
    await database.users.insertOne(second);
    const error: unknown = await database.users.updateOne({ _id: second._id }, { $set: { username: 'first.name' } }).catch((e: unknown) => e);
    expect(isDuplicateKeyError(error)).toBe(true);
    expect(await database.users.countDocuments({ username: 'first.name' })).toBe(1);
  });

  it('answers a ping', async () => {
    expect(await database.ping(2000)).toBe(true);
  });
});

describe('what counts as the database being unavailable', () => {
  const systemError = (code: string, syscall: string) => Object.assign(new Error(`${syscall} ${code}`), { code, syscall });

  it('takes a socket error the driver lets escape unwrapped (a write on a socket the database closed) as an outage', () => {
    expect(isDatabaseUnavailable(systemError('EPIPE', 'write'))).toBe(true);
    expect(isDatabaseUnavailable(systemError('ECONNRESET', 'read'))).toBe(true);
    expect(isDatabaseUnavailable(systemError('ENOENT', 'connect'))).toBe(true);
  });

  it('takes no other error for one: a file missing, a bug', () => {
    expect(isDatabaseUnavailable(systemError('ENOENT', 'open'))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is not a function'))).toBe(false);
  });
});

describe('a client closing under operations in flight', () => {
  it('fails each of them as the database being unavailable, never as something unexpected', async () => {
    const name = uniqueDatabaseName('closing');
    const database = await Database.connect(inject('mongoUri'), name);
    await database.users.insertOne(user('someone'));
    // Reads, single writes and bulk writes (which wrap the driver's error in their own) are each cut off.
    const inFlight = Array.from({ length: 60 }, (_, i) =>
      i % 3 === 0
        ? database.users.find({ username: 'someone' }).toArray()
        : i % 3 === 1
          ? database.users.insertOne(user(`user.${String(i)}`))
          : database.users.insertMany([user(`bulk.${String(i)}.a`), user(`bulk.${String(i)}.b`)]),
    );
    await database.close();
    const results = await Promise.allSettled([...inFlight, database.users.findOne({ username: 'someone' })]);
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as Error);
    // The last one was sent after the close: whatever else raced it, that one fails.
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.filter((error) => !isDatabaseUnavailable(error)).map((error) => `${error.name}: ${error.message}`)).toEqual([]);
    const cleanup = await Database.connect(inject('mongoUri'), name);
    await cleanup.db.dropDatabase();
    await cleanup.close();
  });
});
