import { ForbiddenError } from '@gov/event-sourcing';
import { DEPARTMENTS } from '@gov/contracts';
import { hasRole, type Principal } from '@gov/platform';

/** A clerk of the zeta department. */
export function isDepartmentClerk(p: Principal | undefined): boolean {
  return hasRole(p, 'clerk') && p?.department === DEPARTMENTS.zeta;
}

/** An applicant submits for themself; a clerk of the department for anyone. */
export function assertMaySubmit(p: Principal | undefined, residentId: string): void {
  if (isDepartmentClerk(p)) return;
  if (hasRole(p, 'applicant') && p?.partyId === residentId) return;
  throw new ForbiddenError('an applicant may submit only for themself; clerks of the department for anyone', 'not-the-applicant');
}

export function assertMayDecide(p: Principal | undefined): void {
  if (!isDepartmentClerk(p)) throw new ForbiddenError('only a clerk of the department may decide an application', 'department-clerk-required');
}
