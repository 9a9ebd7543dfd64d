import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@gov/event-sourcing';
import { presentPersonalData, ServiceRuntime, type Principal } from '@gov/platform';
import { TAX_DEPARTMENT } from '../shared/access';
import { findAssessment, type AssessmentView } from './tax-assessment.projection';

@Injectable()
export class TaxAssessmentQueries {
  constructor(private readonly runtime: ServiceRuntime) {}

  /** Parties, tax clerks, supervisors and services see it whole; anyone else with identity numbers masked. */
  async get(assessmentId: string, principal: Principal | undefined): Promise<AssessmentView> {
    const found = await findAssessment(this.runtime.pool, assessmentId);
    if (!found) throw new NotFoundError('tax assessment', assessmentId);
    return presentPersonalData(found.view, principal, { department: TAX_DEPARTMENT, partyIds: found.partyIds });
  }
}
