import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountText, checkAmount } from '../../src/cases/amount.js';
import { AppError } from '../../src/errors.js';

/** An amount of `hundredths` of 万元 with two decimals, made with integers only. */
const twoDecimals = (hundredths: number): string => `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;

describe('amounts of 万元 are exact decimals', () => {
  it('accepts every amount from 0.00 to 100.00 in steps of 0.01, however many decimals it is written with', () => {
    for (let hundredths = 0; hundredths <= 10_000; hundredths += 1) {
      const amount = twoDecimals(hundredths);
      const short = amount.replace(/\.00$/, '').replace(/(\.\d)0$/, '$1');
      expect(checkAmount('initiatorBudget', amount)).toBe(amount);
      expect(checkAmount('initiatorBudget', short)).toBe(amount);
      // A project stored before held the JSON number; it shows as the new amount does.
      expect(amountText(Number(amount))).toBe(amount);
    }
  });

  it('accepts the amounts floating point refused, one in nine of them', () => {
    const given = ['1.15', '0.29', '4.35', '8.2', '1.1', '0.07'];
    expect(given.map((amount) => checkAmount('initiatorBudget', amount))).toEqual(['1.15', '0.29', '4.35', '8.20', '1.10', '0.07']);
  });

  it('keeps any amount up to the maximum exactly, and refuses one past it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000_000 }), (hundredths) => {
        expect(checkAmount('counterpartBudget', twoDecimals(hundredths))).toBe(twoDecimals(hundredths));
      }),
    );
    expect(checkAmount('counterpartBudget', '1000000000')).toBe('1000000000.00');
    fc.assert(
      fc.property(fc.integer({ min: 100_000_000_001, max: Number.MAX_SAFE_INTEGER }), (hundredths) => {
        expect(() => checkAmount('counterpartBudget', twoDecimals(hundredths))).toThrow(AppError);
      }),
    );
  });

  it.each([
    '1.005',
    '0.001',
    '-1',
    '-0',
    '-0.01',
    'NaN',
    'nan',
    'Infinity',
    '-Infinity',
    '1e3',
    '1E3',
    '0x10',
    '',
    ' ',
    ' 1.15',
    '1.15 ',
    '1,000',
    '１２',
    '01.5',
    '00',
    '1.',
    '.5',
    '+1',
    '1000000000.01',
    '10000000000',
  ])('refuses %j with BAD_USER_INPUT naming the field', (amount) => {
    try {
      checkAmount('counterpartBudget', amount);
      expect.unreachable(`${JSON.stringify(amount)} was accepted`);
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('BAD_USER_INPUT');
      expect((error as AppError).details).toEqual({ field: 'counterpartBudget' });
    }
  });
});
