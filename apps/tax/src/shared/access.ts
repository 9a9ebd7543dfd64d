import { ForbiddenError } from '@gov/event-sourcing';
import { DEPARTMENTS } from '@gov/contracts';
import { hasRole, isStaffOf, type Principal } from '@gov/platform';

/** Taxpayers, assessments and payment orders are the tax office's records. */
export const TAX_DEPARTMENT = DEPARTMENTS.tax;

export const isTaxClerk = (principal: Principal | undefined): boolean => isStaffOf(principal, TAX_DEPARTMENT);

/** Writes that only the tax office (or a service acting for a joint case) may make. */
export function assertTaxStaff(principal: Principal | undefined): void {
  if (isTaxClerk(principal) || hasRole(principal, 'service')) return;
  throw new ForbiddenError('only tax clerks and service accounts may do this', 'not-tax-staff');
}

/** A taxpayer acts for themself; the tax office for anyone. */
export function assertSelfOrTaxStaff(principal: Principal | undefined, identifier: string): void {
  if (isTaxClerk(principal) || hasRole(principal, 'service')) return;
  if (hasRole(principal, 'applicant') && principal?.partyId === identifier) return;
  throw new ForbiddenError('an applicant may act only for their own identity number or credit code', 'not-own-identity');
}
