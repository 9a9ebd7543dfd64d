import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/**
 * A whole number written as digits, for values that arrive as text: query
 * parameters, environment variables, gRPC int64 fields (read as strings).
 * Anything else is passed on unchanged for @IsInt() to refuse; empty is absent.
 */
export const intFromString = ({ value }: { value: unknown }): unknown => {
  if (value === '') return undefined;
  return typeof value === 'string' && /^-?\d{1,16}$/.test(value) ? Number(value) : value;
};

/** A decimal number written as digits (e.g. `0.05` minutes), as `intFromString`. */
export const numberFromString = ({ value }: { value: unknown }): unknown => {
  if (value === '') return undefined;
  return typeof value === 'string' && /^-?\d{1,16}(\.\d{1,9})?$/.test(value) ? Number(value) : value;
};

/** Reads the property with `intFromString`. */
export const IntFromString = (): PropertyDecorator => Transform(intFromString);

/** Reads the property with `numberFromString`. */
export const NumberFromString = (): PropertyDecorator => Transform(numberFromString);

/** A whole-number variable (environment, query) between `min` and `max`, read from its digits. */
export const EnvInt = (min: number, max: number): PropertyDecorator => applyDecorators(IntFromString(), IsInt(), Min(min), Max(max));
