import { createHash, randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { DomainEvent } from '@gov/event-sourcing';
import { StreamVersionConflictError, canonicalJson, EventSchemaRegistry } from '@gov/event-sourcing';
import { namedStatement, type Queryable } from './queryable';

export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  commandId?: string;
  actor?: { subject: string; role: string };
  traceparent?: string;
  [key: string]: unknown;
}

export interface EventToAppend {
  readonly type: string;
  readonly data: object;
  readonly metadata?: EventMetadata;
  readonly eventId?: string;
}

export interface RecordedEventInfo {
  readonly eventId: string;
  readonly streamId: string;
  readonly streamVersion: number;
  /** bigint as a decimal string */
  readonly globalPosition: string;
  /** xid8 as a decimal string */
  readonly transactionId: string;
  readonly schemaVersion: number;
  readonly metadata: EventMetadata;
  readonly recordedAt: Date;
  readonly hash: Buffer;
}

export type RecordedEvent<E extends DomainEvent = DomainEvent> = E & RecordedEventInfo;

/** `number`: the version the stream must be at now (0: it must not exist). `'any'`: no check. */
export type ExpectedVersion = number | 'any';

export interface AppendOptions {
  readonly expectedVersion: ExpectedVersion;
  /** The stream's last hash at expectedVersion, when the caller just read it; saves a round trip. */
  readonly previousHash?: Buffer;
}

export interface AppendResult {
  readonly streamId: string;
  readonly nextExpectedVersion: number;
  readonly lastHash: Buffer;
  readonly events: readonly RecordedEvent[];
}

export interface StreamHead {
  readonly version: number;
  readonly lastHash: Buffer;
}

export interface StreamRead<E extends DomainEvent = DomainEvent> extends StreamHead {
  readonly events: readonly RecordedEvent<E>[];
}

export const GENESIS_HASH = Buffer.alloc(32);

interface HashedContent {
  streamId: string;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
}

/**
 * The canonical JSON of an event's content up to its stream version, which sorts
 * last ("v"): `prefix + version + '}'` is the whole. An append that has not read
 * the head sends this and lets PostgreSQL finish the chain.
 */
function contentBeforeVersion(e: HashedContent): string {
  const whole = canonicalJson({ d: e.data, id: e.eventId, m: e.metadata, s: e.streamId, sv: e.schemaVersion, t: e.type, v: 0 });
  if (!whole.endsWith(',"v":0}')) throw new Error('canonical JSON no longer puts the stream version last');
  return whole.slice(0, -2);
}

/** sha256(previous hash ‖ canonical JSON of the event's content): the per-stream hash chain. */
export function eventHash(previous: Buffer, e: HashedContent & { streamVersion: number }): Buffer {
  return createHash('sha256').update(previous).update(`${contentBeforeVersion(e)}${e.streamVersion}}`, 'utf8').digest();
}

export const EVENT_COLUMNS =
  'global_position, transaction_id::text AS transaction_id, stream_id, stream_version, event_id, event_type, schema_version, data, metadata, recorded_at, hash';

export interface EventRow {
  global_position: string;
  transaction_id: string;
  stream_id: string;
  stream_version: number;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  recorded_at: Date;
  hash: Buffer;
}

// One statement: move the stream head only if it is still at the expected
// version, and insert the events only if the head moved. Concurrent writers
// queue on the head row; the losers see the new version and insert nothing.
const APPEND_SQL = `
WITH head AS (
  INSERT INTO es_streams AS s (stream_id, stream_type, version, last_hash)
  VALUES ($1, $2, $4, $5)
  ON CONFLICT (stream_id) DO UPDATE
    SET version = EXCLUDED.version, last_hash = EXCLUDED.last_hash, updated_at = now()
    WHERE s.version = $3
  RETURNING 1
)
INSERT INTO es_events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, hash)
SELECT $1, $3 + e.ord::int, (e.v->>'id')::uuid, e.v->>'t', (e.v->>'sv')::int, e.v->'d', e.v->'m', decode(e.v->>'h', 'hex')
FROM jsonb_array_elements($6::jsonb) WITH ORDINALITY AS e(v, ord)
WHERE EXISTS (SELECT 1 FROM head)
ORDER BY e.ord
RETURNING global_position, transaction_id::text AS transaction_id, recorded_at`;

// The same when the caller has not read the head (an 'any' append, or a version
// without its hash): the statement locks the head row, checks the version ($3,
// NULL for any) and chains the hashes itself, sha256(previous ‖ content), from
// each event's canonical JSON up to the version that only the head knows. One
// round trip instead of two. A stream started concurrently by another writer
// shows as no rows, as a version conflict does.
const APPEND_CHAINED_SQL = `
WITH RECURSIVE cur AS MATERIALIZED (
  SELECT version, last_hash FROM es_streams WHERE stream_id = $1 FOR UPDATE
), base AS MATERIALIZED (
  SELECT coalesce((SELECT version FROM cur), 0) AS v0, coalesce((SELECT last_hash FROM cur), decode(repeat('00', 32), 'hex')) AS h0
), input AS MATERIALIZED (
  SELECT p.prefix, p.ord, (p.prefix || '0}')::jsonb AS j FROM unnest($4::text[]) WITH ORDINALITY AS p(prefix, ord)
), chain AS (
  SELECT 0::bigint AS ord, h0 AS hash FROM base
  UNION ALL
  SELECT i.ord, sha256(c.hash || convert_to(i.prefix || (b.v0 + i.ord)::text || '}', 'UTF8'))
  FROM chain c JOIN input i ON i.ord = c.ord + 1 CROSS JOIN base b
), head AS (
  INSERT INTO es_streams AS s (stream_id, stream_type, version, last_hash)
  SELECT $1, $2, b.v0 + cardinality($4::text[]), (SELECT hash FROM chain ORDER BY ord DESC LIMIT 1)
  FROM base b WHERE $3::int IS NULL OR b.v0 = $3::int
  ON CONFLICT (stream_id) DO UPDATE
    SET version = EXCLUDED.version, last_hash = EXCLUDED.last_hash, updated_at = now()
    WHERE s.version = (SELECT v0 FROM base)
  RETURNING 1
)
INSERT INTO es_events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, hash)
SELECT $1, b.v0 + i.ord, (i.j->>'id')::uuid, i.j->>'t', (i.j->>'sv')::int, i.j->'d', i.j->'m', c.hash
FROM input i JOIN chain c USING (ord) CROSS JOIN base b
WHERE EXISTS (SELECT 1 FROM head)
ORDER BY i.ord
RETURNING stream_version, global_position, transaction_id::text AS transaction_id, recorded_at, hash`;

// Head, optional snapshot and the events after it; the snapshot's state only on the first row.
// A snapshot counts only if the event at its version carries its hash: one
// taken of events that were then rolled back (or past the head) is ignored, not believed.
const READ_SQL = `
SELECT h.version AS head_version, h.last_hash AS head_hash,
       s.stream_version AS snap_version, CASE WHEN coalesce(e.rn, 1) = 1 THEN s.state END AS snap_state, s.last_hash AS snap_hash,
       e.global_position, e.transaction_id, e.stream_id, e.stream_version, e.event_id, e.event_type, e.schema_version, e.data, e.metadata, e.recorded_at, e.hash
FROM es_streams h
LEFT JOIN es_snapshots s ON $3::text IS NOT NULL AND s.stream_id = h.stream_id AND s.state_version = $3::text AND s.stream_version > $2
  AND EXISTS (SELECT 1 FROM es_events x WHERE x.stream_id = s.stream_id AND x.stream_version = s.stream_version AND x.hash = s.last_hash)
LEFT JOIN LATERAL (
  SELECT ${EVENT_COLUMNS}, row_number() OVER (ORDER BY stream_version) AS rn
  FROM es_events WHERE stream_id = h.stream_id AND stream_version > greatest($2, coalesce(s.stream_version, 0))
) e ON true
WHERE h.stream_id = $1
ORDER BY e.stream_version`;

// Many new streams with their first event: heads that already exist are left
// alone (ON CONFLICT DO NOTHING) and only streams whose head was inserted get
// their event. Sorted by stream id, so concurrent batches take the head rows'
// locks in one order and cannot deadlock.
const START_STREAMS_SQL = `
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

export interface FirstEvent extends EventToAppend {
  readonly streamId: string;
}

const APPEND = namedStatement('es_append', APPEND_SQL);
const APPEND_CHAINED = namedStatement('es_append_chained', APPEND_CHAINED_SQL);
const READ = namedStatement('es_read', READ_SQL);
const HEAD = namedStatement('es_head', 'SELECT version, last_hash FROM es_streams WHERE stream_id = $1');

export class PostgresEventStore {
  readonly schemas: EventSchemaRegistry;
  private readonly committedListeners = new Set<() => void>();

  /** Called after a transaction of this store commits; the relay uses it to publish without waiting for its poll. */
  onCommitted(listener: () => void): () => void {
    this.committedListeners.add(listener);
    return () => this.committedListeners.delete(listener);
  }

  private committed(): void {
    for (const l of this.committedListeners) l();
  }

  constructor(
    readonly pool: Pool,
    options: { schemas?: EventSchemaRegistry } = {},
  ) {
    this.schemas = options.schemas ?? new EventSchemaRegistry();
  }

  /** Runs fn in one transaction on one connection; the client is the unit of work. */
  async transaction<T>(fn: (tx: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      this.committed();
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async streamHead(streamId: string, db: Queryable = this.pool): Promise<StreamHead | null> {
    const { rows } = await db.query<{ version: number; last_hash: Buffer }>(HEAD([streamId]));
    return rows.length ? { version: rows[0].version, lastHash: rows[0].last_hash } : null;
  }

  /**
   * Appends events to a stream with optimistic concurrency. Throws
   * StreamVersionConflictError when the stream is not at the expected version.
   * Pass a transaction client as `db` to commit together with read models.
   */
  async append(
    streamId: string,
    streamType: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
    db: Queryable = this.pool,
  ): Promise<AppendResult> {
    const expected = options.expectedVersion;
    if (events.length === 0) {
      const head = await this.streamHead(streamId, db);
      const actual = head?.version ?? 0;
      if (expected !== 'any' && actual !== expected) throw new StreamVersionConflictError(streamId, expected, actual);
      return { streamId, nextExpectedVersion: actual, lastHash: head?.lastHash ?? GENESIS_HASH, events: [] };
    }
    const previous = options.previousHash ?? (expected === 0 ? GENESIS_HASH : undefined);
    if (expected === 'any' || !previous) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await this.appendChained(streamId, streamType, events, expected, db);
        } catch (error) {
          // Only a stream started by someone else meanwhile is worth another try ('any'); inside
          // a caller's transaction a failed statement aborts it: no retry there.
          if (!(error instanceof StreamVersionConflictError) || expected !== 'any' || attempt >= 5 || db !== this.pool) throw error;
        }
      }
    }
    let chain: Buffer = previous;
    const prepared = events.map((e, i) => {
      const eventId = e.eventId ?? randomUUID();
      const schemaVersion = this.schemas.currentVersion(e.type);
      const metadata = e.metadata ?? {};
      const hash = eventHash(chain, { streamId, streamVersion: expected + i + 1, eventId, type: e.type, schemaVersion, data: e.data, metadata });
      chain = hash;
      return { id: eventId, t: e.type, sv: schemaVersion, d: e.data, m: metadata, h: hash.toString('hex'), hash };
    });
    const lastHash = prepared[prepared.length - 1].hash;
    const payload = JSON.stringify(prepared.map(({ hash: _hash, ...p }) => p));
    const { rows } = await db.query<{ global_position: string; transaction_id: string; recorded_at: Date }>(
      APPEND([streamId, streamType, expected, expected + events.length, lastHash, payload]),
    );
    if (rows.length === 0) {
      const head = await this.streamHead(streamId, db);
      throw new StreamVersionConflictError(streamId, expected, head?.version ?? 0);
    }
    if (db === this.pool) this.committed();
    return {
      streamId,
      nextExpectedVersion: expected + events.length,
      lastHash,
      events: prepared.map((p, i) => ({
        type: p.t,
        data: p.d,
        eventId: p.id,
        streamId,
        streamVersion: expected + i + 1,
        globalPosition: rows[i].global_position,
        transactionId: rows[i].transaction_id,
        schemaVersion: p.sv,
        metadata: p.m,
        recordedAt: rows[i].recorded_at,
        hash: p.hash,
      })),
    };
  }

  /** An append whose head the statement reads, locks and chains from (see APPEND_CHAINED_SQL). */
  private async appendChained(streamId: string, streamType: string, events: readonly EventToAppend[], expected: ExpectedVersion, db: Queryable): Promise<AppendResult> {
    const prepared = events.map((e) => {
      const eventId = e.eventId ?? randomUUID();
      const schemaVersion = this.schemas.currentVersion(e.type);
      const metadata = e.metadata ?? {};
      return { eventId, schemaVersion, metadata, type: e.type, data: e.data, prefix: contentBeforeVersion({ streamId, eventId, type: e.type, schemaVersion, data: e.data, metadata }) };
    });
    const { rows } = await db.query<{ stream_version: number; global_position: string; transaction_id: string; recorded_at: Date; hash: Buffer }>(
      APPEND_CHAINED([streamId, streamType, expected === 'any' ? null : expected, prepared.map((p) => p.prefix)]),
    );
    if (rows.length === 0) {
      const head = await this.streamHead(streamId, db);
      throw new StreamVersionConflictError(streamId, expected === 'any' ? 0 : expected, head?.version ?? 0);
    }
    if (db === this.pool) this.committed();
    const last = rows[rows.length - 1];
    return {
      streamId,
      nextExpectedVersion: last.stream_version,
      lastHash: last.hash,
      events: prepared.map((p, i) => ({
        type: p.type,
        data: p.data,
        eventId: p.eventId,
        streamId,
        streamVersion: rows[i].stream_version,
        globalPosition: rows[i].global_position,
        transactionId: rows[i].transaction_id,
        schemaVersion: p.schemaVersion,
        metadata: p.metadata,
        recordedAt: rows[i].recorded_at,
        hash: rows[i].hash,
      })),
    };
  }

  /**
   * Starts many streams with their first event in one statement (a bulk import
   * of 100,000 one-event streams would otherwise be round-trip bound), with the
   * same hash chain as `append`. Stream ids must be distinct. Returns the ids of
   * the streams it started; those that already existed are not touched.
   */
  async startStreams(streamType: string, events: readonly FirstEvent[], db: Queryable = this.pool): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    const rows = events
      .map((e) => {
        const eventId = e.eventId ?? randomUUID();
        const schemaVersion = this.schemas.currentVersion(e.type);
        const metadata = e.metadata ?? {};
        const hash = eventHash(GENESIS_HASH, { streamId: e.streamId, streamVersion: 1, eventId, type: e.type, schemaVersion, data: e.data, metadata });
        return { s: e.streamId, id: eventId, t: e.type, sv: schemaVersion, d: e.data, m: metadata, h: hash.toString('hex') };
      })
      .sort((a, b) => (a.s < b.s ? -1 : a.s > b.s ? 1 : 0));
    const { rows: started } = await db.query<{ stream_id: string }>(START_STREAMS_SQL, [streamType, JSON.stringify(rows)]);
    if (db === this.pool) this.committed();
    return new Set(started.map((r) => r.stream_id));
  }

  /** Reads a stream (optionally after a version), upcasting old schema versions. One round trip. */
  async readStream<E extends DomainEvent = DomainEvent>(
    streamId: string,
    options: { afterVersion?: number } = {},
    db: Queryable = this.pool,
  ): Promise<StreamRead<E>> {
    const loaded = await this.readFromSnapshot<E, never>(streamId, { afterVersion: options.afterVersion }, db);
    return { version: loaded.version, lastHash: loaded.lastHash, events: loaded.events };
  }

  /**
   * The stream's head, its snapshot of `snapshotVersion` (if any) and the events
   * after it (or after `afterVersion`), in one statement: loading an aggregate is
   * one round trip whether or not it has a snapshot.
   */
  async readFromSnapshot<E extends DomainEvent = DomainEvent, S = unknown>(
    streamId: string,
    options: { afterVersion?: number; snapshotVersion?: string },
    db: Queryable = this.pool,
  ): Promise<StreamRead<E> & { snapshot?: { version: number; state: S; lastHash: Buffer } }> {
    const { rows } = await db.query<EventRow & { head_version: number; head_hash: Buffer; snap_version: number | null; snap_state: S | null; snap_hash: Buffer | null }>(
      READ([streamId, options.afterVersion ?? 0, options.snapshotVersion ?? null]),
    );
    if (rows.length === 0) return { version: 0, lastHash: GENESIS_HASH, events: [] };
    const first = rows[0];
    const events = first.event_id === null ? [] : rows.map((r) => this.toRecorded<E>(r));
    const snapshot = first.snap_version === null ? undefined : { version: first.snap_version, state: first.snap_state as S, lastHash: first.snap_hash! };
    return { version: first.head_version, lastHash: first.head_hash, events, ...(snapshot ? { snapshot } : {}) };
  }

  toRecorded<E extends DomainEvent = DomainEvent>(r: EventRow): RecordedEvent<E> {
    return {
      type: r.event_type,
      data: this.schemas.upcast<E>(r.event_type, r.schema_version, r.data),
      eventId: r.event_id,
      streamId: r.stream_id,
      streamVersion: r.stream_version,
      globalPosition: r.global_position,
      transactionId: r.transaction_id,
      schemaVersion: this.schemas.currentVersion(r.event_type),
      metadata: r.metadata,
      recordedAt: r.recorded_at,
      hash: r.hash,
    } as unknown as RecordedEvent<E>;
  }
}
