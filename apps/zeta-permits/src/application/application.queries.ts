import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@gov/event-sourcing';
import { DEPARTMENTS } from '@gov/contracts';
import { maskPersonalData } from '@gov/identity';
import { isPartyOrStaff, ServiceRuntime, type Principal } from '@gov/platform';
import { findApplication, type ApplicationView } from './application.projection';

export type VisibleApplication = ApplicationView & { readonly personalDataVisible: boolean };

/** Reads the inline read model; personal data in clear only for the applicant, the department's staff and supervisors. */
@Injectable()
export class ApplicationQueries {
  constructor(private readonly runtime: ServiceRuntime) {}

  async get(applicationId: string, principal: Principal | undefined): Promise<VisibleApplication> {
    const view = await findApplication(this.runtime.pool, applicationId);
    if (!view) throw new NotFoundError('application', applicationId);
    const visible = isPartyOrStaff(principal, [view.applicant.residentId], { department: DEPARTMENTS.zeta });
    return { ...(visible ? view : maskPersonalData(view)), personalDataVisible: visible };
  }
}
