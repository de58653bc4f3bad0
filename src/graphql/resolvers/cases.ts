import { workflowKinds, workflows, type WorkflowType } from '../../../workflows/registry.js';
import type { AlignmentContext } from '../../../workflows/plan-alignment.js';
import { latePartyOf, type ProjectContext } from '../../../workflows/joint-project.js';
import type { ProposalContext } from '../../../workflows/policy-proposal.js';
import { pairViews, visibleItems } from '../../cases/alignments.js';
import { requireViewer } from '../../auth/permissions.js';
import { definitionView } from '../../cases/definitions.js';
import { definitionHash } from '../../cases/case-state.js';
import type { CaseState } from '../../cases/case-state.js';
import { withholdsWords } from '../../cases/visibility.js';
import type { CaseActionInput } from '../../cases/proposals.js';
import { historyKey, historyPosition } from '../../audit/history.js';
import { checkWholeNumber } from '../../directory/validation.js';
import { badInput, notFound } from '../../errors.js';
import { connection, type CursorSeal } from '../connection.js';
import { asShown } from './shown.js';
import type { CaseResolvers, CaseType, MutationResolvers, PlanAlignmentResolvers, PolicyProposalResolvers, Resolvers } from '../generated.js';
import { readOnce, type GraphQLContext } from '../context.js';

// Complete both ways: a workflow type without a CaseType value fails here, a CaseType value without a workflow
// fails where the history filter (typed by the registry's names) is handed the schema's.
const caseTypeOf = (type: WorkflowType): CaseType => workflowKinds[type].caseType;

/** Plain actions: one mutation per user action, each one event of the machine. */
const actions = {
  submitForInternalReview: 'SUBMIT_FOR_INTERNAL_REVIEW',
  approveInternally: 'APPROVE_INTERNALLY',
  returnToDrafter: 'RETURN_TO_DRAFTER',
  requestChanges: 'REQUEST_CHANGES',
  acceptProposal: 'ACCEPT',
  rejectProposal: 'REJECT',
  resubmitProposal: 'RESUBMIT',
  declineToSign: 'DECLINE_TO_SIGN',
  withdrawCase: 'WITHDRAW',
  escalateCase: 'ESCALATE',
  arbitrate: 'ARBITRATE',
  submitJointProject: 'SUBMIT',
  endorseFeasibility: 'ENDORSE',
  raiseConcern: 'RAISE_CONCERN',
  suspendProject: 'SUSPEND',
  resumeProject: 'RESUME',
  requestTermination: 'REQUEST_TERMINATION',
  declineTermination: 'DECLINE_TERMINATION',
} as const;

const actionResolvers = Object.fromEntries(
  Object.entries(actions).map(([operation, type]) => [
    operation,
    (_: unknown, { input }: { input: CaseActionInput }, { services, viewer }: GraphQLContext) => services.cases.act(viewer, type, operation, input),
  ]),
) as Pick<MutationResolvers, keyof typeof actions>;

function seqCursor(seal: CursorSeal, after: string | null | undefined): number {
  const key = seal.open('case history', after);
  if (key === undefined) return 0;
  if (!/^[1-9][0-9]{0,9}$/.test(key)) throw badInput('分页游标无效', 'Invalid cursor', { field: 'after' });
  return Number(key);
}

const checkFirst = (first: number | null | undefined, max: number): number => checkWholeNumber('first', first ?? max, 1, max);

export const caseFields = {
  type: (state: CaseState) => caseTypeOf(state.workflow.type),
  workflow: (state: CaseState) => state.workflow.key,
  title: (state: CaseState, _: unknown, { services, viewer }: GraphQLContext) => services.reader.currentVersionRef(requireViewer(viewer), state).title,
  state: (state: CaseState) => state.state,
  initiator: (state: CaseState) => state.workflow.parties(state.context).initiator,
  counterpart: (state: CaseState) => state.workflow.parties(state.context).counterpart,
  currentVersion: (state: CaseState, _: unknown, { services, viewer }: GraphQLContext) => services.reader.currentVersion(requireViewer(viewer), state),
  versions: (state: CaseState, _: unknown, { services, viewer }: GraphQLContext) => services.reader.versions(requireViewer(viewer), state),
  signatures: (state: CaseState, _: unknown, { services }: GraphQLContext) => services.reader.signatures(state),
  history: async (state: CaseState, { first, after }: { first?: number | null; after?: string | null }, { services, viewer }: GraphQLContext) => {
    // The case's chain searched like the whole history (`HistorySearch`): what the viewer may read, a bounded number
    // of entries read a page, and where a page cut short stopped.
    const afterSeq = seqCursor(services.cursors, after);
    const page = await services.history.search(
      viewer,
      { caseId: state.id },
      { order: 'OLDEST_FIRST', first: checkFirst(first, 200), ...(afterSeq === 0 ? {} : { after: { kind: 'case', value: afterSeq } }) },
    );
    return connection(services.cursors, 'case history', page.items, (event) => String(event.seq), {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: after != null,
      ...(page.endKey === undefined ? {} : { endKey: page.endKey.slice(1) }),
    });
  },
  availableActions: (state: CaseState, _: unknown, { services, viewer }: GraphQLContext) => services.engine.availableActions(requireViewer(viewer), state),
  awaitedActions: (state: CaseState, _: unknown, { services, viewer }: GraphQLContext) => services.engine.dueActions(requireViewer(viewer), state),
  waitingFor: (state: CaseState, _: unknown, { services, viewer }: GraphQLContext) => {
    requireViewer(viewer);
    return services.engine.waitingFor(state);
  },
  deadlines: (state: CaseState) => state.workflow.deadlines(state.context).map(({ kind, dueAt }) => ({ kind, dueAt: new Date(dueAt) })),
  // Given the case as the viewer is told it (`asShown`): its head is the newest entry they may read.
  historyLength: (state: CaseState) => state.head.seq,
  headHash: (state: CaseState) => state.head.hash,
  createdAt: (state: CaseState, _: unknown, { services, viewer }: GraphQLContext) => services.engine.createdAt(requireViewer(viewer), state),
  updatedAt: (state: CaseState) => state.head.at,
};

/** Both workflows keep a quorum and the signers of the current round per side. */
type SigningContext = Pick<ProposalContext, 'quorum' | 'signed'>;

async function quorum(state: CaseState, side: 'initiator' | 'counterpart', { services }: GraphQLContext) {
  const { required, signatories } = (state.context as unknown as SigningContext).quorum[side];
  const users = await Promise.all(signatories.map((id) => services.directory.userById(id)));
  return { required, signatories: users.filter((user) => user !== undefined) };
}

export const signingFields = {
  initiatorQuorum: (state: CaseState, _: unknown, context: GraphQLContext) => quorum(state, 'initiator', context),
  counterpartQuorum: (state: CaseState, _: unknown, context: GraphQLContext) => quorum(state, 'counterpart', context),
  signedBy: async (state: CaseState, _: unknown, { services }: GraphQLContext) => {
    const { signed } = state.context as unknown as SigningContext;
    const users = await Promise.all([...signed.initiator, ...signed.counterpart].map((id) => services.directory.userById(id)));
    return users.filter((user) => user !== undefined);
  },
};

export const caseResolvers = {
  Query: {
    case: (_, { id }, context) => readOnce(context, `case:${id}`, () => context.services.engine.read(requireViewer(context.viewer), id)),
    inbox: async (_, { first, after }, { services, viewer }) => {
      const page = await services.engine.inbox(requireViewer(viewer), inboxCursor(services.cursors, after), checkFirst(first, 100));
      return connection(services.cursors, 'inbox', page.items, (state) => `${state.head.at.toISOString()}|${state.id}`, {
        hasNextPage: page.next !== undefined,
        hasPreviousPage: after != null,
        ...(page.next === undefined ? {} : { endKey: `${page.next.updatedAt.toISOString()}|${page.next.id}` }),
      });
    },
    signingPayload: async (_, { caseId, action, keyId }, { services, viewer }) => {
      const { text, fields, policyAreas } = await services.signing.payload(viewer, caseId, action, keyId);
      return {
        agency: await services.directory.agency(fields.agencyId),
        policyAreas: policyAreas as never,
        payload: text,
        caseId: fields.caseId,
        action: fields.action,
        title: fields.title,
        versionNumber: fields.versionNumber,
        contentHash: fields.contentHash,
        keyId: fields.keyId,
        algorithm: fields.algorithm,
      };
    },
    documentDiff: (_, { caseId, from, to }, { services, viewer }) => services.reader.diff(requireViewer(viewer), caseId, from, to),
    mySigningKeys: (_, __, { services, viewer }) => services.keys.mine(viewer),
    history: async (_, { filter, order, first, after, last, before }, { services, viewer }) => {
      const page = await services.history.search(viewer, filter ?? {}, {
        order,
        first,
        last,
        after: historyPosition(services.cursors.open('history', after), 'after'),
        before: historyPosition(services.cursors.open('history', before, 'before'), 'before'),
      });
      return connection(services.cursors, 'history', page.items, historyKey, page);
    },
    historyCount: (_, { filter }, { services, viewer }) => services.history.count(viewer, filter ?? {}),
    verifyCase: (_, { id }, context) => readOnce(context, `verifyCase:${id}`, () => context.services.verifier.verify(context.viewer, id)),
    caseAsOf: (_, { id, at }, { services, viewer }) => services.reader.asOf(requireViewer(viewer), id, at),
    checkpoint: async (_, { number }, { services, viewer }) => (await services.checkpoints.get(viewer, number)) ?? null,
    checkpointKey: (_, __, { services, viewer }) => {
      requireViewer(viewer);
      return services.checkpoints.publicKey();
    },
    inclusionProof: async (_, { caseId, checkpoint }, { services, viewer }) => {
      const reader = requireViewer(viewer);
      await services.engine.read(reader, caseId);
      const proof = await services.checkpoints.inclusion(caseId, checkpoint, reader);
      if (proof === undefined && checkpoint != null && (await services.checkpoints.get(reader, checkpoint)) === undefined)
        throw notFound('找不到该检查点', 'Checkpoint not found');
      if (proof === undefined) throw notFound('该案件不在此检查点中', 'The case is not in that checkpoint');
      return proof;
    },
    evidenceBundle: (_, { caseId }, context) => readOnce(context, `evidenceBundle:${caseId}`, () => context.services.bundles.export(context.viewer, caseId)),
    checkpointConsistency: async (_, { from, to }, { services, viewer }) => {
      const { casesChecked, problems } = await services.checkpoints.consistency(viewer, from, to);
      return { from, to, consistent: problems.length === 0, casesChecked, problems };
    },
    workflowDefinitions: (_, __, { viewer }) => {
      requireViewer(viewer);
      return [...workflows.values()];
    },
  },
  Mutation: {
    ...actionResolvers,
    registerSigningKey: (_, { algorithm, publicKey, label }, { services, viewer }) => services.keys.register(viewer, algorithm, publicKey, label),
    revokeSigningKey: (_, { keyId }, { services, viewer }) => services.keys.revoke(viewer, keyId),
    createProposal: (_, { input }, { services, viewer }) => services.cases.createProposal(viewer, input),
    migrateCase: (_, { input }, { services, viewer }) => services.cases.migrate(viewer, input),
    editDocument: (_, { input }, { services, viewer }) => services.cases.editDocument(viewer, input),
    createCheckpoint: (_, __, { services, viewer }) => services.checkpoints.createOnDemand(viewer),
    countersignCheckpoint: (_, { number, keyId, signedAt, signature }, { services, viewer }) =>
      services.checkpoints.countersign(viewer, number, keyId, signedAt, signature),
    createPlanAlignment: (_, { input }, { services, viewer }) => services.cases.createPlanAlignment(viewer, input),
    addPlanItem: (_, { input }, { services, viewer }) => services.alignments.addItem(viewer, input),
    removePlanItem: (_, { input }, { services, viewer }) => services.alignments.removeItem(viewer, input),
    submitSection: (_, { input }, { services, viewer }) => services.alignments.submitSection(viewer, input),
    proposeResolution: (_, { input }, { services, viewer }) => services.alignments.propose(viewer, input),
    acceptResolution: (_, { input }, { services, viewer }) => services.alignments.accept(viewer, input),
    counterPropose: (_, { input }, { services, viewer }) => services.alignments.counterPropose(viewer, input),
    arbitratePlanItem: (_, { input }, { services, viewer }) => services.alignments.arbitrate(viewer, input),
    abandonAlignment: (_, { input }, { services, viewer }) => services.cases.act(viewer, 'ABANDON', 'abandonAlignment', input),
    signCase: (_, { input }, { services, viewer }) => services.signing.sign(viewer, input.caseId, input.payload, input.signature, input.idempotencyKey),
  },
  Case: {
    __resolveType: (state) => workflowKinds[state.workflow.type].graphqlType,
  } satisfies CaseResolvers,
  PolicyProposal: asShown({
    id: (state) => state.id,
    ...caseFields,
    ...signingFields,
  } satisfies PolicyProposalResolvers),
  CaseAsOf: {
    // The entry the answer was restored from is one the viewer may read (`CaseReader.asOf`).
    historyLength: ({ state }) => state.head.seq,
    headHash: ({ state }) => state.head.hash,
    state: ({ state }) => caseFields.state(state),
    workflow: ({ state }) => caseFields.workflow(state),
    version: ({ state }, _, context) => caseFields.currentVersion(state, _, context),
    signatures: ({ state }, _, context) => caseFields.signatures(state, _, context),
    availableActions: ({ state }, _, context) => caseFields.availableActions(state, _, context),
  },
  Checkpoint: {
    countersignatures: (checkpoint, _, { services }) => services.checkpoints.countersignatures(checkpoint.number),
  },
  Countersignature: {
    signerName: (countersignature) => countersignature.username,
    agency: (countersignature, _, { services }) => services.directory.agency(countersignature.agencyId),
  },
  InclusionProof: {
    caseId: (proof) => proof.head.caseId,
    seq: (proof) => proof.head.seq,
    hash: (proof) => proof.head.hash,
    treeSize: (proof) => proof.checkpoint.treeSize,
  },
  PlanAlignment: asShown({
    id: (state) => state.id,
    ...caseFields,
    ...signingFields,
    items: (state, _, { viewer }) => visibleItems(requireViewer(viewer), state),
    pairs: (state) => pairViews(state),
    progress: (state) => {
      const { pairs } = state.context as unknown as AlignmentContext;
      const count = (status: string) => pairs.filter((pair) => pair.status === status).length;
      return { total: pairs.length, aligned: count('aligned'), divergent: count('divergent'), escalated: count('escalated') };
    },
    sectionsSubmitted: (state) => {
      const value = state.snapshot.value as { collecting?: Record<string, string> } | string;
      if (typeof value === 'string' || value.collecting === undefined) return state.state === 'collecting' ? [] : ['INITIATOR', 'COUNTERPART'];
      return (['initiatorSection', 'counterpartSection'] as const)
        .filter((section) => value.collecting?.[section] === 'submitted')
        .map((section) => (section === 'initiatorSection' ? 'INITIATOR' : 'COUNTERPART'));
    },
    maxRounds: (state) => (state.context as unknown as AlignmentContext).maxRounds,
  } satisfies PlanAlignmentResolvers),
  PlanItem: {
    id: ({ item }) => item.id,
    side: ({ item }) => (item.side === 'initiator' ? 'INITIATOR' : 'COUNTERPART'),
    region: ({ region }) => region,
    topic: ({ item }) => item.topic as never,
    target: ({ item }) => item.target,
    indicator: ({ item }) => item.indicator,
    deadline: ({ item }) => item.deadline,
    ownerAgency: ({ item }, _, { services }) => services.directory.agency(item.ownerAgencyId),
    status: ({ status }) => (status === null ? null : (status.toUpperCase() as 'ALIGNED' | 'DIVERGENT' | 'ESCALATED')),
  },
  ItemPair: {
    topic: ({ pair }) => pair.topic as never,
    status: ({ pair }) => pair.status.toUpperCase() as 'ALIGNED' | 'DIVERGENT' | 'ESCALATED',
    proposals: ({ pair, context }) => pair.proposals.map((proposal) => ({ proposal, region: context[proposal.by].region })),
    rounds: ({ pair }) => pair.proposals.length,
    resolution: ({ pair }) => pair.resolution,
    resolvedBy: ({ pair }) => pair.resolvedBy?.toUpperCase() ?? null,
  },
  ResolutionProposal: {
    side: ({ proposal }) => (proposal.by === 'initiator' ? 'INITIATOR' : 'COUNTERPART'),
    text: ({ proposal }) => proposal.text,
    at: ({ proposal }) => new Date(proposal.at),
  },
  WaitingParty: {
    agency: (party, _, { services }) => (party.agencyId === null ? null : services.directory.agency(party.agencyId)),
    users: async (party, _, { services }) =>
      (await Promise.all(party.userIds.map((id) => services.directory.userById(id)))).filter((user) => user !== undefined),
  },
  CaseParty: {
    agency: (party, _, { services }) => services.directory.agency(party.agencyId),
  },
  DocumentVersion: {
    content: ({ content }) => ({
      title: content.title.zh,
      titleEn: content.title.en ?? null,
      summary: content.summary,
      body: content.body,
      policyAreas: content.policyAreas as never,
    }),
    authorName: (version) => version.author.username,
    authorAgency: (version, _, { services }) => services.directory.agency(version.author.agencyId),
  },
  Signature: {
    signerName: (signature) => signature.signerUsername,
    agency: (signature, _, { services }) => services.directory.agency(signature.agencyId),
  },
  CaseEvent: {
    caseType: (event) => caseTypeOf(event.caseType as WorkflowType),
    actor: ({ actor }) => ({
      username: actor.username ?? null,
      agencyId: actor.agencyId ?? null,
      region: actor.region ?? null,
      roles: actor.roles ?? null,
      system: actor.kind === 'system',
    }),
    comment: (event, _, { viewer }) =>
      typeof event.payload.comment === 'string' && !withholdsWords(requireViewer(viewer), event) ? event.payload.comment : null,
    reason: (event, _, { viewer }) => (typeof event.payload.reason === 'string' && !withholdsWords(requireViewer(viewer), event) ? event.payload.reason : null),
    resolution: ({ payload }) => (typeof payload.resolution === 'string' ? payload.resolution : null),
    topic: ({ payload }) => ((typeof payload.topic === 'string' ? payload.topic : (payload.item as { topic?: string } | undefined)?.topic) ?? null) as never,
    text: ({ payload }) => {
      const text = [payload.text, payload.evidence, payload.findings, payload.report].find((value) => typeof value === 'string');
      return typeof text === 'string' ? text : ((payload.item as { target?: string } | undefined)?.target ?? null);
    },
    subject: ({ payload }) => [payload.milestoneId, payload.inspectionId, payload.subjectId].find((value) => typeof value === 'string') ?? null,
    lateParty: ({ type, caseType, payload, snapshot }) => {
      if (type !== 'RECORD_OVERDUE' || caseType !== 'jointProject') return null;
      const context = snapshot.context as unknown as ProjectContext;
      const side = latePartyOf(context, payload);
      return side === null ? null : context[side];
    },
    versionNumber: ({ payload }) => (payload.version as { number?: number } | undefined)?.number ?? null,
    signatureId: ({ payload }) => (payload.signature as { id?: string } | undefined)?.id ?? null,
  },
  WorkflowDefinition: {
    key: (workflow) => workflow.key,
    definitionHash: (workflow) => definitionHash(workflow),
    label: (workflow) => definitionView(workflow).label,
    initial: (workflow) => definitionView(workflow).initial,
    states: (workflow) => definitionView(workflow).states,
    transitions: (workflow) => definitionView(workflow).transitions,
    events: (workflow) => Object.keys(workflow.events),
    eventTypes: (workflow) => definitionView(workflow).eventTypes,
    guards: (workflow) => definitionView(workflow).guards,
  },
} satisfies Resolvers;

function inboxCursor(seal: CursorSeal, after: string | null | undefined): { updatedAt: Date; id: string } | undefined {
  const key = seal.open('inbox', after);
  if (key === undefined) return undefined;
  const [at = '', id = ''] = key.split('|');
  const updatedAt = new Date(at);
  if (Number.isNaN(updatedAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw badInput('分页游标无效', 'Invalid cursor', { field: 'after' });
  return { updatedAt, id };
}
