import { StandardsValidationError } from '../errors';

/**
 * All dates here are civil dates in Asia/Shanghai and all instants are absolute.
 * China keeps UTC+8 with no daylight saving since 1992, so a fixed offset is
 * exact for every date the center handles, and no result depends on the host TZ.
 */

/** A civil date in Asia/Shanghai, `YYYY-MM-DD`. */
export type IsoDate = string;

/**
 * An instant: a `Date`, an ISO 8601 date-time with an explicit offset
 * (`2018-10-10T09:00:00+08:00`, `...Z`), or a bare `YYYY-MM-DD` meaning 00:00
 * of that day in Asia/Shanghai. A date-time without offset is refused: JS would
 * read it in the host's zone.
 */
export type InstantInput = Date | string;

/** A day: a `YYYY-MM-DD` civil date, or an instant (its date in Asia/Shanghai). */
export type DateInput = Date | string;

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const invalid = (field: string, message: string) => StandardsValidationError.field('invalid-time', field, message);

/** Days since 1970-01-01 of a valid civil date, or undefined. */
function parseDayNumber(value: string): number | undefined {
  const m = DATE_RE.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms / DAY_MS;
}

export function isIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && parseDayNumber(value) !== undefined;
}

export function parseIsoDate(value: string, field = 'date'): IsoDate {
  if (!isIsoDate(value)) throw invalid(field, `expected a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

/** Days since 1970-01-01 of a civil date. */
export function dayNumber(date: IsoDate, field = 'date'): number {
  const n = parseDayNumber(date);
  if (n === undefined) throw invalid(field, `expected a date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  return n;
}

export function fromDayNumber(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekdayOfDayNumber(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function weekdayOf(date: IsoDate): number {
  return weekdayOfDayNumber(dayNumber(date));
}

export function yearOfDayNumber(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

export function toInstant(input: InstantInput, field = 'instant'): Date {
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) throw invalid(field, 'invalid Date');
    return new Date(input.getTime());
  }
  if (typeof input !== 'string') throw invalid(field, 'expected a Date or an ISO 8601 string');
  const day = parseDayNumber(input);
  if (day !== undefined) return new Date(day * DAY_MS - SHANGHAI_OFFSET_MS);
  if (!DATE_TIME_RE.test(input)) {
    throw invalid(field, `expected YYYY-MM-DD or an ISO 8601 date-time with an offset, got ${JSON.stringify(input)}`);
  }
  const ms = Date.parse(input);
  if (Number.isNaN(ms)) throw invalid(field, `not a valid date-time: ${JSON.stringify(input)}`);
  return new Date(ms);
}

/** The Asia/Shanghai day number an instant falls on. */
export function shanghaiDayNumberOf(instant: Date): number {
  return Math.floor((instant.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** The Asia/Shanghai civil date of a day input. */
export function toIsoDate(input: DateInput, field = 'date'): IsoDate {
  if (typeof input === 'string' && DATE_RE.test(input)) return parseIsoDate(input, field);
  return fromDayNumber(shanghaiDayNumberOf(toInstant(input, field)));
}

/** Day number of a day input, read in Asia/Shanghai. */
export function toDayNumber(input: DateInput, field = 'date'): number {
  if (typeof input === 'string' && DATE_RE.test(input)) return dayNumber(input, field);
  return shanghaiDayNumberOf(toInstant(input, field));
}

/** 00:00 Asia/Shanghai of a day number. */
export function startOfShanghaiDay(day: number): Date {
  return new Date(day * DAY_MS - SHANGHAI_OFFSET_MS);
}

export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** `2018-10-10T09:00:00+08:00`: an instant written in Asia/Shanghai time. */
export function formatShanghai(instant: Date): string {
  const local = new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString();
  const ms = local.slice(19, 23) === '.000' ? '' : local.slice(19, 23);
  return `${local.slice(0, 19)}${ms}+08:00`;
}
