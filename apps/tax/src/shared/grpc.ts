import type { Metadata } from '@grpc/grpc-js';

/** proto3 int64 arrives as a decimal string (loader option longs: String); the DTOs take numbers. */
export function int64(value: unknown): unknown {
  return typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
}

/** proto3 has no "absent" string: an empty one means not given. */
export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function idempotencyKeyOf(metadata: Metadata | undefined): string | undefined {
  const value = metadata?.get?.('idempotency-key')?.[0];
  return value === undefined ? undefined : String(value);
}
