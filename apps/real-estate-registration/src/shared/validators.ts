import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isValidUnitNumber, UNIT_NUMBER_RULE } from '../domain/unit-number';
import { Issues } from '../domain/values';

/** GB/T 37346 unit number, by the domain's own rule. */
export function IsUnitNumber(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isUnitNumber', validator: { validate: (value) => isValidUnitNumber(value), defaultMessage: () => `$property ${UNIT_NUMBER_RULE}` } },
    options,
  );
}

/** An id handed in by a caller (transfer, mortgage, objection, case), by the domain's own rule. */
export function IsCallerId(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCallerId',
      validator: {
        validate: (value) => new Issues().id('id', value),
        defaultMessage: () => '$property must be 1-100 letters, digits or . _ : - / starting with a letter or digit',
      },
    },
    options,
  );
}
