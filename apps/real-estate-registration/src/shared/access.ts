import { ForbiddenError } from '@gov/event-sourcing';
import { DEPARTMENTS } from '@gov/contracts';
import { maskPersonalData } from '@gov/identity';
import { hasRole, type Principal } from '@gov/platform';

/** A clerk of the real-estate registration center (不动产登记中心). */
export function isRegistrar(p: Principal | undefined): boolean {
  return hasRole(p, 'clerk') && p?.department === DEPARTMENTS.realEstate;
}

/** Register changes (units, encumbrances, imports, refusals) are the registrar's. */
export function assertRegistrar(p: Principal | undefined): void {
  if (!isRegistrar(p)) throw new ForbiddenError('only a clerk of the real-estate registration center may do this', 'registrar-required');
}

/** Transfers are also driven by the joint window's service account. */
export function assertRegistrarOrService(p: Principal | undefined): void {
  if (!isRegistrar(p) && !hasRole(p, 'service')) {
    throw new ForbiddenError('only a real-estate clerk or a service account may do this', 'registrar-required');
  }
}

/**
 * Names and identity numbers in clear: the parties themselves, the registry's
 * clerks, supervisors and service accounts. Everyone else sees them masked.
 */
export function seesPersonalData(p: Principal | undefined, partyIds: readonly string[]): boolean {
  if (!p) return false;
  if (isRegistrar(p) || hasRole(p, 'supervisor', 'service')) return true;
  return p.partyId !== undefined && partyIds.includes(p.partyId);
}

export const isParty = (p: Principal | undefined, partyIds: readonly string[]): boolean => p?.partyId !== undefined && partyIds.includes(p.partyId);

/** The view as this caller may see it, with a flag saying which. */
export function visibleTo<T extends object>(view: T, p: Principal | undefined, partyIds: readonly string[]): T & { personalDataVisible: boolean } {
  const visible = seesPersonalData(p, partyIds);
  return { ...(visible ? view : maskPersonalData(view)), personalDataVisible: visible };
}
