import { isInstant } from '@gov/service-standards';

// Calendar dates of the register are dates in China (UTC+8, no daylight saving since 1991).
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

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
