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
