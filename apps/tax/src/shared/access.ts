import { ForbiddenError } from '@gov/event-sourcing';
import { DEPARTMENTS } from '@gov/contracts';
import { maskPersonalData } from '@gov/identity';
import { hasRole, type Principal } from '@gov/platform';

/** What a caller may see of a record with personal data. */
export type View = 'full' | 'masked';

/**
 * Parties see their own records in full, as do tax clerks, supervisors and
 * service accounts; anyone else authenticated (another department's clerk, an
 * applicant who is not a party) sees identity numbers and names masked.
 */
export function viewFor(principal: Principal | undefined, partyIds: readonly string[]): View {
  if (!principal) return 'masked';
  if (hasRole(principal, 'supervisor', 'service')) return 'full';
  if (isTaxClerk(principal)) return 'full';
  return principal.partyId !== undefined && partyIds.includes(principal.partyId) ? 'full' : 'masked';
}

export function present<T>(view: View, value: T): T {
  return view === 'full' ? value : maskPersonalData(value);
}

export function isTaxClerk(principal: Principal | undefined): boolean {
  return hasRole(principal, 'clerk') && principal?.department === DEPARTMENTS.tax;
}

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
