import { ValidateBy, buildMessage, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { validateCreditCode, type ValidateCreditCodeOptions } from './credit-code';
import { isMainlandMobile } from './mobile';
import { validateResidentId } from './resident-id';

export const IS_RESIDENT_ID = 'isResidentId';
export const IS_CREDIT_CODE = 'isCreditCode';
export const IS_MAINLAND_MOBILE = 'isMainlandMobile';

/**
 * The property is a valid resident identity number (GB 11643), birth date not
 * in the future. Messages name the failed rule, never the value.
 */
export function IsResidentId(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_RESIDENT_ID,
      validator: {
        validate: (value: unknown): boolean => validateResidentId(value).valid,
        defaultMessage: buildMessage(
          (each, args) =>
            `${each}$property must be a valid resident identity number (GB 11643: ${reasonFor(args, validateResidentId)})`,
          validationOptions,
        ),
      },
    },
    validationOptions,
  );
}

/** The property is a valid Unified Social Credit Code (GB 32100-2015). */
export function IsCreditCode(options?: ValidationOptions & ValidateCreditCodeOptions): PropertyDecorator {
  const { checkOrganisationCode, ...validationOptions } = options ?? {};
  const codeOptions: ValidateCreditCodeOptions = { checkOrganisationCode };
  return ValidateBy(
    {
      name: IS_CREDIT_CODE,
      validator: {
        validate: (value: unknown): boolean => validateCreditCode(value, codeOptions).valid,
        defaultMessage: buildMessage((each, args) => {
          const reason = reasonFor(args, (value) => validateCreditCode(value, codeOptions));
          return `${each}$property must be a valid unified social credit code (GB 32100: ${reason})`;
        }, validationOptions),
      },
    },
    validationOptions,
  );
}

/** The property is a mainland mobile number: 11 digits starting 13–19, without +86 or separators. */
export function IsMainlandMobile(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_MAINLAND_MOBILE,
      validator: {
        validate: (value: unknown): boolean => isMainlandMobile(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a mainland mobile number (11 digits starting 13-19, no +86 or separators)`,
          validationOptions,
        ),
      },
    },
    validationOptions,
  );
}

type Validation = { readonly valid: true } | { readonly valid: false; readonly reason: string };

// With `each`, the message is built for the whole array, so no single reason applies.
function reasonFor(args: ValidationArguments | undefined, validate: (value: unknown) => Validation): string {
  const general = 'check character';
  if (args === undefined || Array.isArray(args.value)) return general;
  const result = validate(args.value);
  return result.valid ? general : result.reason;
}
