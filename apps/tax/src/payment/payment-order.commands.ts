import type { DomainCommand } from '@gov/event-sourcing';

/** One payment order per assessment, for its total (seller's and buyer's taxes together). */
export type IssuePaymentOrder = DomainCommand<
  'IssuePaymentOrder',
  {
    readonly paymentOrderId: string;
    readonly assessmentId: string;
    readonly transferId: string;
    /** The assessment's joint case, named on every event of the order; null when none. */
    readonly caseId: string | null;
    readonly amountFen: number;
    readonly at: string;
  }
>;

/** From the bank channel, after its signature was verified (bank-signature.ts). */
export type ConfirmPayment = DomainCommand<
  'ConfirmPayment',
  {
    readonly paymentOrderId: string;
    readonly bankTransactionId: string;
    readonly amountFen: number;
    /** When the bank took the money. */
    readonly at: string;
  }
>;

/** Sent by the in-service reaction to TaxAssessmentCancelled. */
export type CancelPaymentOrder = DomainCommand<
  'CancelPaymentOrder',
  {
    readonly paymentOrderId: string;
    readonly reason: string;
    readonly at: string;
  }
>;

/** From the bank channel: the money went back to the payer. */
export type CompleteRefund = DomainCommand<
  'CompleteRefund',
  {
    readonly paymentOrderId: string;
    readonly bankRefundTransactionId: string;
    readonly amountFen: number;
    readonly at: string;
  }
>;

export type PaymentOrderCommand = IssuePaymentOrder | ConfirmPayment | CancelPaymentOrder | CompleteRefund;
