import { ValidationError, type FieldIssue } from '@gov/event-sourcing';

const INSTANT = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Calendar dates of the register are dates in China (UTC+8, no daylight saving since 1991).
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
// Ids come from other services and clients; keep them printable and bounded.
const ID = /^[A-Za-z0-9][A-Za-z0-9._:\-/]{0,99}$/;

/** Collects every problem of one input so the caller hears all of them at once. */
export class Issues {
  private readonly found: FieldIssue[] = [];

  add(field: string, message: string): void {
    this.found.push({ field, message });
  }

  get all(): readonly FieldIssue[] {
    return this.found;
  }

  get empty(): boolean {
    return this.found.length === 0;
  }

  throwIfAny(): void {
    if (this.found.length > 0) throw new ValidationError([...this.found]);
  }

  /** Trimmed, non-empty, at most `maxLength` characters. */
  text(field: string, value: unknown, maxLength: number): value is string {
    if (typeof value !== 'string' || value.trim() === '') {
      this.add(field, 'is required');
      return false;
    }
    if (value !== value.trim()) {
      this.add(field, 'must not start or end with white space');
      return false;
    }
    if ([...value].length > maxLength) {
      this.add(field, `must be at most ${maxLength} characters`);
      return false;
    }
    return true;
  }

  /** An identifier handed in by a caller: transfer, mortgage, clearance, objection ids. */
  id(field: string, value: unknown): value is string {
    if (typeof value !== 'string' || !ID.test(value)) {
      this.add(field, 'must be 1-100 letters, digits or . _ : - / starting with a letter or digit');
      return false;
    }
    return true;
  }

  /** ISO 8601 instant with an explicit offset, e.g. `2018-07-01T09:30:00+08:00`. */
  instant(field: string, value: unknown): value is string {
    if (!isInstant(value)) {
      this.add(field, 'must be an ISO 8601 date-time with an offset');
      return false;
    }
    return true;
  }

  /** `YYYY-MM-DD`, a real calendar day. */
  date(field: string, value: unknown): value is string {
    if (!isCalendarDate(value)) {
      this.add(field, 'must be a calendar date YYYY-MM-DD');
      return false;
    }
    return true;
  }

  /** Money in integer fen (1 yuan = 100 fen), never a float. */
  fen(field: string, value: unknown, options: { allowZero?: boolean } = {}): value is number {
    const min = options.allowZero ? 0 : 1;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      this.add(field, options.allowZero ? 'must be a non-negative integer amount in fen' : 'must be a positive integer amount in fen');
      return false;
    }
    return true;
  }

  list<T>(field: string, value: unknown, options: { min: number; max: number }): value is readonly T[] {
    if (!Array.isArray(value)) {
      this.add(field, 'must be a list');
      return false;
    }
    if (value.length < options.min || value.length > options.max) {
      this.add(field, options.min === options.max ? `must have ${options.min} entries` : `must have ${options.min} to ${options.max} entries`);
      return false;
    }
    return true;
  }
}

export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = INSTANT.exec(value);
  return match !== null && isCalendarDate(match[1]) && !Number.isNaN(Date.parse(value));
}

export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * The instant identity numbers are checked against (no birth date after it):
 * the command's own time keeps the check pure. When that time is itself bad it
 * is reported elsewhere, so don't also refuse every birth date.
 */
export function asOfInstant(at: unknown): Date {
  return isInstant(at) ? new Date(at) : new Date('9999-12-30T00:00:00Z');
}

/** The calendar day (China time) an instant falls on, `YYYY-MM-DD`. */
export function chinaDateOf(instant: string): string {
  return new Date(Date.parse(instant) + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar year (China time) an instant falls in. */
export function chinaYearOf(instant: string): number {
  return Number(chinaDateOf(instant).slice(0, 4));
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
