import { invalid, type InvalidIdentifier } from './invalid';
import { organisationCodeCheckCharacter, validateOrganisationCode } from './organisation-code';

/** GB 32100-2015 character set; a character's value is its index. No I, O, S, V, Z. */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** GB 32100-2015 weights over the first 17 characters: 3^i mod 31. */
const WEIGHTS: readonly number[] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const VALUE_OF: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < CREDIT_CODE_CHARSET.length; i++) table[CREDIT_CODE_CHARSET.charCodeAt(i)] = i;
  return table;
})();
const AREA_CODE = /^\d{6}$/;

/** Registering authority (position 1): 9 = market regulation (工商), the only one this center assigns. */
export type CreditCodeAuthority = '9';

/** Entity types (position 2) under market regulation. */
export const MARKET_ENTITY_TYPE = {
  enterprise: '1',
  individualBusiness: '2', // 个体工商户
  farmersCooperative: '3', // 农民专业合作社
} as const;
export type MarketEntityType = (typeof MARKET_ENTITY_TYPE)[keyof typeof MARKET_ENTITY_TYPE];

export type CreditCodeInvalidCode =
  | 'type'
  | 'length'
  | 'charset'
  | 'area-code'
  | 'check-character'
  | 'organisation-code';

export interface CreditCodeDetails {
  readonly valid: true;
  /** Position 1, e.g. `9` for market regulation. */
  readonly authority: string;
  /** Position 2, meaning depends on the authority. */
  readonly entityType: string;
  /** Positions 3-8: the registering authority's division (GB/T 2260). */
  readonly areaCode: string;
  /** Positions 9-17 (GB 11714). */
  readonly organisationCode: string;
}

export type CreditCodeValidation = CreditCodeDetails | InvalidIdentifier<CreditCodeInvalidCode>;

export interface ValidateCreditCodeOptions {
  /**
   * Also require positions 9-17 to carry a valid GB 11714 check character.
   * Off by default: position 18 is the code's own check, and refusing a code
   * issued elsewhere for a flaw in an older, embedded code stops a business at the window.
   */
  readonly checkOrganisationCode?: boolean;
}

/**
 * GB 32100 check character for the first 17 characters: 31 − (Σ mod 31), 31 → `0`.
 * @throws RangeError when `first17` is not 17 characters of {@link CREDIT_CODE_CHARSET}.
 */
export function creditCodeCheckCharacter(first17: string): string {
  if (first17.length !== 17 || !inCharset(first17, 17)) {
    throw new RangeError(`a credit code body is exactly 17 characters of ${CREDIT_CODE_CHARSET}`);
  }
  return checkCharacterOf(first17);
}

/**
 * Validates an 18-character Unified Social Credit Code (GB 32100-2015).
 * Strict: lowercase letters are refused; normalise at the edge with {@link normalizeCreditCode}.
 */
export function validateCreditCode(value: unknown, options: ValidateCreditCodeOptions = {}): CreditCodeValidation {
  if (typeof value !== 'string') return invalid('type', 'must be a string');
  if (value.length !== 18) return invalid('length', 'must be 18 characters');
  if (!inCharset(value, 18)) {
    return invalid('charset', 'must use only digits and uppercase letters other than I, O, S, V, Z');
  }
  const areaCode = value.slice(2, 8);
  if (!AREA_CODE.test(areaCode)) return invalid('area-code', 'area code (characters 3-8) must be 6 digits');
  if (value[17] !== checkCharacterOf(value)) {
    return invalid('check-character', 'check character does not match (GB 32100)');
  }
  const organisationCode = value.slice(8, 17);
  if (options.checkOrganisationCode && !validateOrganisationCode(organisationCode).valid) {
    return invalid('organisation-code', 'organisation code (characters 9-17) check character does not match (GB 11714)');
  }
  return { valid: true, authority: value[0], entityType: value[1], areaCode, organisationCode };
}

export function isValidCreditCode(value: unknown, options?: ValidateCreditCodeOptions): value is string {
  return validateCreditCode(value, options).valid;
}

/** Trims and uppercases a typed-in code. Does not validate. */
export function normalizeCreditCode(value: string): string {
  return value.trim().toUpperCase();
}

interface AssignCreditCodeBase {
  readonly authority: CreditCodeAuthority;
  readonly entityType: MarketEntityType;
  /** Six digits, the registering authority's division, e.g. `500102`. */
  readonly areaCode: string;
}

export type AssignCreditCodeInput = AssignCreditCodeBase &
  (
    | {
        /** A complete 9-character GB 11714 code; its check character is verified. */
        readonly organisationCode: string;
      }
    | {
        /** 8 characters; the GB 11714 check character is computed and appended. */
        readonly organisationBody: string;
      }
  );

/**
 * Composes a Unified Social Credit Code whose position 18 (GB 32100) and
 * position 17 (GB 11714) check characters are both valid.
 * @throws RangeError when a part is malformed.
 */
export function assignCreditCode(input: AssignCreditCodeInput): string {
  if (!AREA_CODE.test(input.areaCode)) throw new RangeError('areaCode must be 6 digits');
  let organisationCode: string;
  if ('organisationCode' in input) {
    const check = validateOrganisationCode(input.organisationCode);
    if (!check.valid) throw new RangeError(`organisationCode: ${check.reason}`);
    organisationCode = input.organisationCode;
  } else {
    organisationCode = input.organisationBody + organisationCodeCheckCharacter(input.organisationBody);
  }
  const body = `${input.authority}${input.entityType}${input.areaCode}${organisationCode}`;
  // GB 11714 allows I, O, S, V, Z in an organisation code; a credit code does not.
  if (!inCharset(body, 17)) {
    throw new RangeError('organisation code uses I, O, S, V or Z, which a credit code cannot carry');
  }
  return body + checkCharacterOf(body);
}

function inCharset(value: string, length: number): boolean {
  for (let i = 0; i < length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 128 || VALUE_OF[c] < 0) return false;
  }
  return true;
}

function checkCharacterOf(code: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += VALUE_OF[code.charCodeAt(i)] * WEIGHTS[i];
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31];
}
