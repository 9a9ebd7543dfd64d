import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ValidationError } from '@gov/event-sourcing';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** A UUID path or query parameter; a bad one is a 400 naming the parameter. */
@Injectable()
export class ParseUuidParam implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !UUID.test(value)) throw ValidationError.field(metadata.data ?? metadata.type, 'must be a UUID');
    return value;
  }
}

/** A real calendar day `YYYY-MM-DD` (no 2026-02-30). */
export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** A calendar-day path or query parameter; an impossible day is a 400 naming the parameter. */
@Injectable()
export class ParseCalendarDayParam implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (!isCalendarDay(value)) throw ValidationError.field(metadata.data ?? metadata.type, 'must be a calendar day YYYY-MM-DD');
    return value;
  }
}
