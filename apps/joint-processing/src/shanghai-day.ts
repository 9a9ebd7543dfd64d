/** The calendar day in China (UTC+8, no daylight saving), whatever the machine's time zone. */
export function shanghaiDay(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
}
