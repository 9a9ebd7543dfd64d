import { ForbiddenError } from '@gov/event-sourcing';

/** The caller as the access rules see it (a verified token's claims). */
export interface Caller {
  readonly roles: readonly string[];
  readonly department?: string;
  readonly partyId?: string;
}

export type CaseAccess = 'staff-of-department' | 'supervisor' | 'party' | 'none';

/**
 * Supervisors and service accounts see every case; a clerk the cases of their
 * department; an applicant the cases they are a party to.
 */
export function caseAccess(caller: Caller, c: { readonly department: string; readonly applicantIds: readonly string[] }): CaseAccess {
  if (caller.roles.includes('clerk') && caller.department === c.department) return 'staff-of-department';
  if (caller.roles.includes('supervisor') || caller.roles.includes('service')) return 'supervisor';
  if (caller.roles.includes('applicant') && caller.partyId && c.applicantIds.includes(caller.partyId)) return 'party';
  return 'none';
}

/**
 * The department a list is narrowed to: supervisors choose (or see all); a
 * clerk always gets their own, and a clerk token without one gets nothing.
 */
export function listDepartment(caller: Caller, requested: string | undefined): string | undefined {
  if (caller.roles.includes('supervisor')) return requested;
  if (!caller.department) throw new ForbiddenError('a clerk token must name its department', 'department-required');
  return caller.department;
}
