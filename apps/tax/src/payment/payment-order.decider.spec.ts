import { DeciderSpecification, IllegalStateError, NotFoundError, RuleViolation, ValidationError } from '@gov/event-sourcing';
import type { CancelPaymentOrder, CompleteRefund, ConfirmPayment, IssuePaymentOrder } from './payment-order.commands';
import { paymentOrderDecider } from './payment-order.decider';
import type {
  PaymentConfirmed,
  PaymentOrderCancelled,
  PaymentOrderIssued,
  RefundCompleted,
  RefundStarted,
} from './payment-order.events';

const ISSUED_AT = '2018-06-30T09:05:00+08:00';
const PAID_AT = '2018-06-30T09:20:00+08:00';
const CANCELLED_AT = '2018-06-30T09:40:00+08:00';
const REFUNDED_AT = '2018-07-02T11:00:00+08:00';
const ref = { paymentOrderId: 'po-1', assessmentId: 'as-1', transferId: 'tr-1', caseId: 'case-1' };
const AMOUNT = 5_850_000;

const issue = (overrides: Partial<IssuePaymentOrder['data']> = {}): IssuePaymentOrder => ({
  type: 'IssuePaymentOrder',
  data: { ...ref, amountFen: AMOUNT, at: ISSUED_AT, ...overrides },
});
const confirm = (overrides: Partial<ConfirmPayment['data']> = {}): ConfirmPayment => ({
  type: 'ConfirmPayment',
  data: { paymentOrderId: 'po-1', bankTransactionId: 'bank-tx-1', amountFen: AMOUNT, at: PAID_AT, ...overrides },
});
const cancel = (overrides: Partial<CancelPaymentOrder['data']> = {}): CancelPaymentOrder => ({
  type: 'CancelPaymentOrder',
  data: { paymentOrderId: 'po-1', reason: 'assessment cancelled', at: CANCELLED_AT, ...overrides },
});
const completeRefund = (overrides: Partial<CompleteRefund['data']> = {}): CompleteRefund => ({
  type: 'CompleteRefund',
  data: { paymentOrderId: 'po-1', bankRefundTransactionId: 'bank-rf-1', amountFen: AMOUNT, at: REFUNDED_AT, ...overrides },
});

const issued: PaymentOrderIssued = { type: 'PaymentOrderIssued', data: { ...ref, amountFen: AMOUNT, issuedAt: ISSUED_AT } };
const confirmed: PaymentConfirmed = {
  type: 'PaymentConfirmed',
  data: { ...ref, bankTransactionId: 'bank-tx-1', amountFen: AMOUNT, paidAt: PAID_AT },
};
const cancelled: PaymentOrderCancelled = {
  type: 'PaymentOrderCancelled',
  data: { ...ref, reason: 'assessment cancelled', cancelledAt: CANCELLED_AT },
};
const refundStarted: RefundStarted = {
  type: 'RefundStarted',
  data: { ...ref, bankTransactionId: 'bank-tx-1', amountFen: AMOUNT, reason: 'assessment cancelled', startedAt: CANCELLED_AT },
};
const refundCompleted: RefundCompleted = {
  type: 'RefundCompleted',
  data: { ...ref, bankRefundTransactionId: 'bank-rf-1', amountFen: AMOUNT, completedAt: REFUNDED_AT },
};

describe('paymentOrderDecider', () => {
  const given = DeciderSpecification.for(paymentOrderDecider);

  describe('IssuePaymentOrder', () => {
    it('issues an order for the assessed total', () => {
      given([]).when(issue()).then([issued]);
    });

    it('refuses a second order on the same stream', () => {
      given([issued]).when(issue()).thenThrows<IllegalStateError>(IllegalStateError, (e) => expect(e.code).toBe('payment-order-exists'));
    });

    it('refuses a zero or fractional amount', () => {
      given([])
        .when(issue({ amountFen: 0, transferId: '' }))
        .thenThrows<ValidationError>(ValidationError, (e) => expect(e.issues.map((i) => i.field)).toEqual(['transferId', 'amountFen']));
      given([]).when(issue({ amountFen: 10.5 })).thenThrows(ValidationError);
    });
  });

  describe('ConfirmPayment', () => {
    it('confirms the exact amount', () => {
      given([issued]).when(confirm()).then([confirmed]);
    });

    it('is harmless when the bank repeats the same transaction', () => {
      given([issued, confirmed]).when(confirm()).thenNothingHappened();
      given([issued, confirmed, refundStarted]).when(confirm()).thenNothingHappened();
      given([issued, confirmed, refundStarted, refundCompleted]).when(confirm()).thenNothingHappened();
    });

    it('refuses a wrong amount with a rule violation naming the amount', () => {
      given([issued])
        .when(confirm({ amountFen: 5_800_000 }))
        .thenThrows<RuleViolation>(RuleViolation, (e) => {
          expect(e.code).toBe('payment-amount-mismatch');
          expect(e.message).toBe('payment of 5800000 fen does not match the order amount of 5850000 fen');
          expect(e.details).toEqual({ expectedFen: AMOUNT, receivedFen: 5_800_000 });
        });
    });

    it('refuses a second, different payment', () => {
      given([issued, confirmed])
        .when(confirm({ bankTransactionId: 'bank-tx-2' }))
        .thenThrows<IllegalStateError>(IllegalStateError, (e) => expect(e.code).toBe('payment-order-already-paid'));
    });

    it('refuses the same bank transaction reported with another amount', () => {
      given([issued, confirmed])
        .when(confirm({ amountFen: AMOUNT + 1 }))
        .thenThrows<IllegalStateError>(IllegalStateError, (e) => expect(e.code).toBe('bank-transaction-conflict'));
    });

    it('records money that arrives after cancellation and refunds it at once', () => {
      given([issued, cancelled])
        .when(confirm())
        .then([confirmed, { ...refundStarted, data: { ...refundStarted.data, reason: 'paid after cancellation: assessment cancelled', startedAt: PAID_AT } }]);
    });

    it('refuses an unknown order and a malformed confirmation', () => {
      given([]).when(confirm()).thenThrows(NotFoundError);
      given([issued])
        .when(confirm({ bankTransactionId: '', at: '2018-06-30 09:20' }))
        .thenThrows<ValidationError>(ValidationError, (e) => expect(e.issues.map((i) => i.field)).toEqual(['bankTransactionId', 'at']));
    });
  });

  describe('CancelPaymentOrder', () => {
    it('cancels an unpaid order', () => {
      given([issued]).when(cancel()).then([cancelled]);
    });

    it('starts a refund when the order was paid', () => {
      given([issued, confirmed]).when(cancel()).then([refundStarted]);
    });

    it('changes nothing when already cancelled or refunding', () => {
      given([issued, cancelled]).when(cancel()).thenNothingHappened();
      given([issued, confirmed, refundStarted]).when(cancel()).thenNothingHappened();
      given([issued, confirmed, refundStarted, refundCompleted]).when(cancel()).thenNothingHappened();
    });

    it('refuses an unknown order and a cancellation without a reason', () => {
      given([]).when(cancel()).thenThrows(NotFoundError);
      given([issued]).when(cancel({ reason: '' })).thenThrows(ValidationError);
    });
  });

  describe('CompleteRefund', () => {
    it('completes a refund of the paid amount', () => {
      given([issued, confirmed, refundStarted]).when(completeRefund()).then([refundCompleted]);
    });

    it('is harmless when the bank repeats the refund notice', () => {
      given([issued, confirmed, refundStarted, refundCompleted]).when(completeRefund()).thenNothingHappened();
    });

    it('refuses a refund of another amount', () => {
      given([issued, confirmed, refundStarted])
        .when(completeRefund({ amountFen: 1 }))
        .thenThrows<RuleViolation>(RuleViolation, (e) => expect(e.code).toBe('refund-amount-mismatch'));
    });

    it('refuses a refund nobody started, or a second refund transaction', () => {
      given([issued, confirmed]).when(completeRefund()).thenThrows<IllegalStateError>(IllegalStateError, (e) =>
        expect(e.code).toBe('no-refund-in-progress'),
      );
      given([issued, cancelled]).when(completeRefund()).thenThrows(IllegalStateError);
      given([issued, confirmed, refundStarted, refundCompleted])
        .when(completeRefund({ bankRefundTransactionId: 'bank-rf-2' }))
        .thenThrows<IllegalStateError>(IllegalStateError, (e) => expect(e.code).toBe('refund-already-completed'));
      given([]).when(completeRefund()).thenThrows(NotFoundError);
    });
  });
});
