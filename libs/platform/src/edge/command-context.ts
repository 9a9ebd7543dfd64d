import { randomUUID } from 'node:crypto';
import type { Metadata } from '@grpc/grpc-js';
import type { EventMetadata } from '@gov/event-sourcing/postgres';
import type { Principal, Role } from '../auth/principal';
import { requestContext } from '../logging/request-context';
import { checkIdempotencyKey, IDEMPOTENCY_METADATA, requestHashOf, scopedCommandId } from './idempotency';

/**
 * Who sent a command, how to recognise its retry and how to trace it: built
 * the same way from a REST request, a gRPC call and a Kafka message.
 */
export interface CommandContext {
  readonly transport: 'http' | 'grpc' | 'kafka' | 'internal';
  /** The verified caller (for Kafka: the sending service, as a service account). */
  readonly principal?: Principal;
  readonly actor?: { readonly subject: string; readonly role: string };
  readonly roles: readonly Role[];
  readonly department?: string;
  /** The caller's own resident id or credit code (applicants). */
  readonly partyId?: string;
  readonly correlationId: string;
  readonly causationId?: string;
  /** The client's Idempotency-Key as given. */
  readonly idempotencyKey?: string;
  /** What the command log records: the scoped key (REST, gRPC) or the message's ce_id (Kafka). */
  readonly commandId?: string;
  /** Refuses a key reused for another request. */
  readonly requestHash?: string;
  readonly traceparent?: string;
}

// A client's correlation id (header, metadata) is echoed and logged: kept short and plain.
const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;
// Another service's (a message header) may be any printable id it chose, e.g. a stream id.
const MESSAGE_ID = /^[\x21-\x7e]{1,200}$/;
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

interface ContextParts {
  readonly transport: CommandContext['transport'];
  /** How far a given correlation id is trusted (default: a client's). */
  readonly correlationPattern?: RegExp;
  readonly principal?: Principal;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly traceparent?: string;
  readonly idempotencyKey?: string;
  readonly commandId?: string;
  readonly requestHash?: string;
}

function contextOf(parts: ContextParts): CommandContext {
  const { principal } = parts;
  return {
    transport: parts.transport,
    principal,
    actor: principal ? { subject: principal.subject, role: principal.roles[0] ?? 'unknown' } : undefined,
    roles: principal?.roles ?? [],
    department: principal?.department,
    partyId: principal?.partyId,
    correlationId: parts.correlationId && (parts.correlationPattern ?? SAFE_ID).test(parts.correlationId) ? parts.correlationId : randomUUID(),
    causationId: parts.causationId,
    traceparent: parts.traceparent && TRACEPARENT.test(parts.traceparent) ? parts.traceparent : undefined,
    idempotencyKey: parts.idempotencyKey,
    commandId: parts.commandId,
    requestHash: parts.requestHash,
  };
}

/** Operation name + input, shared by the REST and gRPC entries. */
export interface CommandRequest {
  /** Names the command (`RegisterUnit`): a key is scoped to it. */
  readonly operation: string;
  readonly principal: Principal | undefined;
  readonly idempotencyKey: unknown;
  /** What a replay must repeat: the path parameters and body (REST) or the request message (gRPC). */
  readonly input: unknown;
}

function keyed(request: CommandRequest): Pick<ContextParts, 'idempotencyKey' | 'commandId' | 'requestHash'> {
  const key = checkIdempotencyKey(request.idempotencyKey);
  if (key === undefined) return {};
  return {
    idempotencyKey: key,
    commandId: scopedCommandId(request.operation, request.principal?.subject, key),
    requestHash: requestHashOf(request.operation, request.input),
  };
}

/** A REST request: correlation and trace context come from the request (the correlation middleware). */
export function httpCommandContext(request: CommandRequest): CommandContext {
  const current = requestContext.current();
  return contextOf({ transport: 'http', principal: request.principal, correlationId: current?.correlationId, traceparent: current?.traceparent, ...keyed(request) });
}

/** A gRPC call: key, correlation id and trace context come in its metadata. */
export function grpcCommandContext(request: CommandRequest & { readonly metadata: Metadata | undefined }): CommandContext {
  const first = (key: string): string | undefined => {
    const value = request.metadata?.get?.(key)?.[0];
    return value === undefined ? undefined : String(value);
  };
  return contextOf({
    transport: 'grpc',
    principal: request.principal,
    correlationId: first('x-correlation-id') ?? requestContext.current()?.correlationId,
    traceparent: first('traceparent'),
    ...keyed({ ...request, idempotencyKey: first(IDEMPOTENCY_METADATA) }),
  });
}

/** The CloudEvents attributes a Kafka command is read from (`ce_id`, `ce_source`, …). */
export interface InboundMessage {
  readonly id: string;
  readonly source: string;
  readonly correlationId?: string;
  readonly traceparent?: string;
}

/**
 * A Kafka message: its ce_id is the command id (a redelivery is the same
 * command) and the cause of what it records; the sender acts as a service account.
 * `correlationId` is the fallback when the message carries none (e.g. its case id).
 */
export function kafkaCommandContext(message: InboundMessage, options: { correlationId?: string } = {}): CommandContext {
  const subject = message.source || 'kafka';
  return contextOf({
    transport: 'kafka',
    correlationPattern: MESSAGE_ID,
    principal: { subject, roles: ['service'] },
    correlationId: message.correlationId ?? options.correlationId ?? message.id,
    causationId: message.id,
    traceparent: message.traceparent,
    commandId: message.id,
  });
}

/** Work the service starts itself (a timer, a reaction): no caller, no key. */
export function internalCommandContext(options: { subject: string; correlationId?: string; causationId?: string; commandId?: string }): CommandContext {
  return contextOf({ transport: 'internal', correlationPattern: MESSAGE_ID, principal: { subject: options.subject, roles: ['service'] }, ...options });
}

/** What every event a command records carries about it (the store adds the command id). */
export function eventMetadataOf(ctx: CommandContext): EventMetadata {
  const metadata: EventMetadata = { correlationId: ctx.correlationId };
  if (ctx.causationId) metadata.causationId = ctx.causationId;
  if (ctx.traceparent) metadata.traceparent = ctx.traceparent;
  if (ctx.actor) metadata.actor = { subject: ctx.actor.subject, role: ctx.actor.role };
  return metadata;
}

/** The options of `AggregateRepository.handle` a context sets: command id, request hash, metadata. */
export function commandOptionsOf(ctx: CommandContext): { commandId?: string; requestHash?: string; metadata: EventMetadata } {
  return { commandId: ctx.commandId, requestHash: ctx.requestHash, metadata: eventMetadataOf(ctx) };
}
