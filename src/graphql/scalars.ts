import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function parseDateTime(value: unknown): Date {
  const date = typeof value === 'string' && rfc3339.test(value) ? new Date(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) {
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
