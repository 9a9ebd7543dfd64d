import type { Queryable } from '@gov/event-sourcing/postgres';

// Upsert on the year's row: the first certificate of a year creates it. The row
// stays locked until the issuing transaction ends, so serials are handed out in
// commit order, and a rollback gives its serial back: no gaps, no duplicates.
const DRAW = `
INSERT INTO re_certificate_serials AS c (district, year, last_serial) VALUES ($1, $2, 1)
ON CONFLICT (district, year) DO UPDATE SET last_serial = c.last_serial + 1
RETURNING last_serial`;

/** The next serial of the district's year, inside the caller's transaction. */
export async function drawCertificateSerial(tx: Queryable, district: string, year: number): Promise<number> {
  const { rows } = await tx.query<{ last_serial: number }>(DRAW, [district, year]);
  return rows[0].last_serial;
}
