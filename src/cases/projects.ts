import {
  isOverdue,
  isRunning,
  isVerificationOverdue,
  maxOpenInspectionsPerOpener,
  nextInspectionId,
  openedByOpenerOf,
  type Inspection,
  type Milestone,
  type ProjectContext,
} from '../../workflows/joint-project.js';
import { isCoordinator, type Party, type Side } from '../../workflows/types.js';
import { requireViewer } from '../auth/permissions.js';
import { chinaDate, type City } from '../calendar/calendar.js';
import { unloadedYearsField, type CalendarService } from '../calendar/service.js';
import type { Json } from '../crypto/canonical-json.js';
import type { Viewer } from '../directory/model.js';
import type { DirectoryService } from '../directory/service.js';
import { checkAgencyId, checkText, checkWholeNumber } from '../directory/validation.js';
import { AppError, badInput, forbidden } from '../errors.js';
import type { CaseStore } from '../store/case-store.js';
import { eachInTurn } from '../store/database.js';
import { calendarGaps, type CalendarGap } from './calendar-gaps.js';
import { requestHash } from './commands.js';
import { restore } from './case-state.js';
import type { CaseEngine, Prepare } from './engine.js';
import type { CaseState } from './case-state.js';
import type { CaseService, EditDocumentInput } from './proposals.js';
import { checkPlan, sideOf, type ProjectPlanInput } from './project-plan.js';
import { canSee } from './visibility.js';

interface CaseRef {
  caseId: string;
  expectedVersion?: number | null;
  idempotencyKey?: string | null;
}

export interface MilestoneActionInput extends CaseRef {
  milestoneId: string;
  evidence?: string | null;
  comment?: string | null;
}

export interface OpenInspectionInput extends CaseRef {
  findings: string;
  side: 'INITIATOR' | 'COUNTERPART';
  rectificationWorkingDays?: number | null;
}

export interface InspectionActionInput extends CaseRef {
  inspectionId: string;
  report?: string | null;
  comment?: string | null;
}

export interface ReviseProjectInput extends EditDocumentInput {
  plan: ProjectPlanInput;
}

const cityOf = (party: Party): City => party.region as City;

export interface BudgetShare {
  side: Side;
  party: Party;
  leadAgencyId: string;
  /** As shown (`amountText`): "1200.00". */
  amount: string;
}

/** A milestone under supervision, with the side whose action is due or late: its owner, or its verifier once reported. */
export interface SupervisedMilestone {
  project: CaseState;
  milestone: Milestone;
  side: Side;
}

export interface SupervisedInspection {
  project: CaseState;
  inspection: Inspection;
}

export interface Supervision {
  asOf: Date;
  overdue: SupervisedMilestone[];
  /** Reported milestones whose verification is past due: the verifying city is late, not the one that delivered. */
  overdueVerifications: SupervisedMilestone[];
  dueSoon: SupervisedMilestone[];
  openInspections: SupervisedInspection[];
  /** Due times still running that were counted through a year the calendar did not cover. */
  calendarIncomplete: CalendarGap[];
}

/** The states a running project (isRunning) can be in: a first cut the database can make. */
const runningStates = ['inProgress', 'rectification', 'acceptance', 'terminating'];

/** The joint-project actions that carry structured fields, their working-day deadlines, and supervision (督办). */
/**
 * Why the rules refused `inspector` an inspection naming `side`, where a reason can be told (from jointProject@3): a
 * city inspects only the other city's work, and one opener has at most `maxOpenInspectionsPerOpener` open at once.
 */
function whyNotInspected(error: unknown, context: ProjectContext, inspector: Viewer, side: Side): unknown {
  const opens = isCoordinator(inspector) || (inspector.region !== 'JOINT' && inspector.roles.includes('REVIEWER'));
  if (!(error instanceof AppError) || error.code !== 'FORBIDDEN' || !opens) return error;
  if (inspector.region !== 'JOINT' && context[side].agencyId === inspector.agencyId) {
    return forbidden('督查须针对对方城市（联合办公室可督查任一方）', 'A city inspects the other city’s work (the joint office either city’s)', {
      field: 'side',
      reason: 'OWN_SIDE',
    });
  }
  if (openedByOpenerOf(context, inspector).length >= maxOpenInspectionsPerOpener) {
    return forbidden(
      `同一开启方最多同时进行 ${String(maxOpenInspectionsPerOpener)} 项督查：请先结束其中一项`,
      `One opener has at most ${String(maxOpenInspectionsPerOpener)} inspections open at once: close one first`,
      { reason: 'OPEN_INSPECTIONS_LIMIT', maxOpenInspections: maxOpenInspectionsPerOpener },
    );
  }
  return error;
}

export class ProjectService {
  constructor(
    private readonly engine: CaseEngine,
    private readonly cases: CaseService,
    private readonly store: CaseStore,
    private readonly directory: DirectoryService,
    private readonly calendar: CalendarService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A new version of the proposal and its plan; only while it is proposed, based on the version the editor saw. */
  async revise(viewer: Viewer | undefined, input: ReviseProjectInput): Promise<CaseState> {
    const editor = requireViewer(viewer);
    const context = await this.context(editor, input.caseId);
    const plan = await checkPlan(input.plan, { initiator: context.initiator, counterpart: context.counterpart }, this.directory, chinaDate(this.now()));
    return this.cases.edit(editor, 'reviseJointProject', input, plan);
  }

  /** The owner side reports; the other side has its verification period, counted in its own city's working days. */
  async reportMilestone(viewer: Viewer | undefined, input: MilestoneActionInput): Promise<CaseState> {
    const reporter = requireViewer(viewer);
    const context = await this.context(reporter, input.caseId);
    const milestone = this.milestone(context, input.milestoneId);
    const verifier = context[milestone.side === 'initiator' ? 'counterpart' : 'initiator'];
    const due = await this.calendar.dueTime(cityOf(verifier), this.now(), context.verificationWorkingDays);
    const evidence = checkText('evidence', input.evidence ?? '', { max: 4000, shape: 'lines' });
    const state = await this.act(reporter, 'REPORT_MILESTONE', 'reportMilestone', input, {
      milestoneId: milestone.id,
      evidence,
      verificationDueAt: due.dueAt,
      ...unloadedYearsField(due),
    });
    return this.calendar.recorded(state, milestone.id, due);
  }

  verifyMilestone(viewer: Viewer | undefined, input: MilestoneActionInput): Promise<CaseState> {
    return this.review(requireViewer(viewer), 'VERIFY_MILESTONE', 'verifyMilestone', input);
  }

  rejectMilestone(viewer: Viewer | undefined, input: MilestoneActionInput): Promise<CaseState> {
    return this.review(requireViewer(viewer), 'REJECT_MILESTONE', 'rejectMilestone', input);
  }

  private async review(reviewer: Viewer, type: string, operation: string, input: MilestoneActionInput): Promise<CaseState> {
    const milestone = this.milestone(await this.context(reviewer, input.caseId), input.milestoneId);
    return this.act(reviewer, type, operation, input, { milestoneId: milestone.id }, { comment: input.comment });
  }

  /** Opens 专项督查 with findings; the inspected side rectifies within working days of its own city. */
  async openInspection(viewer: Viewer | undefined, input: OpenInspectionInput): Promise<CaseState> {
    const inspector = requireViewer(viewer);
    const context = await this.context(inspector, input.caseId);
    const side = sideOf(input.side);
    const days = checkWholeNumber('rectificationWorkingDays', input.rectificationWorkingDays ?? 10, 1, 60);
    const due = await this.calendar.dueTime(cityOf(context[side]), this.now(), days);
    // The id is taken from the case as the entry is decided on it: two inspections opened at once get two ids.
    let inspectionId = nextInspectionId(context);
    const state = await this.act(
      inspector,
      'OPEN_INSPECTION',
      'openInspection',
      input,
      { findings: checkText('findings', input.findings, { max: 4000, shape: 'lines' }), side, rectificationDueAt: due.dueAt, ...unloadedYearsField(due) },
      {},
      (current) => {
        inspectionId = nextInspectionId(current.context as unknown as ProjectContext);
        return Promise.resolve({ inspectionId });
      },
    ).catch((error: unknown) => {
      throw whyNotInspected(error, context, inspector, side);
    });
    return this.calendar.recorded(state, inspectionId, due);
  }

  rectify(viewer: Viewer | undefined, input: InspectionActionInput): Promise<CaseState> {
    const report = checkText('report', input.report ?? '', { max: 4000, shape: 'lines' });
    return this.inspectionAction(requireViewer(viewer), 'RECTIFY', 'reportRectification', input, { report });
  }

  requestFurtherRectification(viewer: Viewer | undefined, input: InspectionActionInput): Promise<CaseState> {
    return this.inspectionAction(requireViewer(viewer), 'REQUEST_FURTHER_RECTIFICATION', 'requestFurtherRectification', input, {}, { comment: input.comment });
  }

  closeInspection(viewer: Viewer | undefined, input: InspectionActionInput): Promise<CaseState> {
    return this.inspectionAction(requireViewer(viewer), 'CLOSE_INSPECTION', 'closeInspection', input, {}, { comment: input.comment });
  }

  /** An action on the inspection under way; naming another (or none being open) is bad input. */
  private async inspectionAction(
    viewer: Viewer,
    type: string,
    operation: string,
    input: InspectionActionInput,
    fields: Record<string, Json>,
    text: { comment?: string | null } = {},
  ): Promise<CaseState> {
    const inspectionId = checkText('inspectionId', input.inspectionId, { max: 8, pattern: /^I[1-9][0-9]{0,6}$/ });
    const context = await this.context(viewer, input.caseId);
    if (!context.inspections.some((inspection) => inspection.id === inspectionId && inspection.status !== 'closed')) {
      throw badInput('项目没有该项进行中的督查', 'The project has no such inspection under way', { field: 'inspectionId' });
    }
    return this.act(viewer, type, operation, input, { inspectionId, ...fields }, text);
  }

  /**
   * 督办: milestones overdue and due within `withinDays`, and the open inspections, of the running projects
   * the viewer may see, narrowed to a city or an agency (the milestone's owner, the inspected side's agency).
   */
  async supervision(
    viewer: Viewer | undefined,
    filter: { region?: string | null; agencyId?: string | null; withinDays?: number | null },
  ): Promise<Supervision> {
    const supervisor = requireViewer(viewer);
    const withinDays = checkWholeNumber('withinDays', filter.withinDays ?? 14, 0, 365);
    const agencyId = filter.agencyId == null ? undefined : checkAgencyId(filter.agencyId);
    await this.engine.repairProjections();
    const now = this.now();
    const soon = now.getTime() + withinDays * 86_400_000;
    const supervision: Supervision = { asOf: now, overdue: [], overdueVerifications: [], dueSoon: [], openInspections: [], calendarIncomplete: [] };
    const summaries = await this.store.summariesOfType('jointProject', runningStates);
    // Read a batch at a time, each batch within the request's command budget (store/command-budget.ts).
    const heads = await eachInTurn(summaries, (summary) => this.engine.latest(summary.id, summary));
    for (const head of heads) {
      if (head === undefined) continue;
      const project = restore(head);
      if (!canSee(supervisor, project)) continue;
      const context = project.context as unknown as ProjectContext;
      const matches = (side: Side, agency: string) =>
        (filter.region == null || context[side].region === filter.region) && (agencyId === undefined || agency === agencyId);
      for (const milestone of context.milestones) {
        const verifier = milestone.side === 'initiator' ? 'counterpart' : 'initiator';
        if (milestone.status === 'reported') {
          if (isVerificationOverdue(context, milestone, now) && matches(verifier, context[verifier].agencyId))
            supervision.overdueVerifications.push({ project, milestone, side: verifier });
        } else if (milestone.status === 'pending' && matches(milestone.side, milestone.ownerAgencyId)) {
          if (isOverdue(context, milestone, now)) supervision.overdue.push({ project, milestone, side: milestone.side });
          else if (isRunning(context) && Date.parse(milestone.dueAt) <= soon) supervision.dueSoon.push({ project, milestone, side: milestone.side });
        }
      }
      for (const inspection of context.inspections) {
        if (inspection.status !== 'closed' && matches(inspection.side, context[inspection.side].agencyId))
          supervision.openInspections.push({ project, inspection });
      }
      supervision.calendarIncomplete.push(...calendarGaps(project).filter((gap) => matches(gap.side, context[gap.side].agencyId)));
    }
    const byDue = (a: SupervisedMilestone, b: SupervisedMilestone) => a.milestone.dueAt.localeCompare(b.milestone.dueAt);
    supervision.overdue.sort(byDue);
    supervision.overdueVerifications.sort((a, b) => (a.milestone.verificationDueAt ?? '').localeCompare(b.milestone.verificationDueAt ?? ''));
    supervision.dueSoon.sort(byDue);
    supervision.openInspections.sort((a, b) => a.inspection.rectificationDueAt.localeCompare(b.inspection.rectificationDueAt));
    supervision.calendarIncomplete.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    return supervision;
  }

  private async context(viewer: Viewer, caseId: string): Promise<ProjectContext> {
    const state = await this.engine.read(viewer, caseId);
    if (state.workflow.type !== 'jointProject') throw badInput('该案件不是联合项目', 'The case is not a joint project', { field: 'caseId' });
    return state.context as unknown as ProjectContext;
  }

  private milestone(context: ProjectContext, id: string): Milestone {
    const milestoneId = checkText('milestoneId', id, { max: 3, pattern: /^M[1-9][0-9]?$/ });
    const found = context.milestones.find((milestone) => milestone.id === milestoneId);
    if (found === undefined) throw badInput('项目中没有该里程碑', 'The project has no such milestone', { field: 'milestoneId' });
    return found;
  }

  private act(
    viewer: Viewer,
    type: string,
    operation: string,
    input: CaseRef,
    fields: Record<string, Json>,
    text: { comment?: string | null } = {},
    prepare?: Prepare,
  ): Promise<CaseState> {
    const { caseId, expectedVersion, idempotencyKey } = input;
    return this.engine.act(viewer, caseId, { type, input: text, fields, expectedVersion, idempotencyKey, requestHash: requestHash(operation, input) }, prepare);
  }
}
