import type { DomainEvent } from '@gov/event-sourcing';
import type { HouseTransferTaxAssessment, HouseTransferTaxInput } from './assess-house-transfer';
import type { TransferParty } from './tax-assessment.commands';

/** The itemised assessment as computed then; a later policy never changes it. */
export type HouseTransferTaxAssessed = DomainEvent<
  'HouseTransferTaxAssessed',
  HouseTransferTaxAssessment & {
    readonly assessmentId: string;
    readonly transferId: string;
    readonly caseId: string | null;
    /** null when nothing is due (cleared at once, no order). */
    readonly paymentOrderId: string | null;
    readonly unitNumber: string;
    readonly sellers: readonly TransferParty[];
    readonly buyers: readonly TransferParty[];
    readonly input: HouseTransferTaxInput;
    readonly assessedAt: string;
  }
>;

/** Everything assessed for the transfer is paid; real-estate may register the new owners. */
export type TaxClearanceGranted = DomainEvent<
  'TaxClearanceGranted',
  {
    readonly assessmentId: string;
    readonly transferId: string;
    /** The joint case (schema version 2; null when none, and on events stored before it). */
    readonly caseId: string | null;
    /** null only when nothing was due, so no payment order was needed. */
    readonly paymentOrderId: string | null;
    readonly bankTransactionId: string | null;
    readonly paidFen: number;
    readonly grantedAt: string;
  }
>;

export type TaxAssessmentCancelled = DomainEvent<
  'TaxAssessmentCancelled',
  {
    readonly assessmentId: string;
    readonly transferId: string;
    /** The joint case (schema version 2; null when none, and on events stored before it). */
    readonly caseId: string | null;
    readonly reason: string;
    readonly cancelledAt: string;
  }
>;

/** Follows TaxAssessmentCancelled when clearance had been granted; the refund runs on the payment order. */
export type TaxClearanceRevoked = DomainEvent<
  'TaxClearanceRevoked',
  {
    readonly assessmentId: string;
    readonly transferId: string;
    /** The joint case (schema version 2; null when none, and on events stored before it). */
    readonly caseId: string | null;
    readonly reason: string;
    readonly revokedAt: string;
  }
>;

export type TaxAssessmentEvent = HouseTransferTaxAssessed | TaxClearanceGranted | TaxAssessmentCancelled | TaxClearanceRevoked;
