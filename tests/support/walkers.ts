import type { ProjectEvent } from '../../workflows/joint-project.js';
import type { AlignmentEvent } from '../../workflows/plan-alignment.js';
import { proposalEvents, type ProposalEvent } from '../../workflows/policy-proposal.js';
import { Alignment } from './alignments.js';
import type { TestBed } from './bed.js';
import { sharedTarget } from './alignment-model.js';
import { actionMutations, sampleDocument, type DemoUser } from './cases.js';
import type { GraphQLResponse } from './graphql.js';
import { Project, projectDocument, samplePlan } from './projects.js';

/**
 * What a step writes, so that a walk can follow each text: the body and change note of the version it makes, the
 * comment or reason it gives, the target of a plan item, the text of a proposal. `index` is the step's number.
 */
export interface Texts {
  /** The title of the version it makes; the workflow's sample title when absent. */
  title?(index: number): string;
  body(index: number): string;
  note(index: number): string;
  words(index: number): string;
  item(index: number): string;
}

/** Plain texts, for walks that follow none. */
export const plainTexts: Texts = {
  body: (index) => `修订 ${index}：补充第 ${index} 条`,
  note: (index) => `第 ${index} 次修改`,
  words: (index) => `意见 ${index}`,
  item: (index) => `新建 5G 基站 ${index} 万个`,
};

type Response = GraphQLResponse<Record<string, unknown>>;

/** One case walked through GraphQL as the demo users, an event of the model at a time. */
export interface CaseWalk<E> {
  id: string;
  step(user: DemoUser, event: E, index: number, texts?: Texts): Promise<Response>;
}

/**
 * Signs as `user` with the key of their city's signatory, as the client does: the payload, signed locally, sent
 * back. Anyone may try; a refused payload is the answer (someone who may not sign is not given one).
 */
async function signWith(bed: TestBed, user: DemoUser, caseId: string, action = 'SIGN'): Promise<Response> {
  const [keyId, signer] = user.startsWith('cq.') ? [bed.keys.cq, bed.signers.cq] : [bed.keys.cd, bed.signers.cd];
  const asked = await bed.actors.query<{ signingPayload: { payload: string } }>(
    user,
    'query($c: ID!, $k: ID!, $a: String!) { signingPayload(caseId: $c, keyId: $k, action: $a) { payload } }',
    { c: caseId, k: keyId, a: action },
  );
  if (asked.errors !== undefined) return asked;
  const { payload } = asked.data!.signingPayload;
  return bed.actors.submitSignature(user, caseId, payload, signer.sign(payload));
}

/** A policy proposal of Chongqing's big data administration with Chengdu's online governance office. */
export async function proposalWalk(bed: TestBed): Promise<CaseWalk<ProposalEvent>> {
  const { id } = await bed.actors.createProposal('cq.drafter');
  return {
    id,
    step: (user, event, index, texts = plainTexts) => {
      if (event.type === 'EDIT') {
        return bed.actors.query(user, 'mutation($i: EditDocumentInput!) { editDocument(input: $i) { id } }', {
          i: {
            caseId: id,
            baseVersion: event.version.number - 1,
            document: { ...sampleDocument(texts.title?.(index)), body: texts.body(index) },
            changeNote: texts.note(index),
          },
        });
      }
      if (event.type === 'SIGN') return signWith(bed, user, id);
      const spec = proposalEvents[event.type];
      const input: Record<string, unknown> = { caseId: id };
      if (spec.comment !== undefined) input.comment = texts.words(index);
      if (spec.reason !== undefined) input.reason = texts.words(index);
      if (event.type === 'ARBITRATE') input.resolution = event.resolution;
      return bed.actors.act(user, actionMutations[event.type], input);
    },
  };
}

const projectMutations: Partial<Record<ProjectEvent['type'], string>> = {
  SUBMIT: 'submitJointProject',
  ENDORSE: 'endorseFeasibility',
  WITHDRAW: 'withdrawCase',
  SUSPEND: 'suspendProject',
  RESUME: 'resumeProject',
  REQUEST_TERMINATION: 'requestTermination',
  DECLINE_TERMINATION: 'declineTermination',
  DECLINE_TO_SIGN: 'declineToSign',
};

/** A joint project: Chongqing's data-exchange hub with Chengdu, two milestones. */
export async function projectWalk(bed: TestBed): Promise<CaseWalk<ProjectEvent>> {
  const project = await Project.open(bed.actors);
  return {
    id: project.id,
    step: (user, event, index, texts = plainTexts) => {
      const e: ProjectEvent = event;
      switch (e.type) {
        case 'EDIT':
          return project.call(user, 'reviseJointProject', 'ReviseJointProjectInput', {
            baseVersion: e.version.number - 1,
            document: { ...projectDocument, title: texts.title?.(index) ?? projectDocument.title, body: texts.body(index) },
            plan: samplePlan(),
            changeNote: texts.note(index),
          });
        case 'RAISE_CONCERN':
          return project.act(user, 'raiseConcern', { comment: texts.words(index) });
        case 'SIGN':
        case 'SIGN_ACCEPTANCE':
        case 'SIGN_TERMINATION':
          return signWith(bed, user, project.id, e.type);
        case 'REPORT_MILESTONE':
          return project.report(user, e.milestoneId, texts.words(index));
        case 'VERIFY_MILESTONE':
          return project.review(user, 'verifyMilestone', e.milestoneId);
        case 'REJECT_MILESTONE':
          return project.review(user, 'rejectMilestone', e.milestoneId, texts.words(index));
        case 'OPEN_INSPECTION':
          return project.inspect(user, 'COUNTERPART', texts.words(index));
        case 'RECTIFY':
          return project.inspection(user, 'reportRectification', e.inspectionId, { report: texts.words(index) });
        case 'REQUEST_FURTHER_RECTIFICATION':
          return project.inspection(user, 'requestFurtherRectification', e.inspectionId, { comment: texts.words(index) });
        case 'CLOSE_INSPECTION':
          return project.inspection(user, 'closeInspection', e.inspectionId);
        default: {
          const spec = projectMutations[e.type];
          if (spec === undefined) throw new Error(`no mutation for ${e.type}`);
          const input: Record<string, unknown> = {};
          if (['SUSPEND', 'RESUME', 'REQUEST_TERMINATION', 'DECLINE_TERMINATION', 'DECLINE_TO_SIGN'].includes(e.type)) input.reason = texts.words(index);
          return project.act(user, spec, input);
        }
      }
    },
  };
}

/** A plan alignment on one topic (5G), with maxRounds 2 so that a counter-proposal escalates. */
export async function alignmentWalk(bed: TestBed): Promise<CaseWalk<AlignmentEvent>> {
  const alignment = await Alignment.open(bed.actors, { maxRounds: 2 });
  const own: Record<string, string> = {};
  return {
    id: alignment.id,
    step: async (user, event, index, texts = plainTexts) => {
      const e: AlignmentEvent = event;
      switch (e.type) {
        case 'ADD_ITEM': {
          // The model's target decides whether the two cities' items are the same (aligned at once) or not.
          const target = e.item.target === sharedTarget ? sharedTarget : texts.item(index);
          const added = await alignment.addItem(user, 'FIVE_G', target);
          own[user.slice(0, 2)] =
            Object.values(added.data ?? {})[0]?.items.find(
              (item) => item.target === target && item.region === (user.startsWith('cq') ? 'CHONGQING' : 'CHENGDU'),
            )?.id ?? '';
          return added;
        }
        case 'REMOVE_ITEM':
          // The model names an item by the user who added it; the server by the id it gave.
          return alignment.removeItem(user, own[e.itemId.slice(0, 2)]!);
        case 'SUBMIT_SECTION':
          return alignment.submit(user);
        case 'PROPOSE_RESOLUTION':
          return alignment.topic(user, 'proposeResolution', 'FIVE_G', texts.words(index));
        case 'ACCEPT_RESOLUTION':
          return alignment.topic(user, 'acceptResolution', 'FIVE_G');
        case 'COUNTER_PROPOSE':
          return alignment.topic(user, 'counterPropose', 'FIVE_G', texts.words(index));
        case 'ARBITRATE':
          return alignment.topic(user, 'arbitratePlanItem', 'FIVE_G', texts.words(index));
        case 'ESCALATE':
          return bed.actors.act(user, 'escalateCase', { caseId: alignment.id, reason: texts.words(index) });
        case 'SIGN':
          return signWith(bed, user, alignment.id);
        case 'ABANDON':
          return alignment.abandon(user, texts.words(index));
      }
    },
  };
}
