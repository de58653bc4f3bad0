import { randomUUID } from 'node:crypto';
import type { ProjectInput, ProjectPlan } from '../../workflows/joint-project.js';
import type { AlignmentInput } from '../../workflows/plan-alignment.js';
import type { ProposalInput, Quorum } from '../../workflows/policy-proposal.js';
import { newestWorkflow, type Workflow } from '../../workflows/registry.js';
import type { Party, VersionRef } from '../../workflows/types.js';
import { requireRole, requireViewer } from '../auth/permissions.js';
import type { Viewer } from '../directory/model.js';
import type { Agency } from '../store/records.js';
import type { DirectoryService } from '../directory/service.js';
import { checkAgencyId, checkText, checkWholeNumber } from '../directory/validation.js';
import { AppError, badInput, forbidden } from '../errors.js';
import type { CaseStore } from '../store/case-store.js';
import { chinaDate } from '../calendar/calendar.js';
import type { Json } from '../crypto/canonical-json.js';
import { requestHash, type ActionInput } from './commands.js';
import { checkPlan, type ProjectPlanInput } from './project-plan.js';
import { documentContent, newVersion, versionRef, type DocumentInput } from './documents.js';
import type { CaseEngine } from './engine.js';
import type { CaseState } from './case-state.js';

/**
 * The most versions a case's document may have by default (CASE_MAX_VERSIONS). Every read of a case in full (its versions for a reader, its history
 * for the counterpart's view, verifyCase, the evidence bundle) costs in proportion to its length, and edits are the one
 * step a party can repeat alone: without a bound, one drafter could make a case too costly for the other city to read
 * and for auditors to verify. A policy text is revised tens of times, not hundreds.
 */
export const defaultMaxVersions = 500;

export interface QuorumInput {
  required: number;
  signatories?: readonly string[] | null;
}

interface OpenCaseInput {
  counterpartAgencyId: string;
  document: DocumentInput;
  initiatorQuorum?: QuorumInput | null;
  counterpartQuorum?: QuorumInput | null;
  idempotencyKey?: string | null;
}

export interface CreateProposalInput extends OpenCaseInput {
  reviewPeriodDays?: number | null;
}

export interface CreatePlanAlignmentInput extends OpenCaseInput {
  maxRounds?: number | null;
  negotiationDays?: number | null;
}

export interface CreateJointProjectInput extends OpenCaseInput {
  plan: ProjectPlanInput;
  verificationWorkingDays?: number | null;
}

export interface EditDocumentInput {
  caseId: string;
  baseVersion: number;
  document: DocumentInput;
  changeNote: string;
  idempotencyKey?: string | null;
}

export interface MigrateCaseInput {
  caseId: string;
  toWorkflow: string;
  comment: string;
  expectedVersion?: number | null;
  idempotencyKey?: string | null;
}

export interface CaseActionInput extends ActionInput {
  caseId: string;
  expectedVersion?: number | null;
  idempotencyKey?: string | null;
}

type Sides = { caseId: string; initiator: Party; counterpart: Party; quorum: Record<'initiator' | 'counterpart', Quorum> };

const otherCity = { CHENGDU: 'CHONGQING', CHONGQING: 'CHENGDU' } as const;

/** Creating and editing cases, and every action that is a plain event with a comment or reason. */
export class CaseService {
  constructor(
    private readonly engine: CaseEngine,
    private readonly store: CaseStore,
    private readonly directory: DirectoryService,
    private readonly maxVersions = defaultMaxVersions,
  ) {}

  async createProposal(viewer: Viewer | undefined, input: CreateProposalInput): Promise<CaseState> {
    const reviewPeriodDays = checkWholeNumber('reviewPeriodDays', input.reviewPeriodDays ?? 10, 1, 90);
    return this.open(viewer, newestWorkflow('policyProposal'), 'createProposal', input, (sides, version) => {
      const machineInput: ProposalInput = { ...sides, version, reviewPeriodDays };
      return machineInput;
    });
  }

  async createPlanAlignment(viewer: Viewer | undefined, input: CreatePlanAlignmentInput): Promise<CaseState> {
    const maxRounds = checkWholeNumber('maxRounds', input.maxRounds ?? 3, 2, 10);
    const negotiationDays = checkWholeNumber('negotiationDays', input.negotiationDays ?? 30, 1, 180);
    return this.open(viewer, newestWorkflow('planAlignment'), 'createPlanAlignment', input, (sides, version) => {
      const machineInput: AlignmentInput = { ...sides, version, maxRounds, negotiationDays };
      return machineInput;
    });
  }

  /** A joint project: the plan (goals, budget split, lead agencies, milestones) is part of the signed document. */
  async createJointProject(viewer: Viewer | undefined, input: CreateJointProjectInput): Promise<CaseState> {
    const verificationWorkingDays = checkWholeNumber('verificationWorkingDays', input.verificationWorkingDays ?? 5, 1, 30);
    return this.open(
      viewer,
      newestWorkflow('jointProject'),
      'createJointProject',
      input,
      (sides, version, plan) => {
        const machineInput: ProjectInput = { ...sides, version, plan: plan!, verificationWorkingDays };
        return machineInput;
      },
      (parties) => checkPlan(input.plan, parties, this.directory, chinaDate(new Date())),
    );
  }

  /**
   * Opens a case of either city's drafter with an agency of the other city, the first version of its
   * document (with the plan, for a project) and each side's signing quorum.
   */
  private async open(
    viewer: Viewer | undefined,
    workflow: Workflow,
    operation: string,
    input: OpenCaseInput,
    machineInput: (sides: Sides, version: VersionRef, plan?: ProjectPlan) => object,
    planOf?: (parties: Record<'initiator' | 'counterpart', Party>) => Promise<ProjectPlan>,
  ): Promise<CaseState> {
    const drafter = requireRole(viewer, 'DRAFTER');
    if (drafter.region === 'JOINT') throw forbidden('联合办公室不发起案件', 'The joint office does not open cases');
    const counterpartAgency = await this.directory.agency(checkAgencyId(input.counterpartAgencyId));
    if (counterpartAgency.region !== otherCity[drafter.region]) {
      throw badInput('对方机构须属于另一城市', 'The counterpart agency must belong to the other city', { field: 'counterpartAgencyId' });
    }
    const initiator: Party = { region: drafter.region, agencyId: drafter.agencyId };
    const counterpart: Party = { region: counterpartAgency.region, agencyId: counterpartAgency.id };
    const plan = await planOf?.({ initiator, counterpart });
    const content = { ...documentContent(input.document), ...(plan === undefined ? {} : { project: plan }) };
    const quorum = {
      initiator: await this.quorum('initiatorQuorum', input.initiatorQuorum, await this.directory.agency(initiator.agencyId)),
      counterpart: await this.quorum('counterpartQuorum', input.counterpartQuorum, counterpartAgency),
    };

    return this.engine.create(drafter, workflow, { idempotencyKey: input.idempotencyKey, requestHash: requestHash(operation, input) }, async () => {
      const caseId = randomUUID();
      const version = newVersion(caseId, 1, content, drafter, '初稿 / first draft');
      await this.store.insertVersion(version);
      const ref = versionRef(version);
      return { input: { ...machineInput({ caseId, initiator, counterpart, quorum }, ref, plan), caseId }, payload: { version: { ...ref } } };
    });
  }

  /** A new immutable version, based on the version the editor saw; a stale base is a VERSION_CONFLICT. */
  async editDocument(viewer: Viewer | undefined, input: EditDocumentInput): Promise<CaseState> {
    const editor = requireViewer(viewer);
    const state = await this.engine.read(editor, input.caseId);
    if (state.workflow.type === 'jointProject') {
      throw badInput('联合项目须连同项目计划一并修改（reviseJointProject）', 'A joint project is revised together with its plan (reviseJointProject)', {
        field: 'caseId',
      });
    }
    return this.edit(editor, 'editDocument', input);
  }

  /**
   * Stores the next version and sends EDIT with it, up to `maxVersions` (`defaultMaxVersions`). Who may edit, and when, is the machine's EDIT guard: no
   * role check here. A project's plan goes into the version and, for the machine, into the event.
   */
  async edit(editor: Viewer, operation: string, input: EditDocumentInput, plan?: ProjectPlan): Promise<CaseState> {
    const content = { ...documentContent(input.document), ...(plan === undefined ? {} : { project: plan }) };
    const baseVersion = checkWholeNumber('baseVersion', input.baseVersion, 1);
    return this.engine.act(
      editor,
      input.caseId,
      {
        type: 'EDIT',
        input: {},
        fields: plan === undefined ? {} : { plan: plan as unknown as Json },
        idempotencyKey: input.idempotencyKey,
        requestHash: requestHash(operation, input),
      },
      async (state) => {
        const current = state.workflow.currentVersion(state.context);
        if (baseVersion !== current.number) {
          throw new AppError(
            'VERSION_CONFLICT',
            {
              zh: `修改基于第 ${baseVersion} 版，但当前已是第 ${current.number} 版`,
              en: `The edit is based on version ${baseVersion}, but version ${current.number} is current`,
            },
            { currentVersion: current.number },
          );
        }
        // Past the limit a draft is finished as it stands, unless it is the version last handed over: sent back for
        // changes, a revision is then the only way on (each such edit a round of the other side's review).
        if (current.number >= this.maxVersions && state.workflow.sharedVersion(state.context)?.id !== current.id) {
          throw badInput(
            `一个案件最多 ${this.maxVersions} 个版本：请在此版本上完成起草`,
            `A case holds at most ${this.maxVersions} versions: finish drafting on this one`,
            { field: 'baseVersion', maxVersions: this.maxVersions },
          );
        }
        const version = newVersion(state.id, current.number + 1, content, editor, input.changeNote);
        await this.store.insertVersion(version);
        return { version: { ...versionRef(version) } };
      },
    );
  }

  /** The joint office moves a running case onto a newer version of its workflow (see `CaseEngine.migrate`). */
  migrate(viewer: Viewer | undefined, input: MigrateCaseInput): Promise<CaseState> {
    const { caseId, toWorkflow, comment, expectedVersion, idempotencyKey } = input;
    const toKey = checkText('toWorkflow', toWorkflow, { max: 64, pattern: /^[a-zA-Z]+@[1-9][0-9]{0,3}$/ });
    return this.engine.migrate(requireViewer(viewer), caseId, toKey, {
      input: { comment },
      expectedVersion,
      idempotencyKey,
      requestHash: requestHash('migrateCase', input),
    });
  }

  act(viewer: Viewer | undefined, type: string, operation: string, input: CaseActionInput): Promise<CaseState> {
    const actor = requireViewer(viewer);
    const { caseId, expectedVersion, idempotencyKey, ...rest } = input;
    return this.engine.act(actor, caseId, { type, input: rest, expectedVersion, idempotencyKey, requestHash: requestHash(operation, input) });
  }

  /**
   * A side's signing quorum: `required` of its named signatories, or of any of its signatories when it names none.
   * A quorum that could never be met is refused now, not discovered at signing: more required than named, a named
   * user who is not a signatory of the agency, or more required than the agency has enabled signatories.
   */
  private async quorum(field: string, input: QuorumInput | null | undefined, agency: Agency): Promise<Quorum> {
    const required = input?.required ?? 1;
    const signatories = [...new Set(input?.signatories ?? [])];
    if (!Number.isInteger(required) || required < 1 || required > 10 || (signatories.length > 0 && signatories.length < required)) {
      throw badInput('签署法定人数须为 1–10，且不多于指定签署人数', 'A quorum is 1 to 10 and no more than the named signatories', { field });
    }
    for (const userId of signatories) {
      const user = await this.directory.userById(userId);
      if (user === undefined || user.agencyId !== agency.id || !user.roles.includes('SIGNATORY') || user.disabled) {
        throw badInput(`指定签署人须为 ${agency.name} 的签署人`, `Named signatories must be signatories of ${agency.id}`, { field });
      }
    }
    const available = signatories.length > 0 ? signatories.length : await this.directory.signatoriesOf(agency.id);
    if (available < required) {
      throw badInput(
        `${agency.name} 只有 ${available} 名签署人，无法达到 ${required} 人的签署法定人数`,
        `${agency.id} has ${available} signatories: a quorum of ${required} could never be met`,
        { field },
      );
    }
    return { required, signatories };
  }
}
