import { assertNever } from '@gov/event-sourcing';
import type { CaseLifecycleEvent } from '@gov/contracts';
import { caseEvents, taxCases } from '../shared/case-lifecycle';
import type { TaxAssessmentState } from './tax-assessment.decider';
import type { TaxAssessmentEvent } from './tax-assessment.events';

/**
 * The house transfer tax case as supervision sees it. `clearanceRevoked`: the
 * cancellation came with a revocation (the case was completed at clearance already).
 */
export function assessmentLifecycleFor(event: TaxAssessmentEvent, state: TaxAssessmentState, clearanceRevoked: boolean, actor?: string): CaseLifecycleEvent[] {
  // The catalog version is the one in force when the case was accepted (assessed).
  const assessedAt = state.status === 'none' ? null : state.assessedAt;
  switch (event.type) {
    case 'HouseTransferTaxAssessed': {
      const d = event.data;
      const taxCase = taxCases.houseTransfer(d.assessmentId, d.assessedAt);
      const applicants = [...d.sellers, ...d.buyers].map((p) => p.residentId);
      return [caseEvents.accepted(taxCase, applicants), caseEvents.step(taxCase, 'tax-assessed', d.assessedAt, actor)];
    }
    case 'TaxClearanceGranted': {
      const d = event.data;
      const taxCase = taxCases.houseTransfer(d.assessmentId, assessedAt ?? d.grantedAt);
      return [
        ...(d.paymentOrderId !== null ? [caseEvents.step(taxCase, 'payment-confirmed', d.grantedAt)] : []),
        caseEvents.decided(taxCase, d.grantedAt, 'approved'),
        caseEvents.completed(taxCase, d.grantedAt, 'approved'),
      ];
    }
    case 'TaxAssessmentCancelled': {
      if (clearanceRevoked) return [];
      const d = event.data;
      return [caseEvents.completed(taxCases.houseTransfer(d.assessmentId, assessedAt ?? d.cancelledAt), d.cancelledAt, 'withdrawn')];
    }
    case 'TaxClearanceRevoked':
      return [];
    default:
      return assertNever(event, 'tax assessment event');
  }
}
