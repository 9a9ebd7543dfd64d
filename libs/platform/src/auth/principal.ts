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

/** Staff see every case of their service; an applicant only the cases they are a party to. */
export function isPartyOrStaff(p: Principal | undefined, partyIds: readonly string[]): boolean {
  if (!p) return false;
  if (hasRole(p, 'clerk', 'supervisor', 'service')) return true;
  return !!p.partyId && partyIds.includes(p.partyId);
}

export function assertPartyOrStaff(p: Principal | undefined, partyIds: readonly string[]): void {
  if (!isPartyOrStaff(p, partyIds)) throw new ForbiddenError('only a party to this case or its staff may see it', 'not-a-party');
}
