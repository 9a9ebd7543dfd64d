import { assignCreditCode, makeResidentId } from '@gov/identity';
import type { Owner, Party } from '../domain/party';
import type { Share } from '../domain/share';
import type { RegisterUnit } from '../register/real-estate-unit.commands';
import type { UnitRegistered } from '../register/real-estate-unit.events';

// Test data: small factories, so each spec says only what matters to it.

export const T0 = '2018-07-02T09:00:00+08:00';
export const T1 = '2018-07-02T09:10:00+08:00';
export const T2 = '2018-07-02T09:20:00+08:00';
export const T3 = '2018-07-02T09:30:00+08:00';
export const T4 = '2018-07-02T09:40:00+08:00';

/** A valid GB/T 37346 unit number in Fuling, one per `n`. */
export function newUnitNumber(n = 1): string {
  return `500102001001GB00001F${String(n).padStart(8, '0')}`;
}

/** A person with a valid resident identity number, one per `n` (1..999). */
export function newPerson(n: number, name = `业主${n}`): Party {
  return { name, idType: 'resident-id', idNumber: makeResidentId({ sequence: n, birthDate: '1975-03-15' }) };
}

export function newCompany(n: number, name = `公司${n}`): Party {
  return {
    name,
    idType: 'credit-code',
    idNumber: assignCreditCode({
      authority: '9',
      entityType: '1',
      areaCode: '500102',
      organisationBody: `MA${String(n).padStart(6, '0')}`,
    }),
  };
}

export function owning(party: Party, numerator = 1, denominator = 1): Owner {
  const share: Share = { numerator, denominator };
  return { ...party, share };
}

export function registerUnitData(overrides: Partial<RegisterUnit['data']> = {}): RegisterUnit['data'] {
  return {
    unitNumber: newUnitNumber(),
    location: '重庆市涪陵区崇义街道太极大道18号1幢3-2',
    areaHundredthsM2: 8952,
    use: 'residential',
    owners: [owning(newPerson(1), 1, 2), owning(newPerson(2), 1, 2)],
    acquisitionDate: '2012-05-20',
    originalPriceFen: 35_000_000,
    at: T0,
    ...overrides,
  };
}

export function unitRegistered(overrides: Partial<RegisterUnit['data']> = {}): UnitRegistered {
  const { at, ...unit } = registerUnitData(overrides);
  return { type: 'UnitRegistered', data: { ...unit, registeredAt: at } };
}
