/**
 * GraphQL documents built to cost a server more than their size suggests (OWASP GraphQL cheat sheet, graphql-armor's
 * catalogue, Apollo's advisories), each shape as large as a document of `maxTokens` parser tokens can make it.
 */
export interface Adversary {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

const repeat = (count: number, make: (i: number) => string, separator = ' '): string => Array.from({ length: count }, (_, i) => make(i)).join(separator);

/** Each fragment spreads the next twice: 2^n expansions from n fragments, the 1 KB request that froze the server. */
export const fragmentFanOut = (n: number, leaf = '__typename'): string =>
  `{ ...F0 } ${repeat(n, (i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`)} fragment F${n} on Query { ${leaf} }`;

export function adversarialDocuments(maxTokens: number): Adversary[] {
  // How many units of `size` tokens fit in a document, leaving room for what surrounds them.
  const fit = (size: number, around = 10) => Math.floor((maxTokens - around) / size);
  return [
    { name: 'fragment fan-out (30 fragments, 2^30 spreads)', query: fragmentFanOut(30) },
    { name: 'fragment fan-out over fields', query: fragmentFanOut(30, 'me { id username agency { id name } }') },
    {
      name: 'fragment fan-out through a list',
      query: `{ ...L0 } ${repeat(24, (i) => `fragment L${i} on Query { agencies(first: 50) { edges { node { id } } } ...L${i + 1} ...L${i + 1} }`)} fragment L24 on Query { __typename }`,
    },
    {
      name: 'fragment fan-out, as wide as it fits',
      query: `{ ...W0 } ${repeat(fit(19), (i) => `fragment W${i} on Query { me { id } ...W${i + 1} ...W${i + 1} }`)} fragment W${fit(19)} on Query { me { id } }`,
    },
    { name: 'deep inline fragments', query: `{ ${'... on Query { '.repeat(fit(5))}__typename${' }'.repeat(fit(5))} }` },
    { name: 'deep fields', query: `{ ${'me { agency { '.repeat(fit(6))}id${' } }'.repeat(fit(6))} }` },
    { name: 'wide selection of one field', query: `{ ${repeat(fit(1), () => '__typename')} }` },
    { name: 'wide selection of one object', query: `{ ${repeat(fit(4), () => 'me { id }')} }` },
    { name: 'wide selection of nested objects', query: `{ ${repeat(fit(9), () => 'me { agency { id } }')} }` },
    {
      name: 'wide selections of one object in fragments',
      query: `{ ${repeat(fit(10), (i) => `...M${i}`)} } ${repeat(fit(10), (i) => `fragment M${i} on Query { me { id } }`)}`,
    },
    { name: 'conflicting aliases', query: `{ ${repeat(fit(6), (i) => `a: ${i % 2 === 0 ? 'me { id }' : 'checkpointKey { publicKey }'}`)} }` },
    { name: 'many aliases', query: `{ ${repeat(fit(3), (i) => `a${i}: __typename`)} }` },
    { name: 'many directives', query: `{ __typename ${repeat(fit(7), () => '@skip(if: false)')} }` },
    {
      name: 'many variables declared',
      query: `query(${repeat(fit(4), (i) => `$v${i}: Int`)}) { __typename }`,
      variables: Object.fromEntries(Array.from({ length: fit(4) }, (_, i) => [`v${i}`, i])),
    },
    {
      name: 'huge list variable (60,000 bad enum values)',
      query: 'query($r: [Region!]) { agencies(region: $r) { edges { node { id } } } }',
      variables: { r: Array.from({ length: 60_000 }, () => 'NOWHERE') },
    },
    {
      name: 'huge variables object (60,000 undeclared)',
      query: '{ __typename }',
      variables: Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`x${i}`, i])),
    },
    // graphql-js quotes the whole value in each error it finds in it.
    {
      name: 'input object of 50,000 unknown fields',
      query: 'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
      variables: { i: Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`f${i}`, 1])) },
    },
    {
      name: 'input object of 4,900 unknown fields',
      query: 'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
      variables: { i: Object.fromEntries(Array.from({ length: 4_900 }, (_, i) => [`f${i}`, 1])) },
    },
    {
      name: 'bad values past the coercion error limit',
      query: 'mutation($r: [Role!]!) { setUserRoles(userId: "x", roles: $r) { id } }',
      variables: { r: Array.from({ length: 51 }, () => 'X') },
    },
    {
      name: 'nested page sizes as literals',
      query:
        '{ inbox(first: 100) { edges { node { history(first: 100) { edges { node { caseId } } } versions { id } } } } history(first: 500) { edges { node { caseId } } } }',
    },
    {
      name: 'nested page sizes as variables',
      query:
        'query($n: Int, $m: Int) { inbox(first: $n) { edges { node { history(first: $m) { edges { node { caseId } } } versions { id } } } } history(first: $m) { edges { node { caseId } } } }',
      variables: { n: 100, m: 500 },
    },
    { name: 'page sizes by default', query: `{ inbox { edges { node { history { edges { node { ${repeat(40, (i) => `f${i}: caseId`)} } } } } } } }` },
    { name: 'many operations in one document', query: repeat(fit(5), (i) => `query Q${i} { __typename }`), operationName: 'Q7' },
    { name: 'long string literal (900 KB)', query: `{ case(id: "${'a'.repeat(900_000)}") { id } }` },
  ];
}
