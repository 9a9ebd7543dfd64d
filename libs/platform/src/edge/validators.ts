import { applyDecorators } from '@nestjs/common';
import { buildMessage, IsString, ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { IsCreditCode, IsResidentId, UNIT_NUMBER, validateCreditCode, validateResidentId } from '@gov/identity';
import { CALENDAR_DATE, CALLER_ID, FEN, INSTANT, POSITIVE_FEN } from '@gov/service-standards';

/**
 * The validators every service's DTOs use. Each calls the domain rule of
 * @gov/identity or @gov/service-standards, so the edge and the decider refuse
 * the same values; messages name the rule, never the value.
 */

interface Rule {
  readonly test: (value: unknown) => boolean;
  readonly message: string;
}

function ruleDecorator(name: string, rule: Rule, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name, validator: { validate: (value) => rule.test(value), defaultMessage: buildMessage((each) => `${each}$property ${rule.message}`, options) } },
    options,
  );
}

export { IsCreditCode, IsResidentId };

/** A real-estate unit number, GB/T 37346 (28 characters). */
export const IsUnitNumber = (options?: ValidationOptions): PropertyDecorator => ruleDecorator('isUnitNumber', UNIT_NUMBER, options);

/** `YYYY-MM-DD` on a day that exists (2026-02-30 is refused). */
export const IsCalendarDate = (options?: ValidationOptions): PropertyDecorator => ruleDecorator('isCalendarDate', CALENDAR_DATE, options);

/** A day (`2018-10-10`) or an instant with an offset, for "as of" parameters. */
export const IsCalendarDateOrInstant = (options?: ValidationOptions): PropertyDecorator =>
  ruleDecorator(
    'isCalendarDateOrInstant',
    { test: (value) => CALENDAR_DATE.test(value) || INSTANT.test(value), message: 'must be a calendar date YYYY-MM-DD or an ISO 8601 date-time with an offset' },
    options,
  );

/** An ISO 8601 date-time with an explicit offset. */
export const IsInstant = (options?: ValidationOptions): PropertyDecorator => ruleDecorator('isInstant', INSTANT, options);

/** Money as integer fen: a safe integer, >= 0 (or > 0 with `positive`). */
export const IsFen = (options?: ValidationOptions & { positive?: boolean }): PropertyDecorator =>
  ruleDecorator(options?.positive ? 'isPositiveFen' : 'isFen', options?.positive ? POSITIVE_FEN : FEN, options);

/** An id a caller chooses: 1-128 letters, digits or . _ : - /, starting with a letter or digit. */
export const IsCallerId = (options?: ValidationOptions): PropertyDecorator => ruleDecorator('isCallerId', CALLER_ID, options);

type IdCheck = { valid: true } | { valid: false; reason: string };

function partyIdCheck(value: unknown, args: ValidationArguments | undefined, idTypeField: string): { check: IdCheck; standard: string } {
  const idType = (args?.object as Record<string, unknown> | undefined)?.[idTypeField];
  return idType === 'credit-code'
    ? { check: validateCreditCode(value), standard: 'GB 32100' }
    : { check: validateResidentId(value), standard: 'GB 11643' };
}

/**
 * A party's identity number: a resident id (GB 11643) or, when the sibling
 * `idTypeField` says `credit-code`, a Unified Social Credit Code (GB 32100).
 */
export function IsPartyIdNumber(idTypeField = 'idType', options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    IsString(options),
    ValidateBy(
      {
        name: 'isPartyIdNumber',
        validator: {
          validate: (value, args) => partyIdCheck(value, args, idTypeField).check.valid,
          defaultMessage: (args) => {
            const { check, standard } = partyIdCheck(args?.value, args, idTypeField);
            return `$property must be a valid identity number (${standard}: ${check.valid ? 'check character' : check.reason})`;
          },
        },
      },
      options,
    ),
  );
}

export { EnvInt, intFromString, IntFromString, numberFromString, NumberFromString } from './from-string';
