import { createHash } from 'node:crypto';
import { findCommandResult, recordCommandResult, type Queryable } from '@gov/event-sourcing/postgres';
import type { CommandContext } from './command-context';


/**
 * A streamed upload (a bulk import) under the one idempotency rule. The key's
 * request covers the route's input and every byte of the body, which is hashed
 * as it streams: a replay is read to its end and answered with the first
 * report, writing nothing; the same key with another file is 422. An import
 * that fails records nothing, so its retry runs again.
 */
export async function idempotentUpload<Chunk extends Uint8Array | string, R>(
  db: Queryable,
  ctx: CommandContext,
  body: AsyncIterable<Chunk>,
  run: (body: AsyncIterable<Chunk>) => Promise<R>,
): Promise<R> {
  const { commandId } = ctx;
  if (!commandId) return run(body);
  const digest = createHash('sha256').update(ctx.requestHash ?? '');
  const source = body[Symbol.asyncIterator]();
  const next = async (): Promise<IteratorResult<Chunk>> => {
    const step = await source.next();
    if (!step.done) digest.update(typeof step.value === 'string' ? Buffer.from(step.value, 'utf8') : step.value);
    return step;
  };
  // The import reads through this; stopping early leaves the rest of the body to be hashed below.
  const reading: AsyncIterable<Chunk> = { [Symbol.asyncIterator]: () => ({ next }) };
  const requestHash = async (): Promise<string> => {
    // What the import did not read (it stops at a refused file) still belongs to the request.
    while (!(await next()).done);
    return digest.digest('hex');
  };
  const seen = await findCommandResult<R>(db, commandId);
  if (seen) return (await findCommandResult<R>(db, commandId, await requestHash()))?.result as R;
  const result = await run(reading);
  // A concurrent duplicate that recorded first keeps its report; this one is the same import done twice.
  await recordCommandResult(db, commandId, await requestHash(), null, result);
  return result;
}
