import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { amountText, checkAmount } from '../../src/cases/amount.js';
import type { DocumentVersion } from '../../src/store/records.js';
import { canonicalHash } from '../../src/crypto/hash.js';
import { checkUnicode } from '../../src/directory/validation.js';
import { CaseStore } from '../../src/store/case-store.js';
import { Database } from '../../src/store/database.js';
import { uniqueDatabaseName } from '../support/server.js';
import { anyText } from '../support/unicode.js';

/**
 * What is hashed must be what the database gives back: the content hash and the hash chain are recomputed from
 * stored data years later. Arbitrary values go through the real store (document versions, as every document is
 * kept) and must come back with the same RFC 8785 hash, unless the input rules refuse something in them. What
 * this found the database changes, and the rules refuse: lone surrogates (stored as U+FFFD), NUL (FerretDB on
 * PostgreSQL refuses the insert), integers past 2^53 (RFC 8785 cannot write them), −0 (given back as 0).
 */
describe('the database gives back what was hashed', () => {
  let database: Database;
  let store: CaseStore;
  beforeAll(async () => {
    database = await Database.connect(inject('mongoUri'), uniqueDatabaseName('roundtrip'));
    store = new CaseStore(database);
  });
  afterAll(async () => {
    await database.db.dropDatabase();
    await database.close();
  });

  /** Stores `content` as a document version and reads it back; undefined when the database refused it. */
  async function roundTrip(content: unknown): Promise<{ content: unknown } | undefined> {
    const version = {
      id: randomUUID(),
      caseId: randomUUID(),
      number: 1,
      content,
      contentHash: '',
      author: { userId: 'u', username: 'u', agencyId: 'A', region: 'CHONGQING' },
      createdAt: new Date(),
      changeNote: 'n',
    };
    try {
      await store.insertVersion(version as unknown as DocumentVersion);
    } catch {
      return undefined;
    }
    return store.version(version.id);
  }

  const passes = (check: () => unknown): boolean => {
    try {
      check();
      return true;
    } catch {
      return false;
    }
  };
  /**
   * Whether the input rules let every part of a value in: each string as the most permissive text field takes
   * it, each number as RFC 8785 writes it exactly (finite, integers safe, not −0), the canonical hash as a whole.
   */
  const admitted = (value: unknown): boolean => {
    if (typeof value === 'string') return passes(() => checkUnicode('text', value, 'lines'));
    if (typeof value === 'number') return !Object.is(value, -0) && passes(() => canonicalHash(value));
    if (Array.isArray(value)) return value.every(admitted);
    if (value !== null && typeof value === 'object' && !(value instanceof Date)) return Object.values(value).every(admitted);
    return true;
  };

  // Field names never come from callers (DESIGN §7). FerretDB v1 refuses nested arrays outright (an error, not a
  // silent change), and nothing the application stores holds one.
  const key = fc.stringMatching(/^[a-z][A-Za-z0-9]{0,11}$/);
  const number = fc.oneof(
    fc.integer(),
    fc.maxSafeInteger(),
    fc.double(),
    fc.constantFrom(-0, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e21, 1e308, 5e-324, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 0.1 + 0.2, 1.15, 800.5),
  );
  const leaf = fc.oneof(fc.constant(null), fc.boolean(), number, anyText(), fc.date({ noInvalidDate: true }));
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small', maxDepth: 4 }, leaf, tie('array'), tie('object')),
    array: fc.array(fc.oneof(leaf, tie('object')), { maxLength: 5 }),
    object: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  }));

  it('stores every admitted value so that its canonical hash is unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(value, async (content) => {
        const back = await roundTrip(content);
        const same = back !== undefined && passes(() => canonicalHash(content)) && canonicalHash(back.content) === canonicalHash(content);
        expect(same || !admitted(content), 'the database changed an admitted value').toBe(true);
      }),
      {
        numRuns: 300,
        examples: [['A\ud800B'], [{ title: 'a\u0000b' }], [[-0]], [{ n: 2 ** 53 + 2 }], [{ at: new Date(8.64e15) }], [{ b: 1, a: [null, 'é', '😀'] }]],
      },
    );
  });

  it('finds what the database changes, and the input rules refuse it', async () => {
    expect((await roundTrip('A\ud800B'))?.content).toBe('A\ufffdB');
    expect(admitted('A\ud800B')).toBe(false);
    const nul = await roundTrip('a\u0000b');
    if (inject('backend') === 'postgresql') expect(nul).toBeUndefined();
    expect(admitted('a\u0000b')).toBe(false);
    expect(Object.is((await roundTrip(-0))?.content, -0)).toBe(false);
    expect(admitted(-0)).toBe(false);
    expect(admitted(2 ** 53 + 2)).toBe(false);
  });

  it('keeps every amount from 0.00 to 100.00 exactly, as the new decimal strings and as the numbers stored before', async () => {
    const amounts = Array.from({ length: 10_001 }, (_, hundredths) => `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`);
    const accepted = amounts.map((amount) => checkAmount('initiatorBudget', amount));
    expect(accepted).toEqual(amounts);
    const back = await roundTrip({ project: { budgets: accepted } });
    expect((back?.content as { project: { budgets: string[] } }).project.budgets).toEqual(amounts);
    expect(canonicalHash(back?.content)).toBe(canonicalHash({ project: { budgets: accepted } }));
    // A project stored before held JSON numbers of 万元: read back, they show as the new ones do.
    const legacy = await roundTrip(amounts.map(Number));
    expect((legacy?.content as number[]).map(amountText)).toEqual(amounts);
  });
});
