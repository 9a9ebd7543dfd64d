// Calendar dates of the register are dates in China (UTC+8, no daylight saving since 1991).
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The calendar day (China time) an instant falls on, `YYYY-MM-DD`. */
export function chinaDateOf(instant: string): string {
  return new Date(Date.parse(instant) + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar year (China time) an instant falls in. */
export function chinaYearOf(instant: string): number {
  return Number(chinaDateOf(instant).slice(0, 4));
}
