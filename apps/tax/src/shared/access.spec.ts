import type { Principal } from '@gov/platform';
import { assertSelfOrTaxStaff, assertTaxStaff, present, viewFor } from './access';

const PARTY = '50010219800101001X';
const principal = (p: Partial<Principal> & Pick<Principal, 'roles'>): Principal => ({ subject: 's', ...p });

describe(viewFor.name, () => {
  it.each([
    ['a party', principal({ roles: ['applicant'], partyId: PARTY }), 'full'],
    ['a tax clerk', principal({ roles: ['clerk'], department: 'tax' }), 'full'],
    ['a supervisor', principal({ roles: ['supervisor'] }), 'full'],
    ['a service account', principal({ roles: ['service'] }), 'full'],
    ['another applicant', principal({ roles: ['applicant'], partyId: '500102199007200038' }), 'masked'],
    ["another department's clerk", principal({ roles: ['clerk'], department: 'real-estate' }), 'masked'],
    ['nobody', undefined, 'masked'],
  ])('gives %s the %s view', (_who, p, view) => {
    expect(viewFor(p, [PARTY])).toBe(view);
  });

  it('masks identity numbers and names in the masked view only', () => {
    const record = { taxpayer: { residentId: PARTY, name: '张三' }, totalFen: 100 };
    expect(present('full', record)).toBe(record);
    expect(present('masked', record)).toEqual({ taxpayer: { residentId: '500***********001X', name: '张*' }, totalFen: 100 });
  });
});

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
