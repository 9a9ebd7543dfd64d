import { ForbiddenError } from '@gov/event-sourcing';
import { DEPARTMENTS } from '@gov/contracts';
import { hasRole, isStaffOf, type Principal } from '@gov/platform';

/** The register's data is the real-estate registration center's (不动产登记中心). */
export const REGISTER_DEPARTMENT = DEPARTMENTS.realEstate;

export const isRegistrar = (p: Principal | undefined): boolean => isStaffOf(p, REGISTER_DEPARTMENT);

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
