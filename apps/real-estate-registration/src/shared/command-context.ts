import { createHash, randomUUID } from 'node:crypto';
import type { Metadata } from '@grpc/grpc-js';
import { canonicalJson, ValidationError } from '@gov/event-sourcing';
import { type EventMetadata } from '@gov/event-sourcing/postgres';
import { requestContext, type Principal } from '@gov/platform';

/** Who asked, under which idempotency key: what every command carries besides its data. */
export interface CommandContext {
  /** Idempotency-Key (REST), `idempotency-key` metadata (gRPC) or the Kafka ce_id. */
  readonly commandId?: string;
  /** Refuses a key reused for a different request. */
  readonly requestHash?: string;
  readonly metadata: EventMetadata;
  readonly principal?: Principal;
}

const KEY = /^[A-Za-z0-9._:-]{1,100}$/;
const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

function commandIdOf(key: string | undefined): string | undefined {
  if (key === undefined || key === '') return undefined;
  if (!KEY.test(key)) throw ValidationError.field('Idempotency-Key', 'must be 1-100 letters, digits or . _ : -');
  // Namespaced, so a client's key can never collide with a Kafka command id.
  return `idem:${key}`;
}

function hashOf(operation: string, input: unknown): string {
  return createHash('sha256').update(canonicalJson({ operation, input })).digest('hex');
}

function actorOf(principal: Principal | undefined): EventMetadata['actor'] {
  return principal ? { subject: principal.subject, role: principal.roles[0] ?? 'unknown' } : undefined;
}

/** For a REST request; `operation` names the command so one key cannot be replayed against another. */
export function httpCommandContext(idempotencyKey: string | undefined, principal: Principal | undefined, operation: string, input: unknown): CommandContext {
  const ctx = requestContext.current();
  const commandId = commandIdOf(idempotencyKey);
  return {
    commandId,
    requestHash: commandId ? hashOf(operation, input) : undefined,
    principal,
    metadata: { correlationId: ctx?.correlationId ?? randomUUID(), traceparent: ctx?.traceparent, actor: actorOf(principal) },
  };
}

/** For a gRPC call: the key, correlation id and trace context come in its metadata. */
export function grpcCommandContext(metadata: Metadata | undefined, principal: Principal | undefined, operation: string, input: unknown): CommandContext {
  const first = (key: string): string | undefined => {
    const value = metadata?.get(key)?.[0];
    return value === undefined ? undefined : String(value);
  };
  const commandId = commandIdOf(first('idempotency-key'));
  const correlation = first('x-correlation-id');
  const traceparent = first('traceparent');
  return {
    commandId,
    requestHash: commandId ? hashOf(operation, input) : undefined,
    principal,
    metadata: {
      correlationId: correlation && SAFE_ID.test(correlation) ? correlation : randomUUID(),
      traceparent: traceparent && TRACEPARENT.test(traceparent) ? traceparent : undefined,
      actor: actorOf(principal),
    },
  };
}
