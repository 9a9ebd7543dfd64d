import type { DomainEvent } from '@gov/event-sourcing';

interface OrderRef {
  readonly paymentOrderId: string;
  readonly assessmentId: string;
  readonly transferId: string;
  /** The assessment's joint case (schema version 2; null when none, and on events stored before it). */
  readonly caseId: string | null;
}

export type PaymentOrderIssued = DomainEvent<'PaymentOrderIssued', OrderRef & { readonly amountFen: number; readonly issuedAt: string }>;

export type PaymentConfirmed = DomainEvent<
  'PaymentConfirmed',
  OrderRef & { readonly bankTransactionId: string; readonly amountFen: number; readonly paidAt: string }
>;

/** Cancelled before any money arrived. */
export type PaymentOrderCancelled = DomainEvent<'PaymentOrderCancelled', OrderRef & { readonly reason: string; readonly cancelledAt: string }>;

/** Money arrived but is no longer owed: it goes back the way it came. */
export type RefundStarted = DomainEvent<
  'RefundStarted',
  OrderRef & { readonly bankTransactionId: string; readonly amountFen: number; readonly reason: string; readonly startedAt: string }
>;

export type RefundCompleted = DomainEvent<
  'RefundCompleted',
  OrderRef & { readonly bankRefundTransactionId: string; readonly amountFen: number; readonly completedAt: string }
>;

export type PaymentOrderEvent = PaymentOrderIssued | PaymentConfirmed | PaymentOrderCancelled | RefundStarted | RefundCompleted;
