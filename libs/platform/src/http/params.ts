import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ValidationError } from '@gov/event-sourcing';
import { CALENDAR_DATE } from '@gov/service-standards';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** A UUID path or query parameter; a bad one is a 400 naming the parameter. */
@Injectable()
export class ParseUuidParam implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !UUID.test(value)) throw ValidationError.field(metadata.data ?? metadata.type, 'must be a UUID');
    return value;
  }
}

/** A calendar-day path or query parameter (the one rule, CALENDAR_DATE); an impossible day is a 400 naming the parameter. */
@Injectable()
export class ParseCalendarDayParam implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !CALENDAR_DATE.test(value)) throw ValidationError.field(metadata.data ?? metadata.type, CALENDAR_DATE.message);
    return value;
  }
}
