import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Metadata } from '@grpc/grpc-js';
import { Transform } from 'class-transformer';
import { intFromString } from './from-string';

/** The gRPC call's metadata (a custom decorator, so the validation pipe leaves it alone). */
export const RpcMetadata = createParamDecorator((_: unknown, ctx: ExecutionContext): Metadata | undefined => ctx.switchToRpc().getContext<Metadata>());

/**
 * proto3 int64 arrives as a decimal string (proto loader `longs: String`); the
 * DTOs take numbers, exact up to 2^53 (fen amounts stay far below).
 */
export const int64 = (value: unknown): unknown => intFromString({ value });

/**
 * Reads these int64 fields of a gRPC request class as numbers. Applied to the
 * subclass only, so the REST body (JSON numbers) stays strict.
 */
export function int64Fields<T extends object>(cls: abstract new () => T, ...fields: readonly (keyof T & string)[]): void {
  for (const field of fields) Transform(intFromString)(cls.prototype, field);
}

/** proto3 has no absent string: an empty one means not given. */
export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
