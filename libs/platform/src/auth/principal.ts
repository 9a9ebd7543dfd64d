import { ForbiddenError } from '@gov/event-sourcing';

export const ROLES = ['applicant', 'clerk', 'supervisor', 'service'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, from a verified bearer token. */
export interface Principal {
  readonly subject: string;
  readonly roles: readonly Role[];
  /** For clerks: the department they work for (e.g. `tax`). */
  readonly department?: string;
  /** For applicants: their verified resident identity number (or a business's credit code). */
  readonly partyId?: string;
  readonly name?: string;
}

export function hasRole(p: Principal | undefined, ...roles: Role[]): boolean {
  return !!p && p.roles.some((r) => roles.includes(r));
}

export interface StaffScope {
  /** When set, only clerks of this department count as staff (supervisors and services always do). */
  readonly department?: string;
}

/** Staff see every case of their service; an applicant only the cases they are a party to. */
export function isPartyOrStaff(p: Principal | undefined, partyIds: readonly string[], scope: StaffScope = {}): boolean {
  if (!p) return false;
  if (hasRole(p, 'supervisor', 'service')) return true;
  if (hasRole(p, 'clerk') && (!scope.department || p.department === scope.department)) return true;
  return !!p.partyId && partyIds.includes(p.partyId);
}

export function assertPartyOrStaff(p: Principal | undefined, partyIds: readonly string[], scope: StaffScope = {}): void {
  if (!isPartyOrStaff(p, partyIds, scope)) throw new ForbiddenError('only a party to this case or its staff may see it', 'not-a-party');
}
