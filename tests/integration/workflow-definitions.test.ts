import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, gql, succeeded } from '../support/graphql.js';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';

interface Label {
  zh: string;
  en: string;
}
interface Guard {
  kind: string;
  name: string | null;
  params: string | null;
  description: Label;
  parts: Omit<Guard, 'parts'>[];
}
interface Transition {
  kind: string;
  event: string;
  label: Label;
  source: string;
  targets: string[];
  guard: string | null;
  condition: Guard | null;
  actions: { name: string; params: string | null }[];
}
interface Definition {
  key: string;
  definitionHash: string;
  label: Label;
  initial: string;
  states: { id: string; type: string; parent: string | null; initial: string | null; label: Label; meta: string | null }[];
  transitions: Transition[];
  eventTypes: { type: string; label: Label }[];
  guards: { name: string; description: Label }[];
}

const GUARD = 'kind name params description { zh en }';
const QUERY = `{ workflowDefinitions {
  key definitionHash label { zh en } initial
  states { id type parent initial label { zh en } meta }
  transitions { kind event label { zh en } source targets guard condition { ${GUARD} parts { ${GUARD} } } actions { name params } }
  eventTypes { type label { zh en } } guards { name description { zh en } }
} }`;

describe('workflowDefinitions', () => {
  let server: RunningServer;
  let definitions: Map<string, Definition>;

  beforeAll(async () => {
    server = await startServer(productionEnv(uniqueDatabaseName('definitions')));
    const token = await login(server.graphqlUrl, 'auditor');
    const data = succeeded(await gql<{ workflowDefinitions: Definition[] }>(server.graphqlUrl, QUERY, {}, { token }));
    definitions = new Map(data.workflowDefinitions.map((definition) => [definition.key, definition]));
  });
  afterAll(async () => {
    await server.stop();
  });

  const transition = (key: string, source: string, event: string, index = 0) =>
    definitions.get(key)!.transitions.filter((t) => t.source === source && t.event === event)[index]!;

  it('shows composite guards with their parts, named and described in both languages, with their parameters', () => {
    const escalate = transition('policyProposal@1', 'counterpartReview', 'ESCALATE');
    expect(escalate.guard).toBe('or(isCoordinator, reviewDeadlinePassed)');
    expect(escalate.condition).toMatchObject({
      kind: 'OR',
      name: null,
      description: { zh: '满足其一', en: 'any of' },
      parts: [
        { kind: 'NAMED', name: 'isCoordinator', params: null, description: { zh: '联合办公室的协调人', en: 'a coordinator of the joint office' } },
        { kind: 'NAMED', name: 'reviewDeadlinePassed', params: null },
      ],
    });
    const declined = transition('jointProject@1', 'terminating', 'DECLINE_TERMINATION');
    expect(declined.targets).toEqual(['suspended']);
    expect(declined.guard).toBe('and(isReviewerOrSignatory, cameFrom({"from":"suspended"}))');
    expect(declined.condition!.parts.map(({ kind, name, params }) => ({ kind, name, params }))).toEqual([
      { kind: 'NAMED', name: 'isReviewerOrSignatory', params: null },
      { kind: 'NAMED', name: 'cameFrom', params: '{"from":"suspended"}' },
    ]);
    const sign = transition('jointProject@1', 'approval.initiatorSide.collecting', 'SIGN');
    expect(sign.condition).toMatchObject({ kind: 'NAMED', name: 'completesQuorumOf', params: '{"side":"initiator"}' });
    expect(sign.actions).toEqual([{ name: 'recordSignatureOf', params: '{"side":"initiator"}' }]);
    for (const definition of definitions.values()) {
      const named = new Set(
        definition.transitions.flatMap((t) =>
          t.condition === null ? [] : t.condition.kind === 'NAMED' ? [t.condition.name] : t.condition.parts.map((p) => p.name),
        ),
      );
      expect([...named].sort()).toEqual(definition.guards.map((guard) => guard.name));
      expect(definition.guards.every((guard) => guard.description.zh !== guard.name && guard.description.en !== guard.name)).toBe(true);
    }
    expect(JSON.stringify([...definitions.values()].map((d) => d.transitions))).not.toMatch(/composite/);
  });

  it('shows eventless and done transitions by their kind, never by internal event names', () => {
    const memorandum = definitions.get('planAlignment@1')!.transitions.find((t) => t.source === 'reconciling' && t.kind === 'ALWAYS')!;
    expect(memorandum).toMatchObject({
      event: 'always',
      targets: ['signing'],
      guard: 'and(allAligned, memorandumOffered)',
      label: { zh: '条件满足时自动转入' },
    });
    expect(memorandum.actions.map((a) => a.name)).toEqual(['setMemorandum', 'openSigningRound']);
    expect(transition('jointProject@1', 'inProgress', 'always')).toMatchObject({ kind: 'ALWAYS', targets: ['acceptance'], guard: 'allVerified' });
    expect(transition('policyProposal@1', 'signing', 'done')).toMatchObject({
      kind: 'DONE',
      targets: ['adopted'],
      guard: null,
      label: { zh: '签署完成', en: 'Signing: done' },
    });
    expect(transition('planAlignment@1', 'collecting', 'done')).toMatchObject({
      kind: 'DONE',
      targets: ['reconciling'],
      actions: [{ name: 'pairItems', params: null }],
    });
    expect(transition('jointProject@1', '', 'RECORD_OVERDUE')).toMatchObject({ kind: 'EVENT', guard: 'isOverdue', label: { zh: '记录逾期（系统）' } });
    const events = [...definitions.values()].flatMap((d) => [...d.transitions.map((t) => t.event), ...d.eventTypes.map((e) => e.type)]);
    expect(events.filter((event) => event.startsWith('xstate.'))).toEqual([]);
  });

  it('shows nesting, the initial state of every compound state and labels for every state and event', () => {
    const proposal = definitions.get('policyProposal@1')!;
    expect(proposal.label).toEqual({ zh: '联合政策提案', en: 'Joint policy proposal' });
    expect(proposal.initial).toBe('drafting');
    const state = (id: string) => proposal.states.find((s) => s.id === id);
    expect(state('drafting')).toMatchObject({ type: 'atomic', parent: null, label: { zh: '起草', en: 'Drafting' }, meta: '{"internalTo":"initiator"}' });
    expect(state('signing')).toMatchObject({ type: 'parallel', parent: null, initial: null });
    expect(state('signing.initiatorSide')).toMatchObject({ type: 'compound', parent: 'signing', initial: 'signing.initiatorSide.collecting' });
    expect(state('signing.counterpartSide.signed')).toMatchObject({ type: 'final', parent: 'signing.counterpartSide', label: { zh: '对方已签署' } });
    expect(definitions.get('jointProject@1')!.states.find((s) => s.id === 'rectification')!.label).toEqual({
      zh: '督查整改',
      en: 'Inspection and rectification',
    });
    for (const definition of definitions.values()) {
      expect(definition.states.filter((s) => s.label.zh === s.id || !/\p{Script=Han}/u.test(s.label.zh))).toEqual([]);
      expect(definition.eventTypes.filter((e) => e.label.zh === e.type || e.label.en === e.type)).toEqual([]);
      expect(definition.transitions.filter((t) => !/\p{Script=Han}/u.test(t.label.zh))).toEqual([]);
    }
  });

  it('keeps the definition hash every recorded entry names', () => {
    expect(Object.fromEntries([...definitions.values()].map((d) => [d.key, d.definitionHash]))).toEqual({
      'policyProposal@1': '0669b87330da0233e65418b5778cd050b162c347361d47b7e5cfad054fa45107',
      'planAlignment@1': '108b54481db1b0863bfcd8b342c931395a772a431c71c3d4895b21fb178b46c2',
      'jointProject@1': '4c9ba58bda2e7b426b68b8e80a06bf200f3d4faa8ff930430d45fe745fbba3d5',
      'policyProposal@2': '8bfbadb0257418224c1ef4d53c459a134ff69b5a83655fb3f7032faf5d2d6bd7',
      'planAlignment@2': '4fbcd56766014b943aa2b8f45be93d0eb0e522e7c30e60c0124d2483a330cf56',
      'planAlignment@3': 'df527f797f0773cc621e977f50eaa77f17da22667f19f6f775c431be6d483787',
      'jointProject@2': '858175aceca221ca36076310dc221ae952f79c3d38bb50a0f23cf42575fccf91',
      'jointProject@3': '8feeeef9699d8402cedc9ba4e19a09dff4a5638341c2f07644d72e3776c85ce1',
    });
  });
});
