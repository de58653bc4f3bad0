import { badInput } from '../errors.js';

/**
 * Money is exact: an amount of 万元 (10,000 yuan) is a decimal string with two decimals ("1200.00", "0.07"),
 * never a binary floating-point number, in the API, in the stored plan, under its content hash and in bundles.
 * Amounts go up to 1,000,000,000 万元: counted in hundredths they stay below 2^53, so the range check is exact.
 */
const decimal = /^(0|[1-9][0-9]{0,9})(?:\.([0-9]{1,2}))?$/;
const maxHundredths = 100_000_000_000;

/**
 * How an amount is shown everywhere (GraphQL, the document diff, the CLI): "1200.00". A project created before
 * amounts were exact stores a JSON number of 万元 (checked then to have at most two decimals), kept as it was
 * hashed; its shortest decimal form (`String`) is the decimal it was written as, shown the same way. A value of
 * no such form (none was ever accepted) is shown as it is stored, never rounded.
 */
export function amountText(stored: string | number): string {
  const text = typeof stored === 'number' ? String(stored) : stored;
  const match = decimal.exec(text);
  return match === null ? text : `${match[1]}.${(match[2] ?? '').padEnd(2, '0')}`;
}

/**
 * A caller's amount of 万元: a decimal string ("1200", "1200.5", "0.07"), at least 0, at most two decimals and
 * 1,000,000,000 万元; no sign, exponent, separators or leading zeros. Answers it as stored: two decimals.
 * BAD_USER_INPUT naming the field otherwise.
 */
export function checkAmount(field: string, value: string): string {
  const match = decimal.exec(value);
  if (match === null || Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) > maxHundredths) {
    throw badInput(
      `${field} 须为金额（万元）：0 至 1000000000 的十进制数字字符串，至多两位小数，如 "1200.50"`,
      `${field} must be an amount of 万元 (10,000 yuan): a decimal string from 0 to 1000000000 with at most two decimals, such as "1200.50"`,
      { field },
    );
  }
  return amountText(value);
}
