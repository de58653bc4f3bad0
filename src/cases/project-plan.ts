import type { PlannedMilestone, ProjectPlan } from '../../workflows/joint-project.js';
import type { Party, Side } from '../../workflows/types.js';
import { endOfChinaDay } from '../calendar/calendar.js';
import type { DirectoryService } from '../directory/service.js';
import { checkAgencyId, checkText } from '../directory/validation.js';
import { badInput } from '../errors.js';
import { checkAmount } from './amount.js';
import { checkDate } from './commands.js';

export interface MilestoneInput {
  title: string;
  side: 'INITIATOR' | 'COUNTERPART';
  ownerAgencyId?: string | null;
  dueDate: string;
  deliverable: string;
}

export interface ProjectPlanInput {
  goals: readonly string[];
  /** 万元, a decimal string (see `checkAmount`). */
  initiatorBudget: string;
  counterpartBudget: string;
  initiatorLeadAgencyId: string;
  counterpartLeadAgencyId: string;
  milestones: readonly MilestoneInput[];
}

export const sideOf = (value: 'INITIATOR' | 'COUNTERPART'): Side => (value === 'INITIATOR' ? 'initiator' : 'counterpart');

/**
 * Validates a project plan against the two sides: each lead agency and milestone owner belongs to its side's
 * city, and every milestone is due after today. Milestones are numbered M1, M2, … in the order given.
 */
export async function checkPlan(input: ProjectPlanInput, parties: Record<Side, Party>, directory: DirectoryService, today: string): Promise<ProjectPlan> {
  if (input.goals.length < 1 || input.goals.length > 20) throw badInput('项目目标须为 1–20 条', 'A project has 1 to 20 goals', { field: 'goals' });
  if (input.milestones.length < 1 || input.milestones.length > 50)
    throw badInput('里程碑须为 1–50 个', 'A project has 1 to 50 milestones', { field: 'milestones' });
  const agencyOf = async (field: string, id: string, side: Side) => {
    const agency = await directory.agency(checkAgencyId(id));
    if (agency.region !== parties[side].region) throw badInput('机构须属于该方城市', 'The agency must belong to that side’s city', { field });
    return agency.id;
  };
  const leadAgencies = {
    initiator: await agencyOf('initiatorLeadAgencyId', input.initiatorLeadAgencyId, 'initiator'),
    counterpart: await agencyOf('counterpartLeadAgencyId', input.counterpartLeadAgencyId, 'counterpart'),
  };
  const milestones: PlannedMilestone[] = [];
  for (const [index, milestone] of input.milestones.entries()) {
    const side = sideOf(milestone.side);
    const dueDate = checkDate('dueDate', milestone.dueDate);
    if (dueDate <= today) throw badInput('里程碑到期日须晚于今天', 'A milestone must be due after today', { field: 'dueDate' });
    milestones.push({
      id: `M${index + 1}`,
      title: checkText('title', milestone.title, { max: 200 }),
      side,
      ownerAgencyId: milestone.ownerAgencyId == null ? leadAgencies[side] : await agencyOf('ownerAgencyId', milestone.ownerAgencyId, side),
      dueDate,
      dueAt: endOfChinaDay(dueDate).toISOString(),
      deliverable: checkText('deliverable', milestone.deliverable, { max: 1000, shape: 'lines' }),
    });
  }
  return {
    goals: input.goals.map((goal) => checkText('goals', goal, { max: 500 })),
    budget: { initiator: checkAmount('initiatorBudget', input.initiatorBudget), counterpart: checkAmount('counterpartBudget', input.counterpartBudget) },
    leadAgencies,
    milestones,
  };
}
