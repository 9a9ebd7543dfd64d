import { assertNever, IllegalStateError } from '@gov/event-sourcing';
import { eventsOf, type Queryable, type RecordedEvent, type StreamOptions } from '@gov/event-sourcing/postgres';
import type { TaxpayerState } from './taxpayer.decider';
import { taxpayerIdentifier, type MaterialsSet, type TaxpayerIdentity } from './taxpayer.commands';
import type { TaxpayerEvent } from './taxpayer.events';

export const TAXPAYER_SCHEMA = `
CREATE TABLE IF NOT EXISTS tax_taxpayers (
  taxpayer_id      text PRIMARY KEY,
  kind             text NOT NULL CHECK (kind IN ('person', 'business')),
  identifier       text NOT NULL,
  taxpayer         jsonb NOT NULL,
  materials        jsonb NOT NULL,
  status           text NOT NULL CHECK (status IN ('registered', 'deregistered')),
  registered_at    timestamptz NOT NULL,
  deregistered_at  timestamptz,
  deregistration_reason text,
  version          integer NOT NULL
);
-- One registered taxpayer per identity number or credit code; a deregistered one may register anew.
CREATE UNIQUE INDEX IF NOT EXISTS tax_taxpayers_one_registered ON tax_taxpayers (identifier) WHERE status = 'registered';
`;

export interface TaxpayerView {
  readonly taxpayerId: string;
  readonly status: 'registered' | 'deregistered';
  readonly taxpayer: TaxpayerIdentity;
  readonly materials: MaterialsSet;
  readonly registeredAt: string;
  readonly deregisteredAt: string | null;
  readonly deregistrationReason: string | null;
}

interface TaxpayerRow {
  taxpayer_id: string;
  identifier: string;
  taxpayer: TaxpayerIdentity;
  materials: MaterialsSet;
  status: 'registered' | 'deregistered';
  registered_at: Date;
  deregistered_at: Date | null;
  deregistration_reason: string | null;
}

/** Inline read model, in the append's transaction. */
export async function projectTaxpayer(tx: Queryable, events: readonly RecordedEvent<TaxpayerEvent>[]): Promise<void> {
  for (const event of events) {
    switch (event.type) {
      case 'TaxpayerRegistered': {
        const { taxpayer } = event.data;
        const { rowCount } = await tx.query(
          `INSERT INTO tax_taxpayers (taxpayer_id, kind, identifier, taxpayer, materials, status, registered_at, version)
           VALUES ($1, $2, $3, $4, $5, 'registered', $6, $7) ON CONFLICT DO NOTHING`,
          [event.data.taxpayerId, taxpayer.kind, taxpayerIdentifier(taxpayer), JSON.stringify(taxpayer), JSON.stringify(event.data.materials), event.data.registeredAt, event.streamVersion],
        );
        // The unique index decides between concurrent registrations of one identity.
        if (rowCount !== 1) {
          throw new IllegalStateError('taxpayer-identity-registered', 'a taxpayer with this identity number or credit code is already registered');
        }
        break;
      }
      case 'TaxpayerDeregistered':
        await tx.query(
          `UPDATE tax_taxpayers SET status = 'deregistered', deregistered_at = $2, deregistration_reason = $3, version = $4 WHERE taxpayer_id = $1`,
          [event.data.taxpayerId, event.data.deregisteredAt, event.data.reason, event.streamVersion],
        );
        break;
      default:
        assertNever(event, 'taxpayer event');
    }
  }
}

export interface FoundTaxpayer {
  readonly view: TaxpayerView;
  /** Resident identity number or credit code: the party id on tokens and unpaid items. */
  readonly identifier: string;
}

export async function findTaxpayer(db: Queryable, taxpayerId: string): Promise<FoundTaxpayer | null> {
  const { rows } = await db.query<TaxpayerRow>('SELECT * FROM tax_taxpayers WHERE taxpayer_id = $1', [taxpayerId]);
  if (!rows.length) return null;
  const r = rows[0];
  return {
    identifier: r.identifier,
    view: {
      taxpayerId: r.taxpayer_id,
      status: r.status,
      taxpayer: r.taxpayer,
      materials: r.materials,
      registeredAt: r.registered_at.toISOString(),
      deregisteredAt: r.deregistered_at?.toISOString() ?? null,
      deregistrationReason: r.deregistration_reason,
    },
  };
}

/** How a unit of work loads a taxpayer's stream: with its inline read model. */
export const TAXPAYER_STREAM: StreamOptions<TaxpayerState, TaxpayerEvent> = { project: (tx, events) => projectTaxpayer(tx, events) };
export const isTaxpayerEvent = eventsOf<TaxpayerEvent>({ TaxpayerRegistered: true, TaxpayerDeregistered: true });
