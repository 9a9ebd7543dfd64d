import { createHash } from 'node:crypto';
import { canonicalJson, ValidationError } from '@gov/event-sourcing';

/** The header (REST) and metadata key (gRPC) of the one idempotency rule. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const IDEMPOTENCY_METADATA = 'idempotency-key';

const KEY = /^[A-Za-z0-9._:-]{8,128}$/;
// Operation names are ours (`RegisterUnit`), never a caller's: no ':' in them keeps command ids unambiguous.
const OPERATION = /^[A-Za-z][A-Za-z0-9.-]{0,63}$/;

export const IDEMPOTENCY_KEY_RULE = 'must be 8-128 characters of letters, digits and . _ : -';

/** The key as given, or undefined when absent; a malformed key is refused (400), never ignored. */
export function checkIdempotencyKey(key: unknown): string | undefined {
  if (key === undefined || key === null) return undefined;
  if (typeof key !== 'string' || !KEY.test(key)) throw ValidationError.field(IDEMPOTENCY_HEADER, IDEMPOTENCY_KEY_RULE);
  return key;
}

/**
 * The command id a client's key stands for: scoped to the caller and the
 * operation, so two callers (or two operations) never share a key, and apart
 * from message ids (ce_id, a UUID). The caller appears as a digest: the command
 * log is no place for a subject that may be personal.
 */
export function scopedCommandId(operation: string, callerSubject: string | undefined, key: string): string {
  if (!OPERATION.test(operation)) throw new Error(`operation name ${JSON.stringify(operation)} must be letters, digits, . or -`);
  const caller = createHash('sha256').update(callerSubject ?? 'anonymous').digest('hex').slice(0, 24);
  return `idem:${operation}:${caller}:${key}`;
}

/** What a replay must match: the same operation on the same input. */
export function requestHashOf(operation: string, input: unknown): string {
  return createHash('sha256').update(canonicalJson({ operation, input: input ?? null })).digest('hex');
}
