import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';
import { checkBundle } from '../../src/crypto/bundle-check.js';
import { countersignedCheckpoint, useTestBed } from '../support/bed.js';
import { codes, succeeded, type GraphQLResponse } from '../support/graphql.js';
import { storeBudgetAsNumbers } from '../support/legacy.js';
import { ok, Project, projectDocument, samplePlan, type ProjectView } from '../support/projects.js';

const CREATE = 'mutation($i: CreateJointProjectInput!) { createJointProject(input: $i) { id ... on JointProject { budget { side amount } } } }';

type Created = GraphQLResponse<{ createJointProject: { id: string; budget: { side: string; amount: string }[] } }>;

/** An amount of `hundredths` of 万元 with two decimals, made with integers only. */
const twoDecimals = (hundredths: number): string => `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;

describe('money is exact: amounts of 万元 are decimal strings from the API through the store to the hash', () => {
  const bed = useTestBed('budget');

  const create = (plan: Record<string, unknown>): Promise<Created> =>
    bed.actors.query('cq.drafter', CREATE, { i: { counterpartAgencyId: 'CD-ONLINE-GOV', document: projectDocument, plan: { ...samplePlan(), ...plan } } });
  const recorded = async () => JSON.stringify(await Promise.all((['events', 'cases', 'versions'] as const).map((name) => bed.database[name].countDocuments())));
  const verify = async (id: string) =>
    succeeded(
      await bed.actors.query<{ verifyCase: { valid: boolean; problems: { kind: string }[] } }>(
        'auditor',
        'query($id: ID!) { verifyCase(id: $id) { valid problems { kind } } }',
        { id },
      ),
    ).verifyCase;
  const storedBudget = async (id: string) => (await bed.database.versions.findOne({ caseId: id, number: 1 }))?.content.project?.budget;

  /** The amount is accepted, answered, stored and hashed exactly as `shown`, and the project verifies. */
  async function expectKept(given: string, shown: string): Promise<void> {
    const response = await create({ initiatorBudget: given, counterpartBudget: '0' });
    expect(response.errors, given).toBeUndefined();
    const { id, budget } = response.data!.createJointProject;
    expect(budget, given).toEqual([
      { side: 'INITIATOR', amount: shown },
      { side: 'COUNTERPART', amount: '0.00' },
    ]);
    expect(await storedBudget(id), given).toEqual({ initiator: shown, counterpart: '0.00' });
    expect(await verify(id), given).toEqual({ valid: true, problems: [] });
  }

  it('accepts the amounts two decimals checked in floating point refused, and keeps them exactly', async () => {
    for (const [given, shown] of [
      ['1.15', '1.15'],
      ['0.29', '0.29'],
      ['4.35', '4.35'],
      ['8.2', '8.20'],
      ['1.1', '1.10'],
      ['0.07', '0.07'],
    ] as const)
      await expectKept(given, shown);
  });

  it('keeps any amount from 0.00 to 100.00 exactly (a sample)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 10_000 }), async (hundredths) => expectKept(twoDecimals(hundredths), twoDecimals(hundredths))),
      { numRuns: 15, examples: [[0], [10_000], [115], [29]] },
    );
  });

  it.each([
    ['three decimals', { counterpartBudget: '1.005' }, 'counterpartBudget'],
    ['a negative amount', { initiatorBudget: '-1' }, 'initiatorBudget'],
    ['NaN', { initiatorBudget: 'NaN' }, 'initiatorBudget'],
    ['Infinity', { counterpartBudget: 'Infinity' }, 'counterpartBudget'],
    ['an exponent', { initiatorBudget: '1e3' }, 'initiatorBudget'],
    ['thousands separators', { initiatorBudget: '1,200' }, 'initiatorBudget'],
    ['an amount past the maximum', { counterpartBudget: '1000000000.01' }, 'counterpartBudget'],
  ])('refuses %s with BAD_USER_INPUT naming the field, and records nothing', async (_, plan, field) => {
    const before = await recorded();
    const response = await create(plan);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0]!.extensions.field).toBe(field);
    expect(await recorded()).toBe(before);
  });

  it('refuses a JSON number, which has already been through binary floating point', async () => {
    const before = await recorded();
    const response = await create({ initiatorBudget: 1.15 });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0]!.message).toContain('initiatorBudget');
    const literal = await bed.actors.query(
      'cq.drafter',
      `mutation { createJointProject(input: { counterpartAgencyId: "CD-ONLINE-GOV", document: { title: "项目", summary: "s", body: "b", policyAreas: [FIVE_G] }, plan: { goals: ["g"], initiatorBudget: 1.15, counterpartBudget: "1", initiatorLeadAgencyId: "CQ-BDB", counterpartLeadAgencyId: "CD-ONLINE-GOV", milestones: [{ title: "m", side: INITIATOR, dueDate: "2099-01-01", deliverable: "d" }] } }) { id } }`,
    );
    expect(codes(literal)).toEqual(['BAD_USER_INPUT']);
    expect(await recorded()).toBe(before);
  });

  it('reads, shows and verifies a project stored before, with its amounts as JSON numbers, the same way as a new one', async () => {
    const fresh = await Project.open(bed.actors);
    const legacy = await Project.open(bed.actors);
    await storeBudgetAsNumbers(bed.database, legacy.id, { initiator: 1200, counterpart: 800.5 });
    expect(await storedBudget(legacy.id)).toEqual({ initiator: 1200, counterpart: 800.5 });
    expect(await storedBudget(fresh.id)).toEqual({ initiator: '1200.00', counterpart: '800.50' });
    const amounts = (view: ProjectView) => view.budget.map((share) => share.amount);
    expect(amounts(await legacy.view())).toEqual(['1200.00', '800.50']);
    expect(amounts(await legacy.view())).toEqual(amounts(await fresh.view()));
    expect(await verify(legacy.id)).toEqual({ valid: true, problems: [] });

    // Offline, from the bundle: the hashes are over what was stored, numbers and strings alike.
    await countersignedCheckpoint(bed);
    for (const id of [legacy.id, fresh.id]) {
      const bundle = succeeded(
        await bed.actors.query<{ evidenceBundle: string }>('auditor', 'query($id: ID!) { evidenceBundle(caseId: $id) }', { id }),
      ).evidenceBundle;
      expect(checkBundle(bundle, inject('keys').checkpoint.publicKey).problems).toEqual([]);
    }

    // Revised with the same amounts, the diff shows no change of budget; with another, both in the one form.
    ok(await legacy.revise('cq.drafter', 1, samplePlan()));
    ok(await legacy.revise('cq.drafter', 2, { ...samplePlan(), counterpartBudget: '900' }));
    const diff = async (from: number, to: number) =>
      succeeded(
        await bed.actors.query<{ documentDiff: { fields: { field: string; before: string; after: string }[] } }>(
          'cq.drafter',
          'query($id: ID!, $a: Int!, $b: Int!) { documentDiff(caseId: $id, from: $a, to: $b) { fields { field before after } } }',
          { id: legacy.id, a: from, b: to },
        ),
      ).documentDiff.fields.filter((change) => change.field === 'budget');
    expect(await diff(1, 2)).toEqual([]);
    expect(await diff(1, 3)).toEqual([{ field: 'budget', before: '1200.00 / 800.50 万元', after: '1200.00 / 900.00 万元' }]);
    expect(await verify(legacy.id)).toEqual({ valid: true, problems: [] });
  });
});
