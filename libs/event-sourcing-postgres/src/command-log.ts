import { IdempotencyKeyReusedError } from '@gov/event-sourcing';
import { namedStatement, type Queryable } from './queryable';

const FIND = namedStatement('es_command_find', 'SELECT request_hash, stream_id, result FROM es_commands WHERE command_id = $1');
const CLAIM = namedStatement(
  'es_command_claim',
  'INSERT INTO es_commands (command_id, request_hash, stream_id, result) VALUES ($1, $2, $3, $4) ON CONFLICT (command_id) DO NOTHING',
);

export interface StoredCommandResult<R = unknown> {
  readonly result: R;
  readonly streamId: string | null;
}

/**
 * Command idempotency: a command id (or Idempotency-Key) seen before returns
 * the first result. The row is written in the command's own transaction, so a
 * concurrent duplicate waits on it and then finds the committed result.
 */
export async function findCommandResult<R>(db: Queryable, commandId: string, requestHash?: string): Promise<StoredCommandResult<R> | null> {
  const { rows } = await db.query<{ request_hash: string; stream_id: string | null; result: { r: R } }>(FIND([commandId]));
  if (!rows.length) return null;
  if (requestHash && rows[0].request_hash !== '' && rows[0].request_hash !== requestHash) throw new IdempotencyKeyReusedError();
  return { result: rows[0].result.r, streamId: rows[0].stream_id };
}

/** Returns false when the command id was already recorded (the caller must roll back). */
export async function recordCommandResult(
  tx: Queryable,
  commandId: string,
  requestHash: string | undefined,
  streamId: string | null,
  result: unknown,
): Promise<boolean> {
  const { rowCount } = await tx.query(CLAIM([commandId, requestHash ?? '', streamId, JSON.stringify({ r: result ?? null })]));
  return rowCount === 1;
}
