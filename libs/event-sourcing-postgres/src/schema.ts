import type { Pool } from 'pg';

/**
 * The event store's tables in one service database. Idempotent; run at start-up.
 * transaction_id (xid8) lets log followers read in commit-safe order (see log-order.ts).
 */
const EVENT_STORE_SCHEMA = `
CREATE TABLE IF NOT EXISTS es_streams (
  stream_id    text PRIMARY KEY,
  stream_type  text NOT NULL,
  version      integer NOT NULL CHECK (version > 0),
  last_hash    bytea NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS es_events (
  global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_id       text NOT NULL,
  stream_version  integer NOT NULL,
  event_id        uuid NOT NULL,
  event_type      text NOT NULL,
  schema_version  integer NOT NULL,
  data            jsonb NOT NULL,
  metadata        jsonb NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  hash            bytea NOT NULL,
  CONSTRAINT es_events_stream_version UNIQUE (stream_id, stream_version),
  CONSTRAINT es_events_event_id UNIQUE (event_id)
);
CREATE INDEX IF NOT EXISTS es_events_log_order ON es_events (transaction_id, global_position);
CREATE TABLE IF NOT EXISTS es_snapshots (
  stream_id      text PRIMARY KEY,
  stream_version integer NOT NULL,
  state_version  text NOT NULL,
  state          jsonb NOT NULL,
  last_hash      bytea NOT NULL,
  taken_at       timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS es_commands (
  command_id    text PRIMARY KEY,
  request_hash  text NOT NULL,
  stream_id     text,
  result        jsonb NOT NULL,
  recorded_at   timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS es_checkpoints (
  name            text PRIMARY KEY,
  transaction_id  xid8 NOT NULL,
  global_position bigint NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
-- Events are facts: never updated or deleted through the application.
CREATE OR REPLACE FUNCTION es_events_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'es_events is append-only' USING ERRCODE = 'GV001';
END $$;
DO $$ BEGIN
  CREATE TRIGGER es_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON es_events
    FOR EACH STATEMENT EXECUTE FUNCTION es_events_immutable();
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
-- NOTIFY is delivered at commit, to listeners on this database only, one per transaction.
-- A committing NOTIFY holds a cluster-wide lock through its WAL flush, serialising
-- such commits: sessions of a process that wakes its relay itself say so
-- (es.wake = in-process) and skip it.
CREATE OR REPLACE FUNCTION es_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('es.wake', true) IS DISTINCT FROM 'in-process' THEN
    PERFORM pg_notify('es_events', '');
  END IF;
  RETURN NULL;
END $$;
DO $$ BEGIN
  CREATE TRIGGER es_events_committed AFTER INSERT ON es_events
    FOR EACH STATEMENT EXECUTE FUNCTION es_events_notify();
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
`;

/** The channel a commit that appended events notifies: relays wake on it instead of polling. */
export const EVENTS_CHANNEL = 'es_events';
/**
 * Connection options for the pool of a process whose event store wakes its own
 * relay (PostgresEventStore.onCommitted): its commits skip the NOTIFY. The relay
 * forwards the wake-up when another process holds the relay lock.
 */
export const IN_PROCESS_WAKE_OPTIONS = '-c es.wake=in-process';

/** Applies DDL under a transaction-scoped advisory lock, so replicas starting together don't race. */
export async function migrate(pool: Pool, name: string, ddl: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`migrate:${name}`]);
    await client.query(ddl);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export function migrateEventStore(pool: Pool): Promise<void> {
  return migrate(pool, 'event-store', EVENT_STORE_SCHEMA);
}
