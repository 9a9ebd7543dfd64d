import type { PaymentOrderCommand } from '../payment/payment-order.commands';
import type { PaymentOrderEvent } from '../payment/payment-order.events';
import type { TaxAssessmentCommand } from './tax-assessment.commands';
import type { TaxAssessmentState } from './tax-assessment.decider';
import type { TaxAssessmentEvent } from './tax-assessment.events';

/*
 * How an assessment and its payment order answer each other, inside the service and
 * in the transaction of the cause: the money lives on the order, clearance on the
 * assessment (payment-order.decider.ts, tax-assessment.decider.ts).
 */

export interface PaymentOrderReaction {
  readonly paymentOrderId: string;
  readonly command: PaymentOrderCommand;
}

/** Assessed: the order for the total is issued (none when nothing is due). Cancelled: the order is cancelled, or refunded when paid. */
export function paymentOrderReactionTo(event: TaxAssessmentEvent, state: TaxAssessmentState): PaymentOrderReaction | null {
  switch (event.type) {
    case 'HouseTransferTaxAssessed': {
      const d = event.data;
      if (d.paymentOrderId === null) return null;
      return {
        paymentOrderId: d.paymentOrderId,
        command: {
          type: 'IssuePaymentOrder',
          data: { paymentOrderId: d.paymentOrderId, assessmentId: d.assessmentId, transferId: d.transferId, caseId: d.caseId, amountFen: d.totals.totalFen, at: d.assessedAt },
        },
      };
    }
    case 'TaxAssessmentCancelled': {
      const paymentOrderId = state.status === 'none' ? null : state.issuedPaymentOrderId;
      if (paymentOrderId === null) return null;
      return { paymentOrderId, command: { type: 'CancelPaymentOrder', data: { paymentOrderId, reason: event.data.reason, at: event.data.cancelledAt } } };
    }
    default:
      return null;
  }
}

/** The money arrived: the assessment records the payment and grants clearance (or refuses a wrong amount). */
export function assessmentReactionTo(event: PaymentOrderEvent): TaxAssessmentCommand | null {
  if (event.type !== 'PaymentConfirmed') return null;
  const d = event.data;
  return {
    type: 'RecordTaxPayment',
    data: { assessmentId: d.assessmentId, paymentOrderId: d.paymentOrderId, bankTransactionId: d.bankTransactionId, amountFen: d.amountFen, at: d.paidAt },
  };
}
