import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../src/crypto/canonical-json.js';
import { checkText, checkUnicode, checkWholeNumber } from '../../src/directory/validation.js';
import { AppError } from '../../src/errors.js';
import { anyText } from '../support/unicode.js';

const refusal = (check: () => unknown): AppError | undefined => {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
};

describe('the one rule for text', () => {
  it('lets through only text that UTF-8 and RFC 8785 carry exactly', () => {
    fc.assert(
      fc.property(anyText(), fc.constantFrom('line' as const, 'lines' as const), (text, shape) => {
        if (refusal(() => checkText('body', text, { max: 1000, shape })) !== undefined) return;
        const kept = checkText('body', text, { max: 1000, shape });
        expect(Buffer.from(kept, 'utf8').toString('utf8')).toBe(kept);
        expect(JSON.parse(canonicalize(kept))).toBe(kept);
        expect(kept.normalize('NFC')).toBe(kept);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['a lone surrogate', 'A\ud800B', 'lines'],
    ['a lone low surrogate', '\udc00', 'line'],
    ['NUL', 'a\u0000b', 'lines'],
    ['another control', 'a\u001bb', 'lines'],
    ['text not in NFC', 'Cafe\u0301', 'lines'],
    ['a CJK compatibility ideograph', '\uf900', 'lines'],
    ['a bidi override in one line', 'a\u202eb', 'line'],
    ['a bidi isolate in one line', 'a\u2066b', 'line'],
    ['a zero-width space in one line', 'a\u200bb', 'line'],
    ['a byte order mark in one line', 'a\ufeffb', 'line'],
    ['a line break in one line', 'a\nb', 'line'],
    ['a line separator in one line', 'a\u2028b', 'line'],
  ] as const)('refuses %s, naming the field', (_, text, shape) => {
    const error = refusal(() => checkUnicode('title', text, shape));
    expect(error?.code).toBe('BAD_USER_INPUT');
    expect(error?.details).toEqual({ field: 'title' });
  });

  it('keeps what several lines need, and asks of a password only what hashing it needs', () => {
    expect(checkUnicode('body', '一\n\t二\r\n👩\u200d💻 فارسی\u200cها', 'lines')).toBe('一\n\t二\r\n👩\u200d💻 فارسی\u200cها');
    expect(checkUnicode('password', 'Cafe\u0301 \u200b\t secret', 'secret')).toBe('Cafe\u0301 \u200b\t secret');
    expect(refusal(() => checkUnicode('password', 'a\u0000b', 'secret'))?.details).toEqual({ field: 'password' });
    expect(refusal(() => checkUnicode('password', 'a\ud800b', 'secret'))?.details).toEqual({ field: 'password' });
  });
});

describe('the one rule for whole numbers', () => {
  it('refuses what the database or RFC 8785 would not give back as it was', () => {
    for (const value of [-0, 2 ** 53, -(2 ** 53), 1e21, Number.NaN, Number.POSITIVE_INFINITY, 1.5]) {
      expect(refusal(() => checkWholeNumber('withinDays', value, -(2 ** 60)))?.details, String(value)).toEqual({ field: 'withinDays' });
    }
    expect(checkWholeNumber('withinDays', 0, 0, 365)).toBe(0);
    expect(checkWholeNumber('baseVersion', Number.MAX_SAFE_INTEGER, 1)).toBe(Number.MAX_SAFE_INTEGER);
  });
});
