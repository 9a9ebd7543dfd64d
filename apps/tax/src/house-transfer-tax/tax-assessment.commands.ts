import type { DomainCommand } from '@gov/event-sourcing';
import type { HouseTransferTaxInput } from './assess-house-transfer';

export interface TransferParty {
  readonly residentId: string;
}

export type AssessHouseTransferTax = DomainCommand<
  'AssessHouseTransferTax',
  {
    readonly assessmentId: string;
    /** The real-estate transfer this assessment clears. */
    readonly transferId: string;
    /** The joint case that asked for it, when one did; carried for correlation. */
    readonly caseId: string | null;
    /** Chosen by the handler: the order issued for the total when anything is due. */
    readonly paymentOrderId: string;
    readonly unitNumber: string;
    readonly sellers: readonly TransferParty[];
    readonly buyers: readonly TransferParty[];
    /** Declared facts plus the reference price the handler looked up. */
    readonly input: HouseTransferTaxInput;
    /** Chosen by the caller (normally the version in force on the contract date); checked here. */
    readonly policyVersion: string;
    readonly at: string;
  }
>;

/** Sent by the in-service reaction to PaymentConfirmed on the assessment's payment order. */
export type RecordTaxPayment = DomainCommand<
  'RecordTaxPayment',
  {
    readonly assessmentId: string;
    readonly paymentOrderId: string;
    readonly bankTransactionId: string;
    readonly amountFen: number;
    readonly at: string;
  }
>;

export type CancelAssessment = DomainCommand<
  'CancelAssessment',
  {
    readonly assessmentId: string;
    readonly reason: string;
    readonly at: string;
  }
>;

export type TaxAssessmentCommand = AssessHouseTransferTax | RecordTaxPayment | CancelAssessment;
