import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isCalendarDate } from '../calendar/calendar.js';

/** RFC 3339 §5.6 date-time with a time zone; hours 00–23, minutes and seconds 00–59 (no leap second, which Date cannot hold). */
const rfc3339 = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** A date-time whose date exists (2026-02-30 and 2026-11-31 do not, and `Date` would roll them over into the next month), in UTC as written. */
function parseDateTime(value: unknown): Date {
  const match = typeof value === 'string' ? rfc3339.exec(value) : null;
  const date = match !== null && isCalendarDate(match[1]) ? new Date(value as string) : undefined;
  // In UTC too within the years 0000–9999, or it could not be written back as RFC 3339 (9999-12-31T23:59:59-01:00
  // is +010000-01-01 in UTC).
  const year = date?.getUTCFullYear() ?? Number.NaN;
  if (date === undefined || !(year >= 0 && year <= 9999)) {
    throw new GraphQLError('DateTime must be an RFC 3339 date-time with a time zone', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return date;
}

export const DateTime = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  serialize: (value) => {
    if (!(value instanceof Date)) throw new TypeError('DateTime must be serialised from a Date');
    return value.toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

const amountOnly = () =>
  new GraphQLError('Amount must be a decimal string of 万元 such as "1200.50", not a number', { extensions: { code: 'BAD_USER_INPUT' } });

/**
 * Money in 万元 as a decimal string. The scalar takes strings only (a JSON number has already passed through
 * binary floating point); their form and range are checked by the service (`checkAmount`), which names the field.
 */
export const Amount = new GraphQLScalarType<string, string>({
  name: 'Amount',
  serialize: (value) => {
    if (typeof value !== 'string') throw new TypeError('Amount must be serialised from its decimal string');
    return value;
  },
  parseValue: (value) => {
    if (typeof value !== 'string') throw amountOnly();
    return value;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw amountOnly();
    return ast.value;
  },
});
