import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, gql, login } from '../support/graphql.js';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';

const CREATE_USER = 'mutation($i: CreateUserInput!) { createUser(input: $i) { id username roles region agency { id } } }';
const CREATE_AGENCY = 'mutation($i: CreateAgencyInput!) { createAgency(input: $i) { id name nameEn region } }';
const USERS =
  'query($first: Int, $after: String, $agency: ID) { users(first: $first, after: $after, agencyId: $agency) { edges { cursor node { username } } pageInfo { hasNextPage endCursor } } }';

interface UsersPage {
  users: { edges: { node: { username: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

describe('the directory', () => {
  let server: RunningServer;
  let admin: string;
  const newUser = (overrides: Record<string, unknown> = {}) => ({
    username: 'cd.hitech.reviewer',
    displayName: '成都高新区审核人',
    agencyId: 'CD-HITECH',
    roles: ['REVIEWER'],
    password: 'a-strong-password',
    ...overrides,
  });

  beforeAll(async () => {
    server = await startServer(productionEnv(uniqueDatabaseName('directory')));
    admin = await login(server.graphqlUrl, 'admin');
  });
  afterAll(async () => {
    await server.stop();
  });

  it('holds the real agencies of both cities and the joint office', async () => {
    const token = await login(server.graphqlUrl, 'cd.reviewer');
    const response = await gql<{ agencies: { edges: { node: { id: string; name: string; region: string } }[] } }>(
      server.graphqlUrl,
      '{ agencies(first: 100) { edges { node { id name region } } } }',
      {},
      { token },
    );
    const agencies = response.data!.agencies.edges.map((edge) => edge.node);
    expect(agencies.map((agency) => agency.name)).toEqual(
      expect.arrayContaining([
        '重庆市大数据应用发展管理局',
        '两江新区管委会',
        '成都市网络理政办公室',
        '四川天府新区成都管委会',
        '成渝地区双城经济圈建设联合办公室',
      ]),
    );
    expect(new Set(agencies.map((agency) => agency.region))).toEqual(new Set(['CHENGDU', 'CHONGQING', 'JOINT']));
  });

  it('pages agencies only with cursors of the agencies list', async () => {
    const token = await login(server.graphqlUrl, 'admin');
    type Listed = { edges: { node: { id: string } }[]; pageInfo: { endCursor: string | null } };
    const users = await gql<{ users: Listed }>(server.graphqlUrl, '{ users(first: 2) { edges { node { id } } pageInfo { endCursor } } }', {}, { token });
    const agencies = await gql<{ agencies: Listed }>(
      server.graphqlUrl,
      '{ agencies(first: 2) { edges { node { id } } pageInfo { endCursor } } }',
      {},
      { token },
    );
    const AGENCIES_AFTER = 'query($after: String) { agencies(first: 2, after: $after) { edges { node { id } } } }';
    expect((await gql(server.graphqlUrl, AGENCIES_AFTER, { after: agencies.data!.agencies.pageInfo.endCursor }, { token })).errors).toBeUndefined();
    expect(codes(await gql(server.graphqlUrl, AGENCIES_AFTER, { after: users.data!.users.pageInfo.endCursor }, { token }))).toEqual(['BAD_USER_INPUT']);
  });

  it('has every demo user in an agency of their city', async () => {
    const expected: [string, string, string[]][] = [
      ['cq.drafter', 'CHONGQING', ['DRAFTER']],
      ['cq.reviewer', 'CHONGQING', ['REVIEWER']],
      ['cq.signatory', 'CHONGQING', ['SIGNATORY']],
      ['cd.drafter', 'CHENGDU', ['DRAFTER']],
      ['cd.reviewer', 'CHENGDU', ['REVIEWER']],
      ['cd.signatory', 'CHENGDU', ['SIGNATORY']],
      ['joint.coordinator', 'JOINT', ['COORDINATOR']],
      ['auditor', 'JOINT', ['AUDITOR']],
      ['admin', 'JOINT', ['ADMIN']],
    ];
    for (const [username, region, roles] of expected) {
      const token = await login(server.graphqlUrl, username);
      const me = await gql<{ me: { region: string; roles: string[] } }>(server.graphqlUrl, '{ me { region roles } }', {}, { token });
      expect(me.data?.me).toEqual({ region, roles });
    }
  });

  it('lets an administrator create agencies and users and set roles', async () => {
    const agency = await gql(
      server.graphqlUrl,
      CREATE_AGENCY,
      { i: { id: 'CD-ECON', name: '成都市经济和信息化局', nameEn: 'Chengdu Economy and Information Technology Bureau', region: 'CHENGDU' } },
      { token: admin },
    );
    expect(agency.data).toEqual({
      createAgency: { id: 'CD-ECON', name: '成都市经济和信息化局', nameEn: 'Chengdu Economy and Information Technology Bureau', region: 'CHENGDU' },
    });

    const created = await gql<{ createUser: { id: string } }>(server.graphqlUrl, CREATE_USER, { i: newUser({ agencyId: 'CD-ECON' }) }, { token: admin });
    expect(created.data?.createUser).toMatchObject({ username: 'cd.hitech.reviewer', roles: ['REVIEWER'], region: 'CHENGDU', agency: { id: 'CD-ECON' } });

    const updated = await gql(
      server.graphqlUrl,
      'mutation($id: ID!) { setUserRoles(userId: $id, roles: [REVIEWER, SIGNATORY, SIGNATORY]) { roles } }',
      { id: created.data!.createUser.id },
      { token: admin },
    );
    expect(updated.data).toEqual({ setUserRoles: { roles: ['REVIEWER', 'SIGNATORY'] } });
    const token = await login(server.graphqlUrl, 'cd.hitech.reviewer', 'a-strong-password');
    const me = await gql(server.graphqlUrl, '{ me { roles } }', {}, { token });
    expect(me.data).toEqual({ me: { roles: ['REVIEWER', 'SIGNATORY'] } });
  });

  it('pages through users with opaque cursors', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 20; guard += 1) {
      const page: { data?: UsersPage | null } = await gql<UsersPage>(server.graphqlUrl, USERS, { first: 4, after }, { token: admin });
      seen.push(...page.data!.users.edges.map((edge) => edge.node.username));
      if (!page.data!.users.pageInfo.hasNextPage) break;
      after = page.data!.users.pageInfo.endCursor;
    }
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(['admin', 'auditor', 'cd.drafter', 'joint.coordinator']));
    const bad = await gql(server.graphqlUrl, USERS, { first: 4, after: '{"$gt":""}' }, { token: admin });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
  });

  it('lets nobody but an administrator manage the directory', async () => {
    for (const username of ['cq.drafter', 'cd.reviewer', 'cq.signatory', 'joint.coordinator', 'auditor']) {
      const token = await login(server.graphqlUrl, username);
      const attempts = [
        gql(server.graphqlUrl, CREATE_USER, { i: newUser({ username: `x.${username}` }) }, { token }),
        gql(server.graphqlUrl, CREATE_AGENCY, { i: { id: 'CQ-FAKE', name: '假机构', region: 'CHONGQING' } }, { token }),
        gql(server.graphqlUrl, USERS, { first: 5 }, { token }),
      ];
      for (const response of await Promise.all(attempts)) expect(codes(response)).toEqual(['FORBIDDEN']);
    }
    const anonymous = await gql(server.graphqlUrl, CREATE_AGENCY, { i: { id: 'CQ-FAKE', name: '假机构', region: 'CHONGQING' } });
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    const agencies = await gql<{ agencies: { edges: { node: { id: string } }[] } }>(
      server.graphqlUrl,
      '{ agencies(first: 200) { edges { node { id } } } }',
      {},
      { token: admin },
    );
    expect(agencies.data!.agencies.edges.map((edge) => edge.node.id)).not.toContain('CQ-FAKE');
  });

  const badUsers: [string, Record<string, unknown>][] = [
    ['an empty username', { username: '' }],
    ['an upper-case username', { username: 'CQ.Upper' }],
    ['a username with an operator', { username: '$where' }],
    ['an oversized display name', { displayName: '长'.repeat(101) }],
    ['a display name with control characters', { displayName: 'a\u0000b' }],
    ['a short password', { password: 'short' }],
    // Long enough, and guessed at once: zxcvbn-ts scores each below 3.
    ['a password of twelve spaces', { password: ' '.repeat(12) }],
    ['a password of one letter repeated', { password: 'aaaaaaaaaaaa' }],
    ['a common password', { password: 'password1234' }],
    ['a keyboard row', { password: 'qwertyuiop12' }],
    ['the username as password', { password: 'cq.new.user' + '2026' }],
    ['the agency and a year as password', { password: 'CD-HITECH2026' }],
    ['the agency, a year and a sign as password', { password: 'CD-HITECH-2026!' }],
    ['the city and a year as password', { password: 'Chengdu@2026' }],
    ['the product and a year as password', { password: 'twincity2026!' }],
    ['an unknown agency', { agencyId: 'CQ-NOWHERE' }],
    ['an agency id with an operator object as text', { agencyId: '{"$ne":null}' }],
    ['a coordinator in a city agency', { roles: ['COORDINATOR'] }],
    ['a drafter in the joint office', { agencyId: 'JOINT-OFFICE', roles: ['DRAFTER'] }],
    ['a taken username', { username: 'cq.drafter' }],
  ];

  it.each(badUsers)('refuses a user with %s and creates nothing', async (_, overrides) => {
    const before = await gql<UsersPage>(server.graphqlUrl, USERS, { first: 200 }, { token: admin });
    const response = await gql(server.graphqlUrl, CREATE_USER, { i: newUser({ username: 'cq.new.user', ...overrides }) }, { token: admin });
    expect(codes(response)).toEqual([overrides.agencyId === 'CQ-NOWHERE' ? 'NOT_FOUND' : 'BAD_USER_INPUT']);
    const after = await gql<UsersPage>(server.graphqlUrl, USERS, { first: 200 }, { token: admin });
    expect(after.data).toEqual(before.data);
  });

  it.each([
    ['wrong types', CREATE_USER, { i: { ...newUser(), roles: 'ADMIN' } }],
    ['an object where text is expected', CREATE_USER, { i: { ...newUser(), username: { $gt: '' } } }],
    ['an unknown role', CREATE_USER, { i: { ...newUser(), roles: ['EMPEROR'] } }],
    ['an unknown region', CREATE_AGENCY, { i: { id: 'CQ-X', name: 'x', region: 'BEIJING' } }],
    ['an agency id with spaces', CREATE_AGENCY, { i: { id: 'CQ X', name: 'x', region: 'CHONGQING' } }],
    ['a duplicate agency', CREATE_AGENCY, { i: { id: 'CQ-DRC', name: '重复', region: 'CHONGQING' } }],
    ['a missing input', CREATE_AGENCY, {}],
  ])('refuses %s with BAD_USER_INPUT', async (_, query, variables) => {
    const response = await gql(server.graphqlUrl, query, variables, { token: admin });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
  });

  it('keeps an administrator from locking themselves out', async () => {
    const me = await gql<{ me: { id: string } }>(server.graphqlUrl, '{ me { id } }', {}, { token: admin });
    const id = me.data!.me.id;
    expect(codes(await gql(server.graphqlUrl, 'mutation($id: ID!) { disableUser(userId: $id) { id } }', { id }, { token: admin }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(server.graphqlUrl, 'mutation($id: ID!) { setUserRoles(userId: $id, roles: [AUDITOR]) { id } }', { id }, { token: admin }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(
      codes(await gql(server.graphqlUrl, 'mutation { disableUser(userId: "00000000-0000-0000-0000-000000000000") { id } }', {}, { token: admin })),
    ).toEqual(['NOT_FOUND']);
  });
});
