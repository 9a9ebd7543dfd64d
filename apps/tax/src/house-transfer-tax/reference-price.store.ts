import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { NotFoundError, ValidationError } from '@gov/event-sourcing';
import { PostgresEventStore, type EventMetadata, type Queryable } from '@gov/event-sourcing/postgres';
import { TAX_EVENTS, TAX_STREAMS, type ReferencePricesImportedV1 } from '@gov/contracts';
import { splitLines } from '@gov/platform';
import { ReferencePriceReader, type ReferencePriceEntry, type ReferencePriceFound, type ReferencePriceLineError } from './reference-price';

export const REFERENCE_PRICE_SCHEMA = `
CREATE TABLE IF NOT EXISTS tax_reference_prices (
  scope        text NOT NULL CHECK (scope IN ('unit', 'community')),
  key          text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('total', 'per-m2')),
  total_fen    bigint,
  fen_per_m2   bigint,
  import_id    text NOT NULL,
  imported_at  timestamptz NOT NULL,
  PRIMARY KEY (scope, key)
);
`;

export interface ReferencePriceImportReport {
  readonly importId: string;
  readonly format: 'csv' | 'jsonl';
  readonly linesRead: number;
  readonly imported: number;
  readonly rejected: number;
  /** The first errors by line number; `errorsTruncated` when there were more. */
  readonly errors: readonly ReferencePriceLineError[];
  readonly errorsTruncated: boolean;
}

const BATCH = 1000;
const MAX_REPORTED_ERRORS = 1000;
const MAX_LINES = 2_000_000;
// A price line is a few dozen characters; a longer one is refused without being held.
const MAX_LINE_LENGTH = 4096;

/**
 * The reference price table: imported line by line as the upload streams in,
 * in batches, in one transaction (an import is all of its good lines or none),
 * with a per-line error report. A later import replaces a key's price.
 */
@Injectable()
export class ReferencePriceStore {
  constructor(private readonly store: PostgresEventStore) {}

  /** The upload's bytes (or text), split into lines of at most MAX_LINE_LENGTH characters as they stream in. */
  async import(upload: AsyncIterable<Uint8Array | string>, format: 'csv' | 'jsonl', metadata: EventMetadata): Promise<ReferencePriceImportReport> {
    const importId = randomUUID();
    const importedAt = new Date().toISOString();
    return this.store.transaction(async (tx) => {
      const reader = new ReferencePriceReader(format);
      const errors: ReferencePriceLineError[] = [];
      let rejected = 0;
      let imported = 0;
      let linesRead = 0;
      let batch: ReferencePriceEntry[] = [];
      const flush = async () => {
        if (!batch.length) return;
        await upsert(tx, batch, importId, importedAt);
        imported += batch.length;
        batch = [];
      };
      const reject = (error: ReferencePriceLineError) => {
        rejected++;
        if (errors.length < MAX_REPORTED_ERRORS) errors.push(error);
      };
      for await (const line of splitLines(upload, MAX_LINE_LENGTH)) {
        if (++linesRead > MAX_LINES) throw ValidationError.field('body', `an import has at most ${MAX_LINES} lines`);
        const result = line.tooLong ? reader.tooLong(MAX_LINE_LENGTH) : reader.read(line.text);
        if (!result) continue;
        if (!result.ok) {
          // After a fatal (header) error the reader ignores the rest, which is still read off the stream.
          reject(result.error);
          continue;
        }
        batch.push(result.entry);
        if (batch.length >= BATCH) await flush();
      }
      await flush();
      const end = reader.finish();
      if (end) reject(end);
      const event: ReferencePricesImportedV1 = { importId, format, linesRead, imported, rejected, importedAt };
      await this.store.append(`${TAX_STREAMS.referencePriceImport}-${importId}`, TAX_STREAMS.referencePriceImport, [{ type: TAX_EVENTS.referencePricesImported, data: event, metadata }], { expectedVersion: 0 }, tx);
      return { importId, format, linesRead, imported, rejected, errors, errorsTruncated: rejected > errors.length };
    });
  }

  /** The price, or 404. */
  async find(unitNumber: string, community?: string): Promise<ReferencePriceFound> {
    const found = await this.lookup(this.store.pool, unitNumber, community);
    if (!found) throw new NotFoundError('reference price for unit', unitNumber);
    return found;
  }

  /** A unit's own price wins over its community's. */
  async lookup(db: Queryable, unitNumber: string, community?: string): Promise<ReferencePriceFound | null> {
    const { rows } = await db.query<{ scope: 'unit' | 'community'; kind: 'total' | 'per-m2'; total_fen: string | null; fen_per_m2: string | null }>(
      `SELECT scope, kind, total_fen, fen_per_m2 FROM tax_reference_prices
       WHERE (scope = 'unit' AND key = $1) OR (scope = 'community' AND key = $2)
       ORDER BY scope DESC LIMIT 1`,
      [unitNumber, community ?? null],
    );
    if (!rows.length) return null;
    const r = rows[0];
    return {
      source: r.scope,
      price: r.kind === 'total' ? { kind: 'total', totalFen: Number(r.total_fen) } : { kind: 'per-m2', fenPerM2: Number(r.fen_per_m2) },
    };
  }
}

async function upsert(tx: Queryable, entries: readonly ReferencePriceEntry[], importId: string, importedAt: string): Promise<void> {
  const scope: string[] = [];
  const key: string[] = [];
  const kind: string[] = [];
  const total: (number | null)[] = [];
  const perM2: (number | null)[] = [];
  for (const e of entries) {
    scope.push(e.scope);
    key.push(e.scope === 'unit' ? e.unitNumber : e.community);
    kind.push(e.price.kind);
    total.push(e.price.kind === 'total' ? e.price.totalFen : null);
    perM2.push(e.price.kind === 'per-m2' ? e.price.fenPerM2 : null);
  }
  await tx.query(
    `INSERT INTO tax_reference_prices (scope, key, kind, total_fen, fen_per_m2, import_id, imported_at)
     SELECT u.scope, u.key, u.kind, u.total_fen, u.fen_per_m2, $6, $7
     FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[]) AS u(scope, key, kind, total_fen, fen_per_m2)
     ON CONFLICT (scope, key) DO UPDATE SET kind = EXCLUDED.kind, total_fen = EXCLUDED.total_fen, fen_per_m2 = EXCLUDED.fen_per_m2,
       import_id = EXCLUDED.import_id, imported_at = EXCLUDED.imported_at`,
    [scope, key, kind, total, perM2, importId, importedAt],
  );
}
