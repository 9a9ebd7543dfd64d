import { createHash, randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Metadata } from '@grpc/grpc-js';
import { canonicalJson, ValidationError } from '@gov/event-sourcing';
import type { EventMetadata } from '@gov/event-sourcing/postgres';
import type { Principal } from '../auth/principal';
import { requestContext } from '../logging/request-context';

/*
 * The command context of the generated services (npm run new-service): one
 * shape from REST and gRPC, one idempotency rule. Kept small on purpose; the
 * service kit (issue 11, item 1) replaces it with the context every service uses.
 */

/** Who asked, under which idempotency key: what every command carries besides its data. */
export interface CommandContext {
  readonly principal?: Principal;
  /** The Idempotency-Key scoped to the caller and the operation; a retry with it answers the first result. */
  readonly commandId?: string;
  /** The same key with another body is refused (422) and changes nothing. */
  readonly requestHash?: string;
  readonly metadata: EventMetadata;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,128}$/;
const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** 8–128 printable ASCII characters; scoped so one caller's key never answers another's or another operation. */
export function scopedCommandId(key: string | undefined, principal: Principal | undefined, operation: string): string | undefined {
  if (key === undefined || key === '') return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) throw ValidationError.field('Idempotency-Key', 'must be 8-128 printable ASCII characters without spaces');
  return `idem:${principal?.subject ?? 'anonymous'}:${operation}:${key}`;
}

const hashOf = (operation: string, input: unknown): string => createHash('sha256').update(canonicalJson({ operation, input: input ?? null })).digest('hex');

function build(principal: Principal | undefined, operation: string, key: string | undefined, input: unknown, correlationId: string | undefined, traceparent: string | undefined): CommandContext {
  const commandId = scopedCommandId(key, principal, operation);
  return {
    principal,
    commandId,
    requestHash: commandId ? hashOf(operation, input) : undefined,
    metadata: {
      correlationId: correlationId ?? randomUUID(),
      ...(traceparent ? { traceparent } : {}),
      ...(principal ? { actor: { subject: principal.subject, role: principal.roles[0] ?? 'unknown' } } : {}),
    },
  };
}

/** For a REST request: correlation and trace context from the request, the `Idempotency-Key` header. */
export function httpCommandContext(principal: Principal | undefined, operation: string, idempotencyKey: string | undefined, input: unknown): CommandContext {
  const current = requestContext.current();
  return build(principal, operation, idempotencyKey, input, current?.correlationId, current?.traceparent);
}

/** For a gRPC call: `idempotency-key`, `x-correlation-id` and `traceparent` come in its metadata. */
export function grpcCommandContext(principal: Principal | undefined, operation: string, metadata: Metadata | undefined, input: unknown): CommandContext {
  const first = (key: string): string | undefined => {
    const value = metadata?.get(key)?.[0];
    return value === undefined ? undefined : String(value);
  };
  const correlation = first('x-correlation-id');
  const traceparent = first('traceparent');
  return build(
    principal,
    operation,
    first('idempotency-key'),
    input,
    correlation && SAFE_ID.test(correlation) ? correlation : undefined,
    traceparent && TRACEPARENT.test(traceparent) ? traceparent : undefined,
  );
}

/** The gRPC call's metadata (a custom decorator, so the validation pipe leaves it alone). */
export const RpcMetadata = createParamDecorator((_: unknown, ctx: ExecutionContext): Metadata | undefined => ctx.switchToRpc().getContext<Metadata>());
