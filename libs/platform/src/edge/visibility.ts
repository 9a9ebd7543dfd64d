import { maskPersonalData } from '@gov/identity';

/** Who is looking, as the visibility rule sees a caller (a Principal fits). */
export interface Viewer {
  readonly roles: readonly string[];
  readonly department?: string;
  readonly partyId?: string;
}

/** Whose personal data a view holds: the parties to the case, and the department that keeps the record. */
export interface DataOwner {
  readonly department: string;
  readonly partyIds: readonly string[];
}

/** The caller is one of these parties (by their verified resident id or credit code). */
export function isParty(viewer: Viewer | undefined, partyIds: readonly string[]): boolean {
  return viewer?.partyId !== undefined && partyIds.includes(viewer.partyId);
}

/** A clerk of this department. */
export function isStaffOf(viewer: Viewer | undefined, department: string): boolean {
  return !!viewer && viewer.roles.includes('clerk') && viewer.department === department;
}

/**
 * The one personal-data rule of every view (DOMAIN.md: personal data): names,
 * identity numbers and phones in clear for a party to the case, a clerk of the
 * department that owns the record, a supervisor, or a service account (a
 * department's system acting for its staff). Everyone else sees them masked.
 */
export function seesPersonalData(viewer: Viewer | undefined, owner: DataOwner): boolean {
  if (!viewer) return false;
  if (viewer.roles.includes('supervisor') || viewer.roles.includes('service')) return true;
  return isStaffOf(viewer, owner.department) || isParty(viewer, owner.partyIds);
}

/** The view as this viewer may see it: whole, or with its personal data masked. */
export function presentPersonalData<T>(view: T, viewer: Viewer | undefined, owner: DataOwner): T {
  return seesPersonalData(viewer, owner) ? view : maskPersonalData(view);
}

/** As `presentPersonalData`, saying which it is (`personalDataVisible`). */
export function visibleTo<T extends object>(view: T, viewer: Viewer | undefined, owner: DataOwner): T & { personalDataVisible: boolean } {
  const visible = seesPersonalData(viewer, owner);
  return { ...(visible ? view : maskPersonalData(view)), personalDataVisible: visible };
}
