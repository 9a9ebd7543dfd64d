import { ForbiddenError } from '@gov/event-sourcing';
import { caseAccess, listDepartment } from './case-access.policy';

describe(caseAccess.name, () => {
  const c = { department: 'tax', applicantIds: ['500102198506151234', '91500102MA5U5X7J2R'] };

  it("lets the department's clerks, supervisors and the case's parties in, no one else", () => {
    expect(caseAccess({ roles: ['clerk'], department: 'tax' }, c)).toBe('staff-of-department');
    expect(caseAccess({ roles: ['supervisor'] }, c)).toBe('supervisor');
    expect(caseAccess({ roles: ['applicant'], partyId: '91500102MA5U5X7J2R' }, c)).toBe('party');
    expect(caseAccess({ roles: ['clerk'], department: 'real-estate' }, c)).toBe('none');
    expect(caseAccess({ roles: ['applicant'], partyId: '500102197001010011' }, c)).toBe('none');
    expect(caseAccess({ roles: ['applicant'] }, c)).toBe('none');
  });
});

describe(listDepartment.name, () => {
  it("narrows a clerk's lists to their department, and refuses a clerk token without one", () => {
    expect(listDepartment({ roles: ['supervisor'] }, 'tax')).toBe('tax');
    expect(listDepartment({ roles: ['supervisor'] }, undefined)).toBeUndefined();
    expect(listDepartment({ roles: ['clerk'], department: 'tax' }, 'real-estate')).toBe('tax');
    expect(() => listDepartment({ roles: ['clerk'] }, undefined)).toThrow(ForbiddenError);
  });
});
