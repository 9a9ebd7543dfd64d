import type { Principal } from '@gov/platform';
import { assertSelfOrTaxStaff, assertTaxStaff } from './access';

const PARTY = '50010219800101001X';
const principal = (p: Partial<Principal> & Pick<Principal, 'roles'>): Principal => ({ subject: 's', ...p });

describe(assertTaxStaff.name, () => {
  it('lets tax clerks and services write, nobody else', () => {
    expect(() => assertTaxStaff(principal({ roles: ['clerk'], department: 'tax' }))).not.toThrow();
    expect(() => assertTaxStaff(principal({ roles: ['service'] }))).not.toThrow();
    expect(() => assertTaxStaff(principal({ roles: ['clerk'], department: 'real-estate' }))).toThrow(/tax clerks/);
    expect(() => assertTaxStaff(principal({ roles: ['supervisor'] }))).toThrow();
    expect(() => assertSelfOrTaxStaff(principal({ roles: ['applicant'], partyId: PARTY }), PARTY)).not.toThrow();
    expect(() => assertSelfOrTaxStaff(principal({ roles: ['applicant'], partyId: PARTY }), '500102199007200038')).toThrow();
  });
});
