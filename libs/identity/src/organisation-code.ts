import { invalid, type InvalidIdentifier } from './invalid';

/** GB 11714-1997 weights over the 8-character body. */
const WEIGHTS: readonly number[] = [3, 7, 9, 10, 5, 8, 4, 2];
const BODY = /^[0-9A-Z]{8}$/;
const SHAPE = /^[0-9A-Z]{8}[0-9X]$/;

export type OrganisationCodeInvalidCode = 'type' | 'length' | 'charset' | 'check-character';

export type OrganisationCodeValidation = { readonly valid: true } | InvalidIdentifier<OrganisationCodeInvalidCode>;

/**
 * GB 11714 check character for an 8-character organisation code body
 * (digits and uppercase letters, A = 10 … Z = 35): C9 = 11 − (Σ mod 11),
 * with 10 → `X` and 11 → `0`.
 * @throws RangeError when `body` is not 8 digits or uppercase letters.
 */
export function organisationCodeCheckCharacter(body: string): string {
  if (!BODY.test(body)) throw new RangeError('an organisation code body is 8 digits or uppercase letters');
  return checkCharacterOf(body);
}

/** Appends the GB 11714 check character to an 8-character body. */
export function makeOrganisationCode(body: string): string {
  return body + organisationCodeCheckCharacter(body);
}

/** Validates a 9-character organisation code (GB 11714), without the hyphen. */
export function validateOrganisationCode(value: unknown): OrganisationCodeValidation {
  if (typeof value !== 'string') return invalid('type', 'must be a string');
  if (value.length !== 9) return invalid('length', 'must be 9 characters');
  if (!SHAPE.test(value)) return invalid('charset', 'must be 8 digits or uppercase letters followed by a digit or X');
  if (value[8] !== checkCharacterOf(value)) return invalid('check-character', 'check character does not match (GB 11714)');
  return { valid: true };
}

export function isValidOrganisationCode(value: unknown): value is string {
  return validateOrganisationCode(value).valid;
}

function checkCharacterOf(code: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = code.charCodeAt(i);
    // '0'..'9' → 0..9, 'A'..'Z' → 10..35
    sum += (c <= 57 ? c - 48 : c - 55) * WEIGHTS[i];
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}
