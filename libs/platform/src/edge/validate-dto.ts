import { ValidationError } from '@gov/event-sourcing';
import { createValidationPipe } from '../errors/validation';

const pipe = createValidationPipe();

/** The same whitelisting validation as the HTTP pipe, for bodies read by hand, gRPC requests and Kafka commands. */
export async function validateDto<T extends object>(metatype: new () => T, value: unknown): Promise<T> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw ValidationError.field('body', 'must be a JSON object');
  return (await pipe.transform(value, { type: 'body', metatype })) as T;
}

export function parseJsonBody(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw ValidationError.field('body', 'must be valid JSON');
  }
}
