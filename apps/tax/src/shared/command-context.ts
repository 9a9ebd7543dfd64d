import { createHash } from 'node:crypto';
import { canonicalJson, ValidationError } from '@gov/event-sourcing';
import { type EventMetadata } from '@gov/event-sourcing/postgres';
import { requestContext, type Principal } from '@gov/platform';

/** Who sent a command and how to recognise its retry. */
export interface CommandContext {
  readonly principal?: Principal;
  /** Idempotency-Key (REST, gRPC metadata) or ce_id (Kafka). */
  readonly commandId?: string;
  readonly requestHash?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly traceparent?: string;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The context of an HTTP or gRPC request: correlation from the request, the
 * Idempotency-Key as command id, scoped to the operation (the same key on
 * another operation is another command) and bound to the request's content.
 */
export function requestCommandContext(principal: Principal | undefined, operation: string, idempotencyKey: string | undefined, request: unknown): CommandContext {
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw ValidationError.field('Idempotency-Key', 'must be 8-128 characters of letters, digits and . _ : -');
  }
  const current = requestContext.current();
  return {
    principal,
    commandId: idempotencyKey === undefined ? undefined : `${operation}:${idempotencyKey}`,
    requestHash: idempotencyKey === undefined ? undefined : createHash('sha256').update(canonicalJson(request ?? null)).digest('hex'),
    correlationId: current?.correlationId,
    traceparent: current?.traceparent,
  };
}

export function metadataOf(ctx: CommandContext): EventMetadata {
  const metadata: EventMetadata = {};
  if (ctx.correlationId) metadata.correlationId = ctx.correlationId;
  if (ctx.causationId) metadata.causationId = ctx.causationId;
  if (ctx.traceparent) metadata.traceparent = ctx.traceparent;
  if (ctx.principal) metadata.actor = { subject: ctx.principal.subject, role: ctx.principal.roles[0] };
  return metadata;
}

export function nowInstant(): string {
  return new Date().toISOString();
}
