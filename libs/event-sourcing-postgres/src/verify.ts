import type { Queryable } from './queryable';
import { GENESIS_HASH, eventHash } from './event-store';

export type VerifyResult =
  | { readonly ok: true; readonly streams: number; readonly events: number }
  | {
      readonly ok: false;
      readonly streamId: string;
      readonly version: number;
      readonly reason: 'hash-mismatch' | 'version-gap' | 'head-mismatch';
    };

interface RawRow {
  stream_id: string;
  stream_version: number;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: unknown;
  hash: Buffer;
}

const RAW = 'stream_id, stream_version, event_id, event_type, schema_version, data, metadata, hash';

/**
 * Walks the hash chain of one stream, or of every stream when streamId is
 * omitted, and names the first event whose content no longer matches.
 */
export async function verifyEventLog(db: Queryable, options: { streamId?: string; batchSize?: number } = {}): Promise<VerifyResult> {
  const batchSize = options.batchSize ?? 5000;
  let afterStream = '';
  let afterVersion = 0;
  let current = '';
  let expectedVersion = 0;
  let previous: Buffer = GENESIS_HASH;
  let streams = 0;
  let events = 0;
  const heads = async (streamId: string, version: number, hash: Buffer): Promise<VerifyResult | null> => {
    const { rows } = await db.query<{ version: number; last_hash: Buffer }>('SELECT version, last_hash FROM es_streams WHERE stream_id = $1', [streamId]);
    if (!rows.length || rows[0].version !== version || !rows[0].last_hash.equals(hash)) {
      return { ok: false, streamId, version, reason: 'head-mismatch' };
    }
    return null;
  };
  for (;;) {
    const { rows } = options.streamId
      ? await db.query<RawRow>(`SELECT ${RAW} FROM es_events WHERE stream_id = $1 AND stream_version > $2 ORDER BY stream_version LIMIT $3`, [
          options.streamId,
          afterVersion,
          batchSize,
        ])
      : await db.query<RawRow>(
          `SELECT ${RAW} FROM es_events WHERE (stream_id, stream_version) > ($1, $2) ORDER BY stream_id, stream_version LIMIT $3`,
          [afterStream, afterVersion, batchSize],
        );
    for (const r of rows) {
      if (r.stream_id !== current) {
        if (current) {
          const bad = await heads(current, expectedVersion, previous);
          if (bad) return bad;
        }
        current = r.stream_id;
        expectedVersion = 0;
        previous = GENESIS_HASH;
        streams++;
      }
      if (r.stream_version !== expectedVersion + 1) return { ok: false, streamId: r.stream_id, version: expectedVersion + 1, reason: 'version-gap' };
      const hash = eventHash(previous, {
        streamId: r.stream_id,
        streamVersion: r.stream_version,
        eventId: r.event_id,
        type: r.event_type,
        schemaVersion: r.schema_version,
        data: r.data,
        metadata: r.metadata,
      });
      if (!hash.equals(r.hash)) return { ok: false, streamId: r.stream_id, version: r.stream_version, reason: 'hash-mismatch' };
      previous = hash;
      expectedVersion = r.stream_version;
      events++;
    }
    if (rows.length < batchSize) break;
    afterStream = rows[rows.length - 1].stream_id;
    afterVersion = rows[rows.length - 1].stream_version;
  }
  if (current) {
    const bad = await heads(current, expectedVersion, previous);
    if (bad) return bad;
  }
  return { ok: true, streams, events };
}
