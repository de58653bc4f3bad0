import { expect } from 'vitest';
import type { Actors, DemoUser } from './cases.js';
import type { GraphQLResponse } from './graphql.js';

export const ALIGNMENT_FIELDS = `
  id state historyLength availableActions currentVersion { number contentHash content { title body } }
  ... on PlanAlignment {
    items { id side region topic target status }
    pairs { topic status rounds resolution resolvedBy initiatorItem { id } counterpartItem { id } proposals { side region text } }
    progress { total aligned divergent escalated }
    sectionsSubmitted
  }
`;

export interface AlignmentView {
  id: string;
  state: string;
  historyLength: number;
  availableActions: string[];
  currentVersion: { number: number; contentHash: string; content: { title: string; body: string } };
  items: { id: string; side: string; region: string; topic: string; target: string; status: string | null }[];
  pairs: {
    topic: string;
    status: string;
    rounds: number;
    resolution: string | null;
    resolvedBy: string | null;
    proposals: { side: string; region: string; text: string }[];
  }[];
  progress: { total: number; aligned: number; divergent: number; escalated: number };
  sectionsSubmitted: string[];
}

/** Speaks the plan-alignment mutations as the demo users. */
export class Alignment {
  constructor(
    private readonly actors: Actors,
    readonly id: string,
  ) {}

  static async open(actors: Actors, extra: Record<string, unknown> = {}): Promise<Alignment> {
    const response = await actors.query<{ createPlanAlignment: { id: string } }>(
      'cq.drafter',
      'mutation($i: CreatePlanAlignmentInput!) { createPlanAlignment(input: $i) { id } }',
      {
        i: {
          counterpartAgencyId: 'CD-ONLINE-GOV',
          document: {
            title: '成渝数字经济试验区建设规划对接',
            summary: '5G、数据中心与跨区域数据交换中心',
            body: '两地规划逐项对接。',
            policyAreas: ['FIVE_G', 'BIG_DATA', 'DATA_CIRCULATION'],
          },
          ...extra,
        },
      },
    );
    expect(response.errors).toBeUndefined();
    return new Alignment(actors, response.data!.createPlanAlignment.id);
  }

  private call(user: DemoUser, mutation: string, inputType: string, input: Record<string, unknown>): Promise<GraphQLResponse<Record<string, AlignmentView>>> {
    return this.actors.query(user, `mutation($i: ${inputType}!) { ${mutation}(input: $i) { ${ALIGNMENT_FIELDS} } }`, { i: { caseId: this.id, ...input } });
  }

  addItem(user: DemoUser, topic: string, target: string, ownerAgencyId = user.startsWith('cq.') ? 'CQ-BDB' : 'CD-ONLINE-GOV') {
    return this.call(user, 'addPlanItem', 'AddPlanItemInput', { topic, target, indicator: '个', deadline: '2027-12-31', ownerAgencyId });
  }

  removeItem(user: DemoUser, itemId: string) {
    return this.call(user, 'removePlanItem', 'RemovePlanItemInput', { itemId });
  }

  submit(user: DemoUser) {
    return this.call(user, 'submitSection', 'CaseActionInput', {});
  }

  topic(
    user: DemoUser,
    mutation: 'proposeResolution' | 'acceptResolution' | 'counterPropose' | 'arbitratePlanItem',
    topic: string,
    text?: string,
    extra: Record<string, unknown> = {},
  ) {
    return this.call(user, mutation, 'TopicActionInput', { topic, ...(text === undefined ? {} : { text }), ...extra });
  }

  abandon(user: DemoUser, reason: string) {
    return this.call(user, 'abandonAlignment', 'CaseActionInput', { reason });
  }

  async view(user: DemoUser): Promise<GraphQLResponse<{ case: AlignmentView }>> {
    return this.actors.query(user, `query($id: ID!) { case(id: $id) { ${ALIGNMENT_FIELDS} } }`, { id: this.id });
  }
}
