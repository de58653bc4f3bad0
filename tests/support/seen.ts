import type { Actors, DemoUser } from './cases.js';

const VERSION = 'id number contentHash changeNote authorName createdAt content { title titleEn summary body policyAreas }';
const ENTRY =
  'caseId caseType seq type fromState toState at comment reason resolution topic text subject versionNumber signatureId workflow definitionHash prevHash hash actor { username agencyId region roles system }';
const EVERY_FIELD = `id type workflow title state historyLength headHash createdAt updatedAt availableActions awaitedActions
  deadlines { kind dueAt }
  initiator { region agency { id name } } counterpart { region agency { id name } }
  currentVersion { ${VERSION} } versions { ${VERSION} }
  signatures { id signerName action keyId algorithm versionNumber contentHash payload signature signedAt current }
  history(first: 200) { edges { node { ${ENTRY} } } }
  ... on PolicyProposal { initiatorQuorum { required } counterpartQuorum { required } signedBy { username } }
  ... on PlanAlignment { items { id side topic target indicator deadline status } pairs { topic status rounds resolution resolvedBy proposals { side text at } } progress { total aligned divergent escalated } sectionsSubmitted }
  ... on JointProject { goals budget { side amount leadAgency { id } } milestones { id title deliverable dueDate status reports { text } rejections { text } } inspections { id findings status rectifications { text } returns { text } } endorsedBy }`;

const SUPERVISED = 'project { id title currentVersion { number contentHash content { title } } } milestone { id title }';

/**
 * Everything `user` can read of a case through the API, as one text: the case with every field, each of its
 * versions, the diff between each pair of versions (`all`; with `newest`, each version against the newest
 * number), the case as of the time of every entry it shows (`newest`: of the last two), the history search and
 * count narrowed to the case, the inbox, supervision, the inclusion proof, the evidence bundle, and the signing
 * payload when one is offered. What is not readable answers an error, which is part of the text too (errors
 * must not leak either).
 */
export async function everythingSeenBy(actors: Actors, user: DemoUser, caseId: string, scope: 'all' | 'newest' = 'all'): Promise<string> {
  const seen: unknown[] = [];
  const ask = async <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) => {
    const response = await actors.query<T>(user, query, variables);
    seen.push(response.data, response.errors);
    return response.data;
  };
  type Seen = { case: { versions: { number: number }[]; history: { edges: { node: { at: string } }[] }; availableActions: string[] } | null };
  // The routes that do not depend on what the case shows are asked at once, as a browser would.
  const [found] = await Promise.all([
    ask<Seen>(`query($id: ID!) { case(id: $id) { ${EVERY_FIELD} } }`, { id: caseId }),
    ask('query($f: HistoryFilter) { history(filter: $f, first: 500) { edges { node { ' + ENTRY + ' } } } historyCount(filter: $f) }', { f: { caseId } }),
    ask('{ inbox(first: 100) { edges { node { id title state currentVersion { number contentHash content { title } } } } } }'),
    ask(
      `{ supervision(withinDays: 3650) { overdue { ${SUPERVISED} } overdueVerifications { ${SUPERVISED} } dueSoon { ${SUPERVISED} } openInspections { project { id title } inspection { id findings } } } }`,
    ),
    ask('query($id: ID!) { inclusionProof(caseId: $id) { seq hash leafIndex treeSize } }', { id: caseId }),
    ask('query($id: ID!) { evidenceBundle(caseId: $id) }', { id: caseId }),
  ]);
  const view = found?.case;
  if (view == null) return JSON.stringify(seen);
  const numbers = view.versions.map((version) => version.number);
  // Asking for versions it does not show must not show them either.
  const asked = [...new Set([...numbers, ...Array.from({ length: Math.max(0, ...numbers) + 1 }, (_, i) => i + 1)])];
  const newest = Math.max(...asked);
  for (const from of asked) {
    for (const to of asked) {
      if (from < to && (scope === 'all' || to === newest))
        await ask('query($id: ID!, $a: Int!, $b: Int!) { documentDiff(caseId: $id, from: $a, to: $b) { fields { field before after } body { kind text } } }', {
          id: caseId,
          a: from,
          b: to,
        });
    }
  }
  for (const { node } of scope === 'all' ? view.history.edges : view.history.edges.slice(-2)) {
    await ask(
      `query($id: ID!, $at: DateTime!) { caseAsOf(id: $id, at: $at) { state historyLength headHash version { ${VERSION} } signatures { versionNumber contentHash } availableActions } }`,
      { id: caseId, at: node.at },
    );
  }
  for (const action of view.availableActions.filter((type) => type.startsWith('SIGN'))) {
    const keys = await ask<{ mySigningKeys: { id: string }[] }>('{ mySigningKeys { id } }');
    for (const key of keys?.mySigningKeys ?? []) {
      await ask('query($c: ID!, $k: ID!, $a: String!) { signingPayload(caseId: $c, keyId: $k, action: $a) { payload title versionNumber contentHash } }', {
        c: caseId,
        k: key.id,
        a: action,
      });
    }
  }
  return JSON.stringify(seen);
}

/** The markers of `markers` that occur in `text`. */
export const leaked = (text: string, markers: readonly string[]): string[] => markers.filter((marker) => text.includes(marker));
