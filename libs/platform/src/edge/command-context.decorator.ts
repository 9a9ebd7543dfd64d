import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Metadata } from '@grpc/grpc-js';
import type { Principal } from '../auth/principal';
import { rpcPrincipals } from '../auth/rpc-principals';
import { requestContext } from '../logging/request-context';
import { grpcCommandContext, httpCommandContext, type CommandContext } from './command-context';
import { IDEMPOTENCY_HEADER, IDEMPOTENCY_KEY_RULE, IDEMPOTENCY_METADATA } from './idempotency';

interface HttpRequestLike {
  readonly headers: Record<string, string | string[] | undefined>;
  readonly params?: unknown;
  readonly query?: unknown;
  readonly body?: unknown;
  readonly principal?: Principal;
}

/** The route that takes a command context documents the header once, here (OpenAPI). */
function documentIdempotencyKey(target: object, key: string | symbol | undefined): void {
  const descriptor = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
  if (!key || !descriptor) return;
  ApiHeader({
    name: IDEMPOTENCY_HEADER,
    required: false,
    description: `Optional; ${IDEMPOTENCY_KEY_RULE}, your own (scoped to you and this operation). A retry with the same key answers the first result; the same key with another request is refused (422).`,
    schema: { type: 'string', minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9._:-]{8,128}$' },
  })(target, key, descriptor);
}

/**
 * The command context of this REST request or gRPC call, for the operation
 * named: `@CommandCtx('RegisterUnit') ctx: CommandContext`. Reads the
 * Idempotency-Key header (gRPC: `idempotency-key` metadata), refusing a
 * malformed one with 400 / INVALID_ARGUMENT; a replay must repeat the path
 * parameters, query and body (gRPC: the request message).
 */
export const CommandCtx = createParamDecorator((operation: string, ctx: ExecutionContext): CommandContext => {
  if (ctx.getType() === 'rpc') {
    const metadata = ctx.switchToRpc().getContext<Metadata | undefined>();
    const principal = (metadata ? rpcPrincipals.get(metadata) : undefined) ?? requestContext.current()?.principal;
    return grpcCommandContext({ operation, principal, metadata, idempotencyKey: metadata?.get?.(IDEMPOTENCY_METADATA)?.[0], input: ctx.switchToRpc().getData() });
  }
  const req = ctx.switchToHttp().getRequest<HttpRequestLike>();
  const header = req.headers[IDEMPOTENCY_METADATA];
  return httpCommandContext({
    operation,
    principal: req.principal,
    // A repeated header arrives as a list: not one key, so refused.
    idempotencyKey: Array.isArray(header) ? header.join(',') : header,
    input: { params: req.params ?? {}, query: req.query ?? {}, body: req.body ?? null },
  });
}, [documentIdempotencyKey]);
