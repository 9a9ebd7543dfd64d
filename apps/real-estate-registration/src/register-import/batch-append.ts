import { randomUUID } from 'node:crypto';
import { eventHash, GENESIS_HASH, type EventMetadata, type PostgresEventStore, type Queryable } from '@gov/event-sourcing';

export interface FirstEvent {
  readonly streamId: string;
  readonly type: string;
  readonly data: object;
  readonly metadata: EventMetadata;
}

// The store's single-stream append, for many new streams at once: heads that
// already exist are left alone (ON CONFLICT DO NOTHING), and only the streams
// whose head was inserted get their event. Sorted by stream id, so concurrent
// batches take the head rows' locks in one order and cannot deadlock.
const START_STREAMS = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(s text, id uuid, t text, sv integer, d jsonb, m jsonb, h text)
), head AS (
  INSERT INTO es_streams (stream_id, stream_type, version, last_hash)
  SELECT s, $1, 1, decode(h, 'hex') FROM input ORDER BY s
  ON CONFLICT (stream_id) DO NOTHING
  RETURNING stream_id
)
INSERT INTO es_events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, hash)
SELECT i.s, 1, i.id, i.t, i.sv, i.d, i.m, decode(i.h, 'hex')
FROM input i JOIN head ON head.stream_id = i.s
ORDER BY i.s
RETURNING stream_id`;

/**
 * Starts many streams with their first event in one statement, inside the
 * caller's transaction, with the same hash chain as `PostgresEventStore.append`
 * (so `verifyEventLog` holds). Stream ids must be distinct. Returns the ids of
 * the streams it started; the others already existed and were not touched.
 *
 * Workaround: the store appends one stream per statement, which makes a bulk
 * import of 100,000 one-event streams round-trip bound. See the app README.
 */
export async function startStreams(store: PostgresEventStore, tx: Queryable, streamType: string, events: readonly FirstEvent[]): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const rows = events
    .map((e) => {
      const eventId = randomUUID();
      const schemaVersion = store.schemas.currentVersion(e.type);
      const hash = eventHash(GENESIS_HASH, { streamId: e.streamId, streamVersion: 1, eventId, type: e.type, schemaVersion, data: e.data, metadata: e.metadata });
      return { s: e.streamId, id: eventId, t: e.type, sv: schemaVersion, d: e.data, m: e.metadata, h: hash.toString('hex') };
    })
    .sort((a, b) => (a.s < b.s ? -1 : a.s > b.s ? 1 : 0));
  const { rows: started } = await tx.query<{ stream_id: string }>(START_STREAMS, [streamType, JSON.stringify(rows)]);
  return new Set(started.map((r) => r.stream_id));
}
