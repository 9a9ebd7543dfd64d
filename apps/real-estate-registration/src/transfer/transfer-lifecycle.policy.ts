import { assertNever } from '@gov/event-sourcing';
import type { CaseLifecycleEvent } from '@gov/contracts';
import type { SaleTransferEvent } from './sale-transfer.events';

/** The catalog item a transfer case is measured against, fixed when it is accepted. */
export interface TransferCaseRef {
  readonly itemCode: string;
  readonly catalogVersion: string;
  readonly department: string;
}

/**
 * What supervision hears of a sale transfer: each case (id = transfer id) is
 * accepted, passes its steps, is decided and completed. An application refused
 * at the door was never accepted (不予受理), so it opens no case.
 */
export function lifecycleEventsFor(event: SaleTransferEvent, ref: TransferCaseRef, actor?: string): CaseLifecycleEvent[] {
  const at = (time: string) => ({ caseId: event.data.transferId, ...ref, at: time });
  const step = (name: string, time: string): CaseLifecycleEvent => ({
    type: 'CaseStepCompleted',
    data: { ...at(time), step: name, ...(actor ? { actor } : {}) },
  });
  switch (event.type) {
    case 'TransferApplied':
      // The sellers and buyers are the applicants who may rate the case (好差评).
      return [{ type: 'CaseAccepted', data: { ...at(event.data.appliedAt), applicantIds: [...event.data.sellers, ...event.data.buyers].map((p) => p.idNumber) } }];
    case 'TaxClearanceRecorded':
      return [step('tax-cleared', event.data.clearedAt)];
    case 'TransferRegistrationRequested':
      return [];
    case 'OwnershipTransferred':
      return [step('ownership-registered', event.data.transferredAt), { type: 'CaseDecided', data: { ...at(event.data.transferredAt), outcome: 'approved' } }];
    case 'CertificateIssued':
      return [step('certificate-issued', event.data.issuedAt), { type: 'CaseCompleted', data: { ...at(event.data.issuedAt), outcome: 'approved' } }];
    case 'TransferRefused':
      if (event.data.stage === 'application') return [];
      return [
        { type: 'CaseDecided', data: { ...at(event.data.refusedAt), outcome: 'refused', reason: event.data.reason } },
        { type: 'CaseCompleted', data: { ...at(event.data.refusedAt), outcome: 'refused' } },
      ];
    case 'TransferCancelled':
      return [{ type: 'CaseCompleted', data: { ...at(event.data.cancelledAt), outcome: 'withdrawn' } }];
    default:
      return assertNever(event, 'event');
  }
}
