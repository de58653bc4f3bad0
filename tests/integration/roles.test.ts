import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestBed } from '../support/bed.js';
import { codes } from '../support/graphql.js';
import { productionEnv, startServer } from '../support/server.js';

const CREATE_USER = 'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }';

describe('roles keep duties apart', () => {
  const bed = useTestBed('roles');

  it.each([
    ['administrator, auditor and signatory in a Chongqing agency', 'CQ-BDB', ['ADMIN', 'AUDITOR', 'SIGNATORY']],
    ['an auditor in a city agency', 'CD-DRC', ['AUDITOR']],
    ['an administrator in a city agency', 'CD-DRC', ['ADMIN']],
    ['an auditor who also coordinates', 'JOINT-OFFICE', ['AUDITOR', 'COORDINATOR']],
    ['an auditor who also administers', 'JOINT-OFFICE', ['AUDITOR', 'ADMIN']],
    ['a signatory in the joint office', 'JOINT-OFFICE', ['SIGNATORY']],
    // Maker and checker apart: whoever drafts neither reviews nor signs their own text.
    ['a drafter who also reviews and signs', 'CQ-BDB', ['DRAFTER', 'REVIEWER', 'SIGNATORY']],
    ['a drafter who also reviews', 'CD-DRC', ['DRAFTER', 'REVIEWER']],
    ['a drafter who also signs', 'CD-DRC', ['DRAFTER', 'SIGNATORY']],
    ['an administrator who also coordinates', 'JOINT-OFFICE', ['ADMIN', 'COORDINATOR']],
    ['no role at all', 'CQ-BDB', []],
  ])('refuses %s, naming the roles, and creates nothing', async (_, agencyId, roles) => {
    const username = `x.${randomUUID().slice(0, 8)}`;
    const response = await bed.actors.query('admin', CREATE_USER, {
      i: { username, displayName: '测试用户', agencyId, roles, password: 'quiet harbour lantern 42' },
    });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.extensions.field).toBe('roles');
    expect(await bed.database.users.findOne({ username })).toBeNull();
  });

  it('refuses to give the demo auditor a second role, and keeps the roles it had', async () => {
    const { me } = (await bed.actors.query<{ me: { id: string } }>('auditor', '{ me { id } }')).data!;
    const response = await bed.actors.query('admin', 'mutation($id: ID!, $r: [Role!]!) { setUserRoles(userId: $id, roles: $r) { roles } }', {
      id: me.id,
      r: ['AUDITOR', 'COORDINATOR'],
    });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect((await bed.actors.query<{ me: { roles: string[] } }>('auditor', '{ me { roles } }')).data!.me.roles).toEqual(['AUDITOR']);
  });

  it('takes a reviewer who also signs for an agency, one role of each kind at most', async () => {
    const response = await bed.actors.query<{ createUser: { id: string } }>('admin', CREATE_USER, {
      i: {
        username: 'cq.lead',
        displayName: '分管领导',
        agencyId: 'CQ-BDB',
        roles: ['REVIEWER', 'SIGNATORY', 'SIGNATORY'],
        password: 'quiet harbour lantern 42',
      },
    });
    expect(response.errors).toBeUndefined();
  });

  it('lets no administrator change their own roles, nor create a second joint office', async () => {
    const { me } = (await bed.actors.query<{ me: { id: string } }>('admin', '{ me { id } }')).data!;
    const own = await bed.actors.query('admin', 'mutation($id: ID!, $r: [Role!]!) { setUserRoles(userId: $id, roles: $r) { roles } }', {
      id: me.id,
      r: ['ADMIN', 'COORDINATOR'],
    });
    expect(codes(own)).toEqual(['BAD_USER_INPUT']);
    const office = await bed.actors.query('admin', 'mutation { createAgency(input: { id: "JOINT-TWO", name: "第二联合办公室", region: JOINT }) { id } }');
    expect(codes(office)).toEqual(['BAD_USER_INPUT']);
    expect(office.errors?.[0]?.extensions.field).toBe('region');
  });

  it('reports at start a user whose stored roles break the rule', async () => {
    const auditor = await bed.database.users.findOne({ username: 'auditor' });
    await bed.database.users.insertOne({
      ...auditor!,
      _id: randomUUID(),
      username: 'cq.old.mixed',
      agencyId: 'CQ-BDB',
      roles: ['ADMIN', 'AUDITOR', 'SIGNATORY'],
    });
    const second = await startServer(productionEnv(bed.databaseName));
    try {
      const line = await second.waitForLog((entry) => entry.msg === 'user roles break the separation of duties');
      expect(line).toMatchObject({ username: 'cq.old.mixed' });
    } finally {
      await second.stop();
    }
  });
});
