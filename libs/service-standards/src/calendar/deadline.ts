import { StandardsValidationError } from '../errors';
import {
  DAY_MS,
  HOUR_MS,
  fromDayNumber,
  shanghaiDayNumberOf,
  startOfShanghaiDay,
  toInstant,
  type InstantInput,
  type IsoDate,
} from './shanghai-time';
import { TIME_LIMIT_UNITS, WARNING_THRESHOLD, type ServiceDays, type TimeLimit, type TimeLimitUnit } from './time-limit';
import { defaultWorkingDayCalendar, type WorkingDayCalendar } from './working-day-calendar';

/**
 * Why the clock stopped. Licensing Law art. 45: time for hearings, tenders,
 * auctions, inspection, testing, quarantine, appraisal and expert review is not
 * counted in the limit; the center treats waiting for tolerated-missing
 * materials (容缺受理) the same way.
 */
export type SuspensionReason = 'awaiting-materials' | 'hearing' | 'expert-review' | 'inspection' | 'other';

export interface Suspension {
  readonly from: InstantInput;
  /** Absent or null while the case still waits. */
  readonly to?: InstantInput | null;
  readonly reason?: SuspensionReason;
}

export interface DeadlineInput {
  readonly acceptedAt: InstantInput;
  readonly limit: TimeLimit;
  readonly suspensions?: readonly Suspension[];
  /** Required while a suspension is open: the clock counts as stopped up to here. Later suspensions are ignored. */
  readonly asOf?: InstantInput;
  /** Default: the calendar's. */
  readonly serviceDays?: ServiceDays;
  /** Share of the limit used when the warning falls; default 0.8. */
  readonly warningThreshold?: number;
}

export interface Deadline {
  readonly limit: TimeLimit;
  readonly acceptedAt: Date;
  /** The last day inside the limit (Asia/Shanghai). */
  readonly dueDate: IsoDate;
  /** The first instant past the limit: 00:00 Asia/Shanghai after the due date, or acceptance + hours. */
  readonly dueAt: Date;
  /** When the given share of the limit is used: that share of working time (or clock time) before `dueAt`. */
  readonly warnAt: Date;
  /** Completion strictly before this is early: a whole working day (or hour) ahead of the deadline. */
  readonly earlyBefore: Date;
  /** How far the suspensions moved the deadline, in the limit's unit. */
  readonly extension: TimeLimit;
  /** A suspension is still open at `asOf`; the deadline is as if the case resumed then. */
  readonly clockStopped: boolean;
  /** The limit runs through a year whose holiday data is provisional. */
  readonly provisional: boolean;
}

export interface ElapsedInput {
  readonly acceptedAt: InstantInput;
  readonly asOf: InstantInput;
  readonly unit: TimeLimitUnit;
  readonly suspensions?: readonly Suspension[];
  readonly serviceDays?: ServiceDays;
}

interface Stops {
  readonly intervals: ReadonlyArray<readonly [Date, Date]>;
  readonly open: boolean;
}

const invalid = (field: string, message: string) => StandardsValidationError.field('invalid-clock', field, message);

function checkLimit(limit: TimeLimit): void {
  if (!TIME_LIMIT_UNITS.includes(limit?.unit)) throw invalid('limit.unit', `expected one of ${TIME_LIMIT_UNITS.join(', ')}`);
  if (!Number.isFinite(limit.value) || limit.value < 0) throw invalid('limit.value', `expected a number ≥ 0, got ${limit.value}`);
  if (limit.unit === 'working-days' && !Number.isInteger(limit.value)) {
    throw invalid('limit.value', `working days are whole days, got ${limit.value}`);
  }
}

/** Validated, clipped to `asOf`, and merged where they overlap so no time is counted twice. */
function stopsOf(acceptedAt: Date, suspensions: readonly Suspension[], asOf: Date | undefined): Stops {
  const raw: Array<[Date, Date]> = [];
  let open = false;
  suspensions.forEach((s, i) => {
    const from = toInstant(s.from, `suspensions[${i}].from`);
    const to = s.to == null ? undefined : toInstant(s.to, `suspensions[${i}].to`);
    if (from < acceptedAt) throw invalid(`suspensions[${i}].from`, 'a suspension cannot start before acceptance');
    if (to && to < from) throw invalid(`suspensions[${i}].to`, 'a suspension cannot end before it starts');
    if (asOf && from >= asOf) return;
    if (!to && !asOf) throw invalid('asOf', `suspensions[${i}] is still open: give asOf`);
    if (!to || (asOf && to > asOf)) {
      if (!to) open = true;
      raw.push([from, asOf as Date]);
    } else raw.push([from, to]);
  });
  raw.sort((a, b) => a[0].getTime() - b[0].getTime());
  const merged: Array<[Date, Date]> = [];
  for (const [from, to] of raw) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) {
      if (to > last[1]) last[1] = to;
    } else merged.push([from, to]);
  }
  return { intervals: merged, open };
}

/**
 * Working days a stop covers: those after the day it began up to and including
 * the day it ended, the same count as for acceptance. A stop begun and ended the
 * same day covers none.
 */
function coveredWorkingDays(stops: Stops, calendar: WorkingDayCalendar, saturdays: boolean): number {
  let days = 0;
  for (const [from, to] of stops.intervals) {
    days += calendar.workingDayNumbersBetween(shanghaiDayNumberOf(from), shanghaiDayNumberOf(to), saturdays);
  }
  return days;
}

function stoppedMs(stops: Stops): number {
  return stops.intervals.reduce((sum, [from, to]) => sum + (to.getTime() - from.getTime()), 0);
}

/** The instant `ms` of working time before the end of `dueDay` (a working day). */
function workingTimeBefore(dueDay: number, ms: number, calendar: WorkingDayCalendar, saturdays: boolean): Date {
  let remaining = ms;
  for (let day = dueDay; ; day--) {
    if (!calendar.isWorkingDayNumber(day, saturdays)) continue;
    if (remaining <= DAY_MS) return new Date(startOfShanghaiDay(day + 1).getTime() - remaining);
    remaining -= DAY_MS;
  }
}

/**
 * The deadline of a case. Working-day limits end with the n-th working day after
 * the day of acceptance; each suspension moves the deadline by the working days
 * it covered (Licensing Law art. 45). Hour limits are elapsed clock time, moved
 * by the time suspended.
 */
export function computeDeadline(input: DeadlineInput, calendar: WorkingDayCalendar = defaultWorkingDayCalendar()): Deadline {
  checkLimit(input.limit);
  const threshold = input.warningThreshold ?? WARNING_THRESHOLD;
  if (!(threshold > 0 && threshold <= 1)) throw invalid('warningThreshold', `expected 0 < threshold ≤ 1, got ${threshold}`);
  const acceptedAt = toInstant(input.acceptedAt, 'acceptedAt');
  const asOf = input.asOf === undefined ? undefined : toInstant(input.asOf, 'asOf');
  if (asOf && asOf < acceptedAt) throw invalid('asOf', 'asOf is before acceptance');
  const stops = stopsOf(acceptedAt, input.suspensions ?? [], asOf);
  const { limit } = input;

  if (limit.unit === 'hours') {
    const suspended = stoppedMs(stops);
    const span = limit.value * HOUR_MS;
    const dueAt = new Date(acceptedAt.getTime() + span + suspended);
    return {
      limit,
      acceptedAt,
      dueDate: fromDayNumber(shanghaiDayNumberOf(new Date(dueAt.getTime() - 1))),
      dueAt,
      warnAt: new Date(dueAt.getTime() - Math.round((1 - threshold) * span)),
      earlyBefore: new Date(dueAt.getTime() - HOUR_MS),
      extension: { unit: 'hours', value: suspended / HOUR_MS },
      clockStopped: stops.open,
      provisional: false,
    };
  }

  const saturdays = calendar.saturdays(input.serviceDays);
  const acceptedDay = shanghaiDayNumberOf(acceptedAt);
  const covered = coveredWorkingDays(stops, calendar, saturdays);
  const dueDay = calendar.addWorkingDayNumbers(acceptedDay, limit.value + covered, saturdays);
  return {
    limit,
    acceptedAt,
    dueDate: fromDayNumber(dueDay),
    dueAt: startOfShanghaiDay(dueDay + 1),
    warnAt: workingTimeBefore(dueDay, Math.round((1 - threshold) * limit.value * DAY_MS), calendar, saturdays),
    earlyBefore: workingTimeBefore(dueDay, DAY_MS, calendar, saturdays),
    extension: { unit: 'working-days', value: covered },
    clockStopped: stops.open,
    provisional: calendar.isProvisionalBetween(fromDayNumber(acceptedDay), fromDayNumber(dueDay)),
  };
}

/**
 * Time on the clock from acceptance to `asOf`, suspensions excluded. Working
 * days: those after the day of acceptance up to and including the day of
 * `asOf`, so a case completed on its due date has used exactly its limit and
 * one completed at acceptance has used 0. Hours: fractional clock hours.
 */
export function elapsedWorkingTime(input: ElapsedInput, calendar: WorkingDayCalendar = defaultWorkingDayCalendar()): TimeLimit {
  if (!TIME_LIMIT_UNITS.includes(input.unit)) throw invalid('unit', `expected one of ${TIME_LIMIT_UNITS.join(', ')}`);
  const acceptedAt = toInstant(input.acceptedAt, 'acceptedAt');
  const asOf = toInstant(input.asOf, 'asOf');
  if (asOf < acceptedAt) throw invalid('asOf', 'asOf is before acceptance');
  const stops = stopsOf(acceptedAt, input.suspensions ?? [], asOf);
  if (input.unit === 'hours') {
    return { unit: 'hours', value: Math.max(0, asOf.getTime() - acceptedAt.getTime() - stoppedMs(stops)) / HOUR_MS };
  }
  const saturdays = calendar.saturdays(input.serviceDays);
  const days = calendar.workingDayNumbersBetween(shanghaiDayNumberOf(acceptedAt), shanghaiDayNumberOf(asOf), saturdays);
  return { unit: 'working-days', value: Math.max(0, days - coveredWorkingDays(stops, calendar, saturdays)) };
}
