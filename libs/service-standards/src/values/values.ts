import { isIsoDate } from '../calendar/shanghai-time';

/**
 * The value rules every service's commands share: calendar dates, instants,
 * money and caller-chosen ids. Each is a predicate with the message that names
 * the rule (never the value), in the shape the field collector and the edge
 * validators take.
 */

const INSTANT_PATTERN = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
// Printable and bounded: ids end up in paths, stream ids and logs.
const CALLER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:\-/]{0,127}$/;

/** An ISO 8601 date-time with an explicit offset, on a day that exists. */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = INSTANT_PATTERN.exec(value);
  return match !== null && isIsoDate(match[1]) && !Number.isNaN(Date.parse(value));
}

/** Money in integer fen (1 yuan = 100 fen), never a float, never negative. */
export function isFen(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function isPositiveFen(value: unknown): value is number {
  return isFen(value) && value > 0;
}

/** An id a caller chooses (transfer, assessment, case, mortgage ids). */
export function isCallerId(value: unknown): value is string {
  return typeof value === 'string' && CALLER_ID_PATTERN.test(value);
}

export const CALENDAR_DATE = Object.freeze({ test: isIsoDate, message: 'must be a calendar date YYYY-MM-DD that exists' });
export const INSTANT = Object.freeze({ test: isInstant, message: 'must be an ISO 8601 date-time with an offset, e.g. 2026-12-07T09:30:00+08:00' });
export const FEN = Object.freeze({ test: isFen, message: 'must be a non-negative integer amount in fen' });
export const POSITIVE_FEN = Object.freeze({ test: isPositiveFen, message: 'must be a positive integer amount in fen' });
export const CALLER_ID = Object.freeze({ test: isCallerId, message: 'must be 1-128 letters, digits or . _ : - / starting with a letter or digit' });

/** Text with something in it besides white space. */
export function isNonBlank(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/**
 * The instant identity numbers are checked against (no birth date after it):
 * the command's own time keeps a decider pure. When that time is itself bad it
 * is reported on its own field, so don't also refuse every birth date.
 */
export function asOfInstant(at: unknown): Date {
  return isInstant(at) ? new Date(at) : new Date('9999-12-30T00:00:00Z');
}
