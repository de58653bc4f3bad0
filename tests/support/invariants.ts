import { expect } from 'vitest';
import { demoUsers, type Actors, type DemoUser } from './cases.js';
import { succeeded } from './graphql.js';

interface Party {
  region: string;
  agency: { id: string } | null;
  role: string;
  users: { id: string }[];
  actions: string[];
}

interface Me {
  id: string;
  region: string;
  roles: string[];
  agency: { id: string };
}

const finalStates = new Set(['adopted', 'rejected', 'withdrawn', 'aligned', 'abandoned', 'completed', 'terminated']);
const profiles = new WeakMap<Actors, Promise<Record<DemoUser, Me>>>();

/** Who each demo user is (id, city, agency, roles), asked once per set of signed-in actors. */
function whoIs(actors: Actors): Promise<Record<DemoUser, Me>> {
  let found = profiles.get(actors);
  if (found === undefined) {
    found = Promise.all(
      demoUsers.map(async (user) => [user, succeeded(await actors.query<{ me: Me }>(user, '{ me { id region roles agency { id } } }')).me] as const),
    ).then((entries) => Object.fromEntries(entries) as Record<DemoUser, Me>);
    profiles.set(actors, found);
  }
  return found;
}

const isIn = (me: Me, party: Party): boolean =>
  me.region === party.region &&
  me.roles.includes(party.role) &&
  (party.agency === null || party.agency.id === me.agency.id) &&
  (party.users.length === 0 || party.users.some((user) => user.id === me.id));

/**
 * (I2) Every case that is not final names whom it waits for, every party named has the case in its inbox with the
 * actions due from it, and no one else has it there. Checked for every demo user.
 */
export async function expectWaitingAgreesWithInboxes(actors: Actors, caseId: string): Promise<void> {
  const { case: view } = succeeded(
    await actors.query<{ case: { state: string; waitingFor: Party[] } }>(
      'auditor',
      'query($id: ID!) { case(id: $id) { state waitingFor { region agency { id } role users { id } actions } } }',
      { id: caseId },
    ),
  );
  if (!finalStates.has(view.state)) expect(view.waitingFor, `${view.state}: waits for someone`).not.toEqual([]);
  else expect(view.waitingFor, `${view.state} waits for no one`).toEqual([]);
  const people = await whoIs(actors);
  const inboxes = await Promise.all(
    demoUsers.map(async (user) =>
      succeeded(
        await actors.query<{ inbox: { edges: { node: { id: string; awaitedActions: string[] } }[] } }>(
          user,
          '{ inbox(first: 100) { edges { node { id awaitedActions } } } }',
        ),
      ),
    ),
  );
  for (const [index, user] of demoUsers.entries()) {
    const listed = inboxes[index]!.inbox.edges.find((edge) => edge.node.id === caseId);
    const parties = view.waitingFor.filter((party) => isIn(people[user], party));
    expect(
      listed !== undefined,
      `${user} ${listed === undefined ? 'lacks' : 'has'} the case (${view.state}) in the inbox; waitingFor ${JSON.stringify(view.waitingFor)}`,
    ).toBe(parties.length > 0);
    if (listed !== undefined) expect(listed.node.awaitedActions.length, `${user} is told what is due`).toBeGreaterThan(0);
  }
}
