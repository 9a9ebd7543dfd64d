import { assertNever, IllegalStateError, NotFoundError, RuleViolation, type Decider, Validation } from '@gov/event-sourcing';
import type {
  CancelPaymentOrder,
  CompleteRefund,
  ConfirmPayment,
  IssuePaymentOrder,
  PaymentOrderCommand,
} from './payment-order.commands';
import type { PaymentOrderEvent } from './payment-order.events';
import { isInstant, isNonBlank, isPositiveFen } from '@gov/service-standards';

/*
 * The money side of an assessment. A bank confirmation is a fact (the money
 * has moved), so it is recorded even on a cancelled order and refunded at once
 * rather than refused. Clearance is granted on the assessment stream, which
 * reacts to PaymentConfirmed.
 */

interface OrderRef {
  readonly paymentOrderId: string;
  readonly assessmentId: string;
  readonly transferId: string;
  readonly caseId: string | null;
  readonly amountFen: number;
}

export type PaymentOrderState =
  | { readonly status: 'none' }
  | (OrderRef & { readonly status: 'issued'; readonly issuedAt: string })
  | (OrderRef & { readonly status: 'cancelled'; readonly reason: string; readonly cancelledAt: string })
  | (OrderRef & { readonly status: 'paid'; readonly bankTransactionId: string; readonly paidAt: string })
  | (OrderRef & {
      readonly status: 'refunding';
      readonly bankTransactionId: string;
      readonly reason: string;
      readonly refundStartedAt: string;
    })
  | (OrderRef & {
      readonly status: 'refunded';
      readonly bankTransactionId: string;
      readonly bankRefundTransactionId: string;
      readonly refundedAt: string;
    });

type Existing = Exclude<PaymentOrderState, { status: 'none' }>;

export const paymentOrderDecider: Decider<PaymentOrderState, PaymentOrderCommand, PaymentOrderEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'PaymentOrderIssued':
        return {
          status: 'issued',
          paymentOrderId: event.data.paymentOrderId,
          assessmentId: event.data.assessmentId,
          transferId: event.data.transferId,
          caseId: event.data.caseId,
          amountFen: event.data.amountFen,
          issuedAt: event.data.issuedAt,
        };
      case 'PaymentConfirmed':
        if (state.status === 'none') return state;
        return { ...ref(state), status: 'paid', bankTransactionId: event.data.bankTransactionId, paidAt: event.data.paidAt };
      case 'PaymentOrderCancelled':
        if (state.status === 'none') return state;
        return { ...ref(state), status: 'cancelled', reason: event.data.reason, cancelledAt: event.data.cancelledAt };
      case 'RefundStarted':
        if (state.status === 'none') return state;
        return {
          ...ref(state),
          status: 'refunding',
          bankTransactionId: event.data.bankTransactionId,
          reason: event.data.reason,
          refundStartedAt: event.data.startedAt,
        };
      case 'RefundCompleted':
        if (state.status !== 'refunding') return state;
        return {
          ...ref(state),
          status: 'refunded',
          bankTransactionId: state.bankTransactionId,
          bankRefundTransactionId: event.data.bankRefundTransactionId,
          refundedAt: event.data.completedAt,
        };
      default:
        return assertNever(event, 'payment order event');
    }
  },

  decide: (command, state) => {
    switch (command.type) {
      case 'IssuePaymentOrder':
        return issue(command, state);
      case 'ConfirmPayment':
        return confirm(command, state);
      case 'CancelPaymentOrder':
        return cancel(command, state);
      case 'CompleteRefund':
        return completeRefund(command, state);
      default:
        return assertNever(command, 'payment order command');
    }
  },
};

function issue({ data }: IssuePaymentOrder, state: PaymentOrderState): PaymentOrderEvent[] {
  const issues = new Validation();
  issues.check(isNonBlank(data.paymentOrderId), 'paymentOrderId', 'is required');
  issues.check(isNonBlank(data.assessmentId), 'assessmentId', 'is required');
  issues.check(isNonBlank(data.transferId), 'transferId', 'is required');
  issues.check(data.caseId === null || isNonBlank(data.caseId), 'caseId', 'must be null or an id');
  issues.check(isPositiveFen(data.amountFen), 'amountFen', 'must be a positive integer amount in fen');
  issues.check(isInstant(data.at), 'at', 'must be an ISO 8601 instant');
  issues.throwIfAny();
  if (state.status !== 'none') {
    throw new IllegalStateError('payment-order-exists', `payment order ${state.paymentOrderId} already exists (${state.status})`);
  }
  return [
    {
      type: 'PaymentOrderIssued',
      data: {
        paymentOrderId: data.paymentOrderId,
        assessmentId: data.assessmentId,
        transferId: data.transferId,
        caseId: data.caseId,
        amountFen: data.amountFen,
        issuedAt: data.at,
      },
    },
  ];
}

function confirm({ data }: ConfirmPayment, state: PaymentOrderState): PaymentOrderEvent[] {
  const issues = new Validation();
  issues.check(isNonBlank(data.paymentOrderId), 'paymentOrderId', 'is required');
  issues.check(isNonBlank(data.bankTransactionId), 'bankTransactionId', 'is required');
  issues.check(isPositiveFen(data.amountFen), 'amountFen', 'must be a positive integer amount in fen');
  issues.check(isInstant(data.at), 'at', 'must be an ISO 8601 instant');
  issues.throwIfAny();

  switch (state.status) {
    case 'none':
      throw new NotFoundError('payment order', data.paymentOrderId);
    case 'paid':
    case 'refunding':
    case 'refunded':
      if (state.bankTransactionId !== data.bankTransactionId) {
        throw new IllegalStateError('payment-order-already-paid', `payment order ${state.paymentOrderId} is already paid by another transaction`, {
          bankTransactionId: data.bankTransactionId,
        });
      }
      if (data.amountFen !== state.amountFen) {
        throw new IllegalStateError(
          'bank-transaction-conflict',
          `bank transaction ${data.bankTransactionId} was recorded for ${state.amountFen} fen, now reported as ${data.amountFen} fen`,
          { expectedFen: state.amountFen, receivedFen: data.amountFen },
        );
      }
      // The bank repeats its notification until acknowledged: harmless.
      return [];
    case 'issued':
    case 'cancelled': {
      if (data.amountFen !== state.amountFen) {
        throw new RuleViolation(
          'payment-amount-mismatch',
          `payment of ${data.amountFen} fen does not match the order amount of ${state.amountFen} fen`,
          { expectedFen: state.amountFen, receivedFen: data.amountFen },
        );
      }
      const confirmed: PaymentOrderEvent = {
        type: 'PaymentConfirmed',
        data: { ...orderRef(state), bankTransactionId: data.bankTransactionId, amountFen: data.amountFen, paidAt: data.at },
      };
      if (state.status === 'issued') return [confirmed];
      return [confirmed, refundStarted(state, data.bankTransactionId, `paid after cancellation: ${state.reason}`, data.at)];
    }
    default:
      return assertNever(state, 'payment order state');
  }
}

function cancel({ data }: CancelPaymentOrder, state: PaymentOrderState): PaymentOrderEvent[] {
  const issues = new Validation();
  issues.check(isNonBlank(data.paymentOrderId), 'paymentOrderId', 'is required');
  issues.check(isNonBlank(data.reason), 'reason', 'is required');
  issues.check(isInstant(data.at), 'at', 'must be an ISO 8601 instant');
  issues.throwIfAny();

  switch (state.status) {
    case 'none':
      throw new NotFoundError('payment order', data.paymentOrderId);
    case 'issued':
      return [{ type: 'PaymentOrderCancelled', data: { ...orderRef(state), reason: data.reason, cancelledAt: data.at } }];
    case 'paid':
      return [refundStarted(state, state.bankTransactionId, data.reason, data.at)];
    case 'cancelled':
    case 'refunding':
    case 'refunded':
      // Already cancelled or being refunded: a repeated compensation changes nothing.
      return [];
    default:
      return assertNever(state, 'payment order state');
  }
}

function completeRefund({ data }: CompleteRefund, state: PaymentOrderState): PaymentOrderEvent[] {
  const issues = new Validation();
  issues.check(isNonBlank(data.paymentOrderId), 'paymentOrderId', 'is required');
  issues.check(isNonBlank(data.bankRefundTransactionId), 'bankRefundTransactionId', 'is required');
  issues.check(isPositiveFen(data.amountFen), 'amountFen', 'must be a positive integer amount in fen');
  issues.check(isInstant(data.at), 'at', 'must be an ISO 8601 instant');
  issues.throwIfAny();

  switch (state.status) {
    case 'none':
      throw new NotFoundError('payment order', data.paymentOrderId);
    case 'issued':
    case 'paid':
    case 'cancelled':
      throw new IllegalStateError('no-refund-in-progress', `payment order ${state.paymentOrderId} has no refund in progress (${state.status})`);
    case 'refunded':
      if (state.bankRefundTransactionId === data.bankRefundTransactionId) return [];
      throw new IllegalStateError('refund-already-completed', `payment order ${state.paymentOrderId} was already refunded by another transaction`);
    case 'refunding':
      if (data.amountFen !== state.amountFen) {
        throw new RuleViolation(
          'refund-amount-mismatch',
          `refund of ${data.amountFen} fen does not match the paid ${state.amountFen} fen`,
          { expectedFen: state.amountFen, receivedFen: data.amountFen },
        );
      }
      return [
        {
          type: 'RefundCompleted',
          data: { ...orderRef(state), bankRefundTransactionId: data.bankRefundTransactionId, amountFen: data.amountFen, completedAt: data.at },
        },
      ];
    default:
      return assertNever(state, 'payment order state');
  }
}

function refundStarted(state: Existing, bankTransactionId: string, reason: string, at: string): PaymentOrderEvent {
  return {
    type: 'RefundStarted',
    data: { ...orderRef(state), bankTransactionId, amountFen: state.amountFen, reason, startedAt: at },
  };
}

function ref(state: Existing): OrderRef {
  return {
    paymentOrderId: state.paymentOrderId,
    assessmentId: state.assessmentId,
    transferId: state.transferId,
    caseId: state.caseId,
    amountFen: state.amountFen,
  };
}

function orderRef(state: Existing): { paymentOrderId: string; assessmentId: string; transferId: string; caseId: string | null } {
  return { paymentOrderId: state.paymentOrderId, assessmentId: state.assessmentId, transferId: state.transferId, caseId: state.caseId };
}
