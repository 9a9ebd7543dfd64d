import {
  CalendarCoverageError,
  elapsedWorkingTime,
  formatShanghai,
  standing,
  toInstant,
  type StandingLabel,
  type TimeLimit,
  type WorkingDayCalendar,
} from '@gov/service-standards';
import { deadlineOf, reviewStepsOf, statusOf, type CaseMeasure, type CaseStatus, type SuspensionPeriod, type TimelineEntry, type TrackedCase } from './tracked-case';

export interface TimelineEntryView extends TimelineEntry {
  /** Clock minutes since the entry before. */
  readonly minutesSincePrevious: number | null;
  /** Time on the clock since acceptance, suspensions excluded, in the limit's unit. */
  readonly elapsedSinceAcceptance: TimeLimit | null;
}

export interface SuspensionView extends SuspensionPeriod {
  /** Working days (hours, for hour limits) the wait moved the deadline by; up to now while open. */
  readonly extension: TimeLimit | null;
}

export interface CaseView {
  readonly caseKey: string;
  readonly service: string;
  readonly caseId: string;
  readonly itemCode: string;
  readonly department: string;
  readonly status: CaseStatus;
  readonly outcome: TrackedCase['outcome'];
  readonly window: string | null;
  readonly applicantIds: readonly string[];
  readonly toleratedMissing: readonly string[];
  readonly claimedCatalogVersion: string;
  readonly measure: CaseMeasure | null;
  readonly acceptedAt: string | null;
  readonly decidedAt: string | null;
  readonly completedAt: string | null;
  readonly reviewSteps: number;
  readonly standing: StandingLabel | null;
  /** Running and past 80% of the promised limit. */
  readonly warning: boolean;
  readonly elapsed: TimeLimit | null;
  readonly deadline: {
    readonly dueDate: string;
    readonly dueAt: string;
    readonly warnAt: string;
    readonly earlyBefore: string;
    readonly extension: TimeLimit;
    readonly clockStopped: boolean;
    readonly provisional: boolean;
  } | null;
  readonly warnedAt: string | null;
  readonly breachedAt: string | null;
  readonly timeline: readonly TimelineEntryView[];
  readonly suspensions: readonly SuspensionView[];
  readonly notes: readonly string[];
}

const maxInstant = (a: Date, b: Date): Date => (a >= b ? a : b);

/** A case's timeline with its durations and its standing as of `now`. Pure. */
export function caseView(c: TrackedCase, now: Date, calendar: WorkingDayCalendar): CaseView {
  const measured = c.measure && c.acceptedAt ? { measure: c.measure, acceptedAt: c.acceptedAt } : null;
  const asOf = measured ? maxInstant(now, toInstant(measured.acceptedAt)) : now;
  let st: ReturnType<typeof standing> | null = null;
  if (measured) {
    try {
      st = standing(
        { acceptedAt: measured.acceptedAt, completedAt: c.completedAt, suspensions: c.suspensions, promisedLimit: measured.measure.promisedLimit, serviceDays: measured.measure.serviceDays },
        asOf,
        calendar,
      );
    } catch (error) {
      if (!(error instanceof CalendarCoverageError)) throw error;
    }
  }
  const deadline = st?.deadline ?? deadlineOf(c, calendar, asOf);
  const elapsedAt = (at: string): TimeLimit | null => {
    if (!measured || toInstant(at) < toInstant(measured.acceptedAt)) return null;
    try {
      return elapsedWorkingTime({ acceptedAt: measured.acceptedAt, asOf: at, unit: measured.measure.promisedLimit.unit, suspensions: c.suspensions, serviceDays: measured.measure.serviceDays }, calendar);
    } catch (error) {
      if (error instanceof CalendarCoverageError) return null;
      throw error;
    }
  };
  const covered = (s: SuspensionPeriod): TimeLimit | null => {
    if (!measured) return null;
    try {
      return elapsedWorkingTime({ acceptedAt: s.from, asOf: s.to ?? maxInstant(now, toInstant(s.from)), unit: measured.measure.promisedLimit.unit, serviceDays: measured.measure.serviceDays }, calendar);
    } catch (error) {
      if (error instanceof CalendarCoverageError) return null;
      throw error;
    }
  };

  let previous: string | null = null;
  const timeline = c.timeline.map((e): TimelineEntryView => {
    const minutes = previous === null ? null : (toInstant(e.at).getTime() - toInstant(previous).getTime()) / 60_000;
    previous = e.at;
    return { ...e, minutesSincePrevious: minutes, elapsedSinceAcceptance: elapsedAt(e.at) };
  });

  return {
    caseKey: c.caseKey,
    service: c.service,
    caseId: c.caseId,
    itemCode: c.itemCode,
    department: c.department,
    status: statusOf(c),
    outcome: c.outcome,
    window: c.window,
    applicantIds: c.applicantIds,
    toleratedMissing: c.toleratedMissing,
    claimedCatalogVersion: c.claimedCatalogVersion,
    measure: c.measure,
    acceptedAt: c.acceptedAt,
    decidedAt: c.decidedAt,
    completedAt: c.completedAt,
    reviewSteps: reviewStepsOf(c),
    standing: st ? st.standing : null,
    warning: st?.status === 'running' ? st.warning : false,
    elapsed: st?.elapsed ?? null,
    deadline: deadline
      ? {
          dueDate: deadline.dueDate,
          dueAt: formatShanghai(deadline.dueAt),
          warnAt: formatShanghai(deadline.warnAt),
          earlyBefore: formatShanghai(deadline.earlyBefore),
          extension: deadline.extension,
          clockStopped: deadline.clockStopped,
          provisional: deadline.provisional,
        }
      : null,
    warnedAt: c.warnedAt,
    breachedAt: c.breachedAt,
    timeline,
    suspensions: c.suspensions.map((s) => ({ ...s, extension: covered(s) })),
    notes: c.notes,
  };
}
