import { Injectable } from '@nestjs/common';
import { NotFoundError, ValidationError } from '@gov/event-sourcing';
import { PostgresEventStore } from '@gov/event-sourcing/postgres';
import { visibleTo, type Principal } from '@gov/platform';
import { isValidUnitNumber, UNIT_NUMBER_RULE } from '@gov/identity';
import type { Owner } from '../domain/party';
import { REGISTER_DEPARTMENT } from '../shared/access';
import type { Mortgage, Objection, Seizure, TransferLock } from './real-estate-unit.decider';

export interface UnitHistoryEntry {
  readonly version: number;
  readonly type: string;
  readonly recordedAt: string;
  readonly data: Record<string, unknown>;
}

export interface UnitView {
  readonly unitNumber: string;
  readonly status: 'registered' | 'locked-for-transfer';
  readonly location: string;
  readonly areaHundredthsM2: number;
  readonly use: string;
  readonly owners: readonly Owner[];
  readonly acquisitionDate: string;
  readonly originalPriceFen: number | null;
  readonly registeredAt: string;
  readonly mortgages: readonly Mortgage[];
  readonly seizures: readonly Seizure[];
  readonly objections: readonly Objection[];
  readonly lock: TransferLock | null;
  readonly lastTransferId: string | null;
  readonly version: number;
  readonly history: readonly UnitHistoryEntry[];
}

interface UnitRow {
  unit_number: string;
  status: UnitView['status'];
  location: string;
  area_hundredths_m2: number;
  use: string;
  owners: Owner[];
  acquisition_date: string;
  original_price_fen: string | null;
  registered_at: Date;
  mortgages: Mortgage[];
  seizures: Seizure[];
  objections: Objection[];
  lock: TransferLock | null;
  last_transfer_id: string | null;
  version: number;
}

// A unit changes a few times a decade; this bounds a pathological one.
const MAX_HISTORY = 500;

/** The register as callers see it: owners in clear for the owners and the registry, masked for anyone else. */
@Injectable()
export class UnitQueries {
  constructor(private readonly store: PostgresEventStore) {}

  async get(unitNumber: string, principal: Principal | undefined): Promise<UnitView & { personalDataVisible: boolean }> {
    if (!isValidUnitNumber(unitNumber)) throw ValidationError.field('unitNumber', UNIT_NUMBER_RULE);
    const { rows } = await this.store.pool.query<UnitRow>(
      `SELECT unit_number, status, location, area_hundredths_m2, use, owners, to_char(acquisition_date, 'YYYY-MM-DD') AS acquisition_date,
              original_price_fen, registered_at, mortgages, seizures, objections, lock, last_transfer_id, version
       FROM re_units WHERE unit_number = $1`,
      [unitNumber],
    );
    if (rows.length === 0) throw new NotFoundError('real-estate unit', unitNumber);
    const r = rows[0];
    const history = await this.store.pool.query<{ version: number; event_type: string; recorded_at: Date; data: Record<string, unknown> }>(
      'SELECT version, event_type, recorded_at, data FROM re_unit_history WHERE unit_number = $1 ORDER BY version LIMIT $2',
      [unitNumber, MAX_HISTORY],
    );
    const view: UnitView = {
      unitNumber: r.unit_number,
      status: r.status,
      location: r.location,
      areaHundredthsM2: r.area_hundredths_m2,
      use: r.use,
      owners: r.owners,
      acquisitionDate: r.acquisition_date,
      originalPriceFen: r.original_price_fen === null ? null : Number(r.original_price_fen),
      registeredAt: r.registered_at.toISOString(),
      mortgages: r.mortgages,
      seizures: r.seizures,
      objections: r.objections,
      lock: r.lock,
      lastTransferId: r.last_transfer_id,
      version: r.version,
      history: history.rows.map((h) => ({ version: h.version, type: h.event_type, recordedAt: h.recorded_at.toISOString(), data: h.data })),
    };
    // A prospective buyer may look a unit up (owners masked) to see its encumbrances.
    return visibleTo(view, principal, { department: REGISTER_DEPARTMENT, partyIds: r.owners.map((o) => o.idNumber) });
  }
}
