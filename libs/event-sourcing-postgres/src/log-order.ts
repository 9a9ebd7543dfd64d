import type { DomainEvent } from '@gov/event-sourcing';
import { namedStatement, type Queryable } from './queryable';
import { EVENT_COLUMNS, type EventRow, type PostgresEventStore, type RecordedEvent } from './event-store';

/** Position in the log: (writing transaction id, global position). */
export interface Checkpoint {
  readonly transactionId: string;
  readonly globalPosition: string;
}

export const LOG_START: Checkpoint = { transactionId: '0', globalPosition: '0' };

// A position from a sequence is taken before commit, so a transaction that
// commits late can land behind positions a reader already passed. Reading only
// rows of transactions older than every transaction still running that could
// write here, and ordering by (xid, position), means nothing can appear behind
// the checkpoint later.
//
// The horizon: the smallest xid in flight when this statement's snapshot was
// taken, skipping those of backends connected to another database (xids are
// cluster-wide, but a backend writes to one database only; pg_snapshot_xmin
// alone lets any long transaction anywhere in the cluster stall every reader).
// Activity is read after the snapshot, so a transaction that ended in between is
// not found and still counts: the rule only ever errs on the side of waiting.
export const FOLLOW_SQL = `
WITH snap AS MATERIALIZED (SELECT pg_current_snapshot() AS s),
elsewhere AS MATERIALIZED (
  SELECT a.backend_xid::text::bigint AS xid FROM pg_stat_get_activity(NULL) a
  WHERE a.backend_xid IS NOT NULL AND a.datid IS NOT NULL
    AND a.datid <> (SELECT oid FROM pg_database WHERE datname = current_database())
),
horizon AS MATERIALIZED (
  SELECT coalesce(
    (SELECT min(x) FROM snap, pg_snapshot_xip(snap.s) AS x
     WHERE (x::text::bigint % 4294967296) NOT IN (SELECT xid FROM elsewhere)),
    (SELECT pg_snapshot_xmax(s) FROM snap)) AS h
),
batch AS MATERIALIZED (
  SELECT ${EVENT_COLUMNS}, es_events.transaction_id AS xid FROM es_events, horizon
  WHERE (es_events.transaction_id, es_events.global_position) > ($1::xid8, $2::bigint)
    AND es_events.transaction_id < horizon.h
  -- Qualified: the select list exposes transaction_id as text, which would sort '10000' before '9999'.
  ORDER BY es_events.transaction_id, es_events.global_position
  LIMIT $3
)
-- Always one row at least: when the batch is empty, whether committed events lie
-- past the checkpoint that the horizon holds back (then look again soon). Asked as
-- "is the log's last position past it": one index entry read backwards, whatever the
-- parameters, so the statement's generic plan is as good as a custom one (an EXISTS
-- over the range has a generic plan that scans the whole table).
SELECT b.*, m.held_back FROM (
  SELECT NOT EXISTS (SELECT 1 FROM batch)
     AND coalesce((SELECT (l.transaction_id, l.global_position) > ($1::xid8, $2::bigint) FROM es_events l
                   ORDER BY l.transaction_id DESC, l.global_position DESC LIMIT 1), false) AS held_back
) m
LEFT JOIN batch b ON true
ORDER BY b.xid, b.global_position`;

const FOLLOW = namedStatement('es_follow', FOLLOW_SQL);
const SAVE_CHECKPOINT = namedStatement(
  'es_checkpoint_save',
  `INSERT INTO es_checkpoints (name, transaction_id, global_position) VALUES ($1, $2::xid8, $3)
   ON CONFLICT (name) DO UPDATE SET transaction_id = EXCLUDED.transaction_id, global_position = EXCLUDED.global_position, updated_at = now()`,
);

export interface LogBatch<E extends DomainEvent = DomainEvent> {
  readonly events: RecordedEvent<E>[];
  /** No event was readable, but committed ones lie past the checkpoint: an older transaction holds them back. */
  readonly heldBack: boolean;
}

/** The next events in gap-safe log order, and whether more are held back; one statement. */
export async function readLogBatch<E extends DomainEvent = DomainEvent>(
  store: PostgresEventStore,
  after: Checkpoint,
  limit: number,
  db: Queryable = store.pool,
): Promise<LogBatch<E>> {
  const { rows } = await db.query<EventRow & { held_back: boolean }>(FOLLOW([after.transactionId, after.globalPosition, limit]));
  const events = rows[0].event_id === null ? [] : rows.map((r) => store.toRecorded<E>(r));
  return { events, heldBack: rows[0].held_back };
}

export function checkpointOf(event: { transactionId: string; globalPosition: string }): Checkpoint {
  return { transactionId: event.transactionId, globalPosition: event.globalPosition };
}

export async function loadCheckpoint(db: Queryable, name: string): Promise<Checkpoint> {
  const { rows } = await db.query<{ transaction_id: string; global_position: string }>(
    'SELECT transaction_id::text AS transaction_id, global_position FROM es_checkpoints WHERE name = $1',
    [name],
  );
  return rows.length ? { transactionId: rows[0].transaction_id, globalPosition: rows[0].global_position } : LOG_START;
}

export async function saveCheckpoint(db: Queryable, name: string, checkpoint: Checkpoint): Promise<void> {
  await db.query(SAVE_CHECKPOINT([name, checkpoint.transactionId, checkpoint.globalPosition]));
}
