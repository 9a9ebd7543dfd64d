import type { Queryable, RecordedEvent } from '@gov/event-sourcing/postgres';
import type { RealEstateUnitState } from './real-estate-unit.decider';
import type { RealEstateUnitEvent, UnitRegistered } from './real-estate-unit.events';

// The unit's row and its history lines in one statement: one round trip per append.
const UPSERT_UNIT = `
WITH history AS (
  INSERT INTO re_unit_history (unit_number, version, event_type, data, recorded_at)
  SELECT h.unit_number, h.version, h.event_type, h.data, h.recorded_at
  FROM jsonb_to_recordset($16::jsonb) AS h(unit_number text, version integer, event_type text, data jsonb, recorded_at timestamptz)
  ON CONFLICT DO NOTHING
)
INSERT INTO re_units AS u (unit_number, status, location, area_hundredths_m2, use, owners, acquisition_date, original_price_fen,
  registered_at, mortgages, seizures, objections, lock, last_transfer_id, version, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, now())
ON CONFLICT (unit_number) DO UPDATE SET
  status = EXCLUDED.status, location = EXCLUDED.location, area_hundredths_m2 = EXCLUDED.area_hundredths_m2, use = EXCLUDED.use,
  owners = EXCLUDED.owners, acquisition_date = EXCLUDED.acquisition_date, original_price_fen = EXCLUDED.original_price_fen,
  registered_at = EXCLUDED.registered_at, mortgages = EXCLUDED.mortgages, seizures = EXCLUDED.seizures, objections = EXCLUDED.objections,
  lock = EXCLUDED.lock, last_transfer_id = EXCLUDED.last_transfer_id, version = EXCLUDED.version, updated_at = now()
WHERE u.version < EXCLUDED.version`;

/** The unit's row (its state after these events) and one history line per event, in the append's transaction. */
export async function projectUnit(
  tx: Queryable,
  state: RealEstateUnitState,
  version: number,
  events: readonly RecordedEvent<RealEstateUnitEvent>[],
): Promise<void> {
  if (events.length === 0 || state.status === 'unregistered') return;
  const { unit, encumbrances } = state;
  const history = events.map((e) => ({
    unit_number: unit.unitNumber,
    version: e.streamVersion,
    event_type: e.type,
    data: e.data,
    recorded_at: e.recordedAt.toISOString(),
  }));
  await tx.query(UPSERT_UNIT, [
    unit.unitNumber,
    state.status,
    unit.location,
    unit.areaHundredthsM2,
    unit.use,
    JSON.stringify(unit.owners),
    unit.acquisitionDate,
    unit.originalPriceFen,
    unit.registeredAt,
    JSON.stringify(encumbrances.mortgages),
    JSON.stringify(encumbrances.seizures),
    JSON.stringify(encumbrances.objections),
    state.status === 'locked-for-transfer' ? JSON.stringify(state.lock) : null,
    state.lastTransferId,
    version,
    JSON.stringify(history),
  ]);
}

const INSERT_REGISTERED_UNITS = `
INSERT INTO re_units (unit_number, status, location, area_hundredths_m2, use, owners, acquisition_date, original_price_fen, registered_at, version)
SELECT u."unitNumber", 'registered', u.location, u."areaHundredthsM2", u.use, u.owners, u."acquisitionDate", u."originalPriceFen", u."registeredAt", 1
FROM jsonb_to_recordset($1::jsonb) AS u("unitNumber" text, location text, "areaHundredthsM2" integer, use text, owners jsonb,
  "acquisitionDate" date, "originalPriceFen" bigint, "registeredAt" timestamptz)`;

const INSERT_REGISTERED_HISTORY = `
INSERT INTO re_unit_history (unit_number, version, event_type, data, recorded_at)
SELECT d->>'unitNumber', 1, 'UnitRegistered', d, now() FROM jsonb_array_elements($1::jsonb) AS d`;

/** Many newly registered units at once (the bulk import): two statements, whatever the batch size. */
export async function projectRegisteredUnits(tx: Queryable, events: readonly UnitRegistered[]): Promise<void> {
  if (events.length === 0) return;
  const data = JSON.stringify(events.map((e) => e.data));
  await tx.query(INSERT_REGISTERED_UNITS, [data]);
  await tx.query(INSERT_REGISTERED_HISTORY, [data]);
}
