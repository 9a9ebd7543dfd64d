import type { Validation } from '@gov/event-sourcing';
import { validateCreditCode, validateResidentId } from '@gov/identity';
import { sharesSumToOne, shareProblem, type Share } from './share';

/** How a party is identified: a person by resident identity number (GB 11643), an organisation by credit code (GB 32100). */
export type PartyIdType = 'resident-id' | 'credit-code';
export const PARTY_ID_TYPES: readonly PartyIdType[] = ['resident-id', 'credit-code'];

/** A seller, buyer, owner or objector. */
export interface Party {
  readonly name: string;
  readonly idType: PartyIdType;
  readonly idNumber: string;
}

export interface Owner extends Party {
  readonly share: Share;
}

const MAX_NAME_LENGTH = 100;
// The CSV import reserves these to separate owners and their fields.
const RESERVED_IN_NAME = /[|;]/;
export const MAX_OWNERS = 100;

/** Same person or organisation: identity is the id number, not the spelling of the name. */
export const partyKey = (party: Party): string => `${party.idType}:${party.idNumber}`;

/**
 * Checks a party's name and identity number.
 * @param asOf birth dates in resident ids may not be after this instant (the command's time, so the check stays pure).
 */
export function checkParty(issues: Validation, field: string, value: unknown, asOf: Date): value is Party {
  if (typeof value !== 'object' || value === null) {
    issues.add(field, 'must be { name, idType, idNumber }');
    return false;
  }
  const { name, idType, idNumber } = value as Record<string, unknown>;
  let ok = issues.text(`${field}.name`, name, MAX_NAME_LENGTH);
  if (ok && RESERVED_IN_NAME.test(name as string)) {
    issues.add(`${field}.name`, 'must not contain | or ;');
    ok = false;
  }
  if (idType !== 'resident-id' && idType !== 'credit-code') {
    issues.add(`${field}.idType`, `must be one of ${PARTY_ID_TYPES.join(', ')}`);
    return false;
  }
  // The identity lib's reasons never repeat the number, so they are safe to return and log.
  const check = idType === 'resident-id' ? validateResidentId(idNumber, asOf) : validateCreditCode(idNumber);
  if (!check.valid) {
    issues.add(`${field}.idNumber`, check.reason);
    return false;
  }
  return ok;
}

/** A list of distinct parties (sellers). */
export function checkParties(issues: Validation, field: string, value: unknown, asOf: Date): value is readonly Party[] {
  if (!issues.list<unknown>(field, value, { min: 1, max: MAX_OWNERS })) return false;
  let ok = true;
  value.forEach((party, i) => {
    ok = checkParty(issues, `${field}[${i}]`, party, asOf) && ok;
  });
  return ok && noDuplicates(issues, field, value as readonly Party[]);
}

/** Owners with shares that add up to exactly the whole unit. */
export function checkOwners(issues: Validation, field: string, value: unknown, asOf: Date): value is readonly Owner[] {
  if (!issues.list<unknown>(field, value, { min: 1, max: MAX_OWNERS })) return false;
  let ok = true;
  value.forEach((owner, i) => {
    ok = checkParty(issues, `${field}[${i}]`, owner, asOf) && ok;
    const problem = shareProblem((owner as { share?: unknown } | null)?.share);
    if (problem !== null) {
      issues.add(`${field}[${i}].share`, problem);
      ok = false;
    }
  });
  if (!ok) return false;
  const owners = value as readonly Owner[];
  if (!noDuplicates(issues, field, owners)) return false;
  if (!sharesSumToOne(owners.map((o) => o.share))) {
    issues.add(field, 'shares must add up to exactly 1');
    return false;
  }
  return true;
}

/** The two lists name the same parties with the same names, ignoring order and shares. */
export function sameParties(a: readonly Party[], b: readonly Party[]): boolean {
  const names = new Map(a.map((p) => [partyKey(p), p.name]));
  return a.length === b.length && names.size === a.length && b.every((p) => names.get(partyKey(p)) === p.name);
}

/** Plain copies, so events never share objects with commands. */
export const copyParty = (p: Party): Party => ({ name: p.name, idType: p.idType, idNumber: p.idNumber });
export const copyOwner = (o: Owner): Owner => ({
  name: o.name,
  idType: o.idType,
  idNumber: o.idNumber,
  share: { numerator: o.share.numerator, denominator: o.share.denominator },
});

function noDuplicates(issues: Validation, field: string, parties: readonly Party[]): boolean {
  const seen = new Set<string>();
  for (let i = 0; i < parties.length; i++) {
    const key = partyKey(parties[i]);
    if (seen.has(key)) {
      issues.add(`${field}[${i}].idNumber`, 'the same party is listed twice');
      return false;
    }
    seen.add(key);
  }
  return true;
}
