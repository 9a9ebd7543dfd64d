import { computeDeadline, elapsedWorkingTime, type Deadline, type Suspension } from '../calendar/deadline';
import { toInstant, type InstantInput } from '../calendar/shanghai-time';
import { WARNING_THRESHOLD, type ServiceDays, type TimeLimit } from '../calendar/time-limit';
import { defaultWorkingDayCalendar, type WorkingDayCalendar } from '../calendar/working-day-calendar';

/** What the supervision clock needs of a case: its times and the promised limit of its catalog version. */
export interface CaseClock {
  readonly acceptedAt: InstantInput;
  readonly completedAt?: InstantInput | null;
  readonly suspensions?: readonly Suspension[];
  readonly promisedLimit: TimeLimit;
  readonly serviceDays?: ServiceDays;
}

export type StandingLabel = 'early' | 'on-time' | 'overdue';

export type CaseStanding =
  | {
      readonly status: 'completed';
      /** early: a whole working day (hour, for hour limits) ahead of the deadline; on-time: within it. */
      readonly standing: StandingLabel;
      readonly completedAt: Date;
      /** Clock time used, suspensions excluded, in the limit's unit. */
      readonly elapsed: TimeLimit;
      readonly deadline: Deadline;
    }
  | {
      readonly status: 'running';
      readonly standing: 'on-time' | 'overdue';
      /** The warning mark (80% of the promised limit) is passed; stays true once overdue. */
      readonly warning: boolean;
      readonly elapsed: TimeLimit;
      readonly deadline: Deadline;
    };

/**
 * A case's standing against its promised limit as of `now`. A case completed
 * after `now` is seen as running.
 */
export function standing(
  c: CaseClock,
  now: InstantInput,
  calendar: WorkingDayCalendar = defaultWorkingDayCalendar(),
  warningThreshold: number = WARNING_THRESHOLD,
): CaseStanding {
  const at = toInstant(now, 'now');
  const completedAt = c.completedAt == null ? undefined : toInstant(c.completedAt, 'completedAt');
  const done = completedAt !== undefined && completedAt <= at;
  const asOf = done ? completedAt : at;
  const deadline = computeDeadline(
    { acceptedAt: c.acceptedAt, limit: c.promisedLimit, suspensions: c.suspensions, asOf, serviceDays: c.serviceDays, warningThreshold },
    calendar,
  );
  const elapsed = elapsedWorkingTime(
    { acceptedAt: c.acceptedAt, asOf, unit: c.promisedLimit.unit, suspensions: c.suspensions, serviceDays: c.serviceDays },
    calendar,
  );
  if (done) {
    const label: StandingLabel = asOf < deadline.earlyBefore ? 'early' : asOf < deadline.dueAt ? 'on-time' : 'overdue';
    return { status: 'completed', standing: label, completedAt: asOf, elapsed, deadline };
  }
  return {
    status: 'running',
    standing: asOf < deadline.dueAt ? 'on-time' : 'overdue',
    warning: asOf >= deadline.warnAt,
    elapsed,
    deadline,
  };
}
