import type { Inspection, Milestone, ProjectContext } from '../../workflows/joint-project.js';
import type { Side } from '../../workflows/types.js';
import type { CaseState } from './case-state.js';

/**
 * A due time of a project still running that was counted in working days through a year the calendar did not
 * cover then: only weekends were rest days there, so it may fall on a public holiday, or before the day the
 * year's schedule would give. It keeps what was recorded (it is part of the history) and stays flagged.
 */
export interface CalendarGap {
  project: CaseState;
  duty: 'VERIFICATION' | 'RECTIFICATION';
  /** The milestone (M1, …) or inspection (I1, …). */
  subjectId: string;
  /** The side that must act by then, in whose city's calendar the days were counted. */
  side: Side;
  dueAt: string;
  unloadedYears: number[];
}

/** The unloaded years a milestone's verification due time rests on; none while no verification is due. */
export const verificationUnloadedYears = (milestone: Milestone): number[] =>
  milestone.verificationDueAt === null ? [] : (milestone.verificationUnloadedYears ?? []);

/** The unloaded years an inspection's rectification due time rests on. */
export const rectificationUnloadedYears = (inspection: Inspection): number[] => inspection.rectificationUnloadedYears ?? [];

/** The project's flagged due times that still run: verifications awaited, rectifications awaited. */
export function calendarGaps(project: CaseState): CalendarGap[] {
  const context = project.context as unknown as ProjectContext;
  const gap = (duty: CalendarGap['duty'], subjectId: string, side: Side, dueAt: string | null, unloadedYears: number[]): CalendarGap[] =>
    dueAt === null || unloadedYears.length === 0 ? [] : [{ project, duty, subjectId, side, dueAt, unloadedYears }];
  return [
    ...context.milestones
      .filter((milestone) => milestone.status === 'reported')
      .flatMap((milestone) =>
        gap(
          'VERIFICATION',
          milestone.id,
          milestone.side === 'initiator' ? 'counterpart' : 'initiator',
          milestone.verificationDueAt,
          verificationUnloadedYears(milestone),
        ),
      ),
    ...context.inspections
      .filter((inspection) => inspection.status === 'open')
      .flatMap((inspection) => gap('RECTIFICATION', inspection.id, inspection.side, inspection.rectificationDueAt, rectificationUnloadedYears(inspection))),
  ];
}
