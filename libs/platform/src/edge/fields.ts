import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsCalendarDate, IsCalendarDateOrInstant, IsCallerId, IsCreditCode, IsFen, IsInstant, IsResidentId, IsUnitNumber } from './validators';

/** The OpenAPI property (example, description, ...) and, with `optional`, a field that may be left out. */
export type FieldOptions = ApiPropertyOptions & { readonly optional?: boolean };

/** The field's schema and its validator as one decorator, so the document and the check cannot drift apart. */
function field(validator: PropertyDecorator, { optional, ...property }: FieldOptions): PropertyDecorator {
  const schema = optional ? ApiPropertyOptional(property) : ApiProperty(property);
  return applyDecorators(schema, ...(optional ? [IsOptional()] : []), validator);
}

/** `YYYY-MM-DD` on a day that exists: `@CalendarDateField({ example: '2018-09-01' }) from!: string`. */
export const CalendarDateField = (options: FieldOptions = {}): PropertyDecorator => field(IsCalendarDate(), options);

/** A day or an instant with an offset, for "as of" parameters. */
export const CalendarDateOrInstantField = (options: FieldOptions = {}): PropertyDecorator => field(IsCalendarDateOrInstant(), options);

/** An ISO 8601 date-time with an explicit offset. */
export const InstantField = (options: FieldOptions = {}): PropertyDecorator => field(IsInstant(), options);

/** A real-estate unit number (GB/T 37346). */
export const UnitNumberField = (options: FieldOptions = {}): PropertyDecorator => field(IsUnitNumber(), options);

/** Money as integer fen, >= 0 (> 0 with `positive`). */
export const FenField = ({ positive, ...options }: FieldOptions & { readonly positive?: boolean } = {}): PropertyDecorator =>
  field(IsFen(positive ? { positive } : undefined), options);

/** An id the caller chooses (its own transfer, assessment, mortgage id ...). */
export const CallerIdField = (options: FieldOptions = {}): PropertyDecorator => field(IsCallerId(), options);

/** A resident identity number (GB 11643). */
export const ResidentIdField = (options: FieldOptions = {}): PropertyDecorator => field(IsResidentId(), options);

/** A Unified Social Credit Code (GB 32100). */
export const CreditCodeField = (options: FieldOptions = {}): PropertyDecorator => field(IsCreditCode(), options);
