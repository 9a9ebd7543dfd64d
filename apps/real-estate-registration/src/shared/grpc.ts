import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Metadata } from '@grpc/grpc-js';
import { Transform } from 'class-transformer';

/** The gRPC call's metadata (a custom decorator, so the validation pipe leaves it alone). */
export const RpcMetadata = createParamDecorator((_: unknown, ctx: ExecutionContext): Metadata | undefined => ctx.switchToRpc().getContext<Metadata>());

/**
 * int64 fields reach the handler as decimal strings (proto loader `longs: String`);
 * fen amounts fit a JavaScript number exactly up to 2^53.
 */
export const fromInt64 = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^-?\d{1,20}$/.test(value) ? Number(value) : value);

/**
 * Reads these int64 fields of a gRPC request class as numbers. Applied to the
 * subclass only, so the REST body (JSON numbers) stays strict.
 */
export function int64Fields<T extends object>(cls: abstract new () => T, ...fields: readonly (keyof T & string)[]): void {
  for (const field of fields) Transform(fromInt64)(cls.prototype, field);
}

