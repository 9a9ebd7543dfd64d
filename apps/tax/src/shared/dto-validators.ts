import { applyDecorators } from '@nestjs/common';
import { IsString, Matches } from 'class-validator';

/** Ids chosen by callers (assessment, transfer, case, payment order ids): no spaces, nothing to inject. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function IsId(): PropertyDecorator {
  return applyDecorators(IsString(), Matches(ID_PATTERN, { message: '$property must be 1-128 letters, digits or . _ : - (starting with a letter or digit)' }));
}

/** Real-estate unit numbers as the register writes them. */
export function IsUnitNumber(): PropertyDecorator {
  return applyDecorators(IsString(), Matches(/^[0-9A-Za-z][0-9A-Za-z_-]{0,63}$/, { message: '$property must be a unit number: letters, digits, - or _, at most 64' }));
}

export function IsCalendarDateString(): PropertyDecorator {
  return applyDecorators(IsString(), Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a YYYY-MM-DD date' }));
}
