import { invalid, type InvalidIdentifier } from './invalid';

/** GB 11643-1999 weights over the 17 body digits: 2^(17-i) mod 11. */
const WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** Index = weighted sum mod 11. */
const CHECK_CHARACTERS = '10X98765432';
const BODY = /^\d{17}$/;
const SHAPE = /^\d{17}[\dX]$/;
// No living resident was born before this; the standard's own example is born in 1880.
const EARLIEST_BIRTH_YEAR = 1800;
// Birth dates are calendar dates in China (UTC+8, no daylight saving since 1991).
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

export type ResidentSex = 'male' | 'female';

export type ResidentIdInvalidCode =
  | 'type'
  | 'length'
  | 'charset'
  | 'lowercase-x'
  | 'birth-date'
  | 'future-birth-date'
  | 'check-character';

export interface ResidentIdDetails {
  readonly valid: true;
  /** Administrative division where the number was first issued (GB/T 2260), e.g. `500102`. */
  readonly areaCode: string;
  /** `YYYY-MM-DD`. */
  readonly birthDate: string;
  readonly sex: ResidentSex;
}

export type ResidentIdValidation = ResidentIdDetails | InvalidIdentifier<ResidentIdInvalidCode>;

/**
 * GB 11643 check character for the first 17 digits: `0`–`9` or uppercase `X`.
 * @throws RangeError when `first17` is not exactly 17 digits.
 */
export function residentIdCheckCharacter(first17: string): string {
  if (!BODY.test(first17)) throw new RangeError('a resident identity number body is exactly 17 digits');
  return checkCharacterOf(first17);
}

/**
 * Validates an 18-character resident identity number (GB 11643).
 *
 * Strict about spelling: a trailing lowercase `x` is refused (code `lowercase-x`)
 * because the number is a key in events and projections and must have one
 * canonical form; call {@link normalizeResidentId} at the edge to accept it.
 * The area code is not checked against the division register: codes are
 * renamed and retired, while numbers issued under them stay valid.
 *
 * @param asOf the birth date must not be after this day (China time); defaults to now.
 */
export function validateResidentId(value: unknown, asOf?: Date): ResidentIdValidation {
  if (typeof value !== 'string') return invalid('type', 'must be a string');
  if (value.length !== 18) return invalid('length', 'must be 18 characters');
  if (!SHAPE.test(value)) {
    return /^\d{17}x$/.test(value)
      ? invalid('lowercase-x', 'check character must be an uppercase X')
      : invalid('charset', 'must be 17 digits followed by a digit or X');
  }
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  if (year < EARLIEST_BIRTH_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return invalid('birth-date', 'birth date (characters 7-14) is not a calendar date');
  }
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (birthDate > chinaDate(asOf ?? new Date())) {
    return invalid('future-birth-date', 'birth date (characters 7-14) is in the future');
  }
  if (value[17] !== checkCharacterOf(value)) {
    return invalid('check-character', 'check character does not match (GB 11643)');
  }
  return {
    valid: true,
    areaCode: value.slice(0, 6),
    birthDate,
    // Characters 15-17 are the sequence; odd for men, even for women.
    sex: Number(value[16]) % 2 === 1 ? 'male' : 'female',
  };
}

export function isValidResidentId(value: unknown, asOf?: Date): value is string {
  return validateResidentId(value, asOf).valid;
}

/**
 * Trims and uppercases a typed-in number (`x` → `X`) into its canonical form.
 * Does not validate.
 */
export function normalizeResidentId(value: string): string {
  return value.trim().toUpperCase();
}

export interface MakeResidentIdInput {
  /** Six digits; defaults to Fuling District, `500102`. */
  readonly areaCode?: string;
  /** `YYYY-MM-DD`; defaults to `1980-01-01`. */
  readonly birthDate?: string;
  /** 1..999. Its parity is the sex; defaults to 1 (male) or 2 (female). */
  readonly sequence?: number;
  readonly sex?: ResidentSex;
}

/**
 * Builds a valid resident identity number for tests and fixtures.
 * @throws RangeError when the parts cannot make a valid number.
 */
export function makeResidentId(input: MakeResidentIdInput = {}): string {
  const { areaCode = '500102', birthDate = '1980-01-01', sex } = input;
  const sequence = input.sequence ?? (sex === 'female' ? 2 : 1);
  if (!/^\d{6}$/.test(areaCode)) throw new RangeError('areaCode must be 6 digits');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) throw new RangeError('birthDate must be YYYY-MM-DD');
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999) {
    throw new RangeError('sequence must be an integer from 1 to 999');
  }
  if (sex !== undefined && (sequence % 2 === 1 ? 'male' : 'female') !== sex) {
    throw new RangeError(`sequence ${sequence} is ${sex === 'male' ? 'even' : 'odd'}, which does not match sex ${sex}`);
  }
  const body = `${areaCode}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  const id = body + checkCharacterOf(body);
  const result = validateResidentId(id);
  if (!result.valid) throw new RangeError(`cannot make a resident identity number: ${result.reason}`);
  return id;
}

function checkCharacterOf(digits: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (digits.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}
