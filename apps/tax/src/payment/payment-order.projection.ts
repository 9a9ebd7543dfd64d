import { assertNever } from '@gov/event-sourcing';
import { eventsOf, type Queryable, type RecordedEvent, type StreamOptions } from '@gov/event-sourcing/postgres';
import type { PaymentOrderState } from './payment-order.decider';
import type { PaymentOrderEvent } from './payment-order.events';

export const PAYMENT_ORDER_SCHEMA = `
CREATE TABLE IF NOT EXISTS tax_payment_orders (
  payment_order_id  text PRIMARY KEY,
  assessment_id     text NOT NULL UNIQUE,
  transfer_id       text NOT NULL,
  amount_fen        bigint NOT NULL,
  status            text NOT NULL CHECK (status IN ('issued', 'paid', 'cancelled', 'refunding', 'refunded')),
  party_ids         text[] NOT NULL,
  issued_at         timestamptz NOT NULL,
  bank_transaction_id text,
  paid_at           timestamptz,
  cancelled_at      timestamptz,
  reason            text,
  refund_started_at timestamptz,
  bank_refund_transaction_id text,
  refunded_at       timestamptz,
  version           integer NOT NULL
);
-- What each party still owes, for deregistration: sellers owe the seller side, buyers the buyer side.
CREATE TABLE IF NOT EXISTS tax_unpaid_items (
  party_id         text NOT NULL,
  payment_order_id text NOT NULL,
  payer            text NOT NULL CHECK (payer IN ('seller', 'buyer')),
  amount_fen       bigint NOT NULL CHECK (amount_fen > 0),
  PRIMARY KEY (party_id, payment_order_id)
);
`;

export interface PaymentOrderView {
  readonly paymentOrderId: string;
  readonly assessmentId: string;
  readonly transferId: string;
  readonly amountFen: number;
  readonly status: 'issued' | 'paid' | 'cancelled' | 'refunding' | 'refunded';
  readonly issuedAt: string;
  readonly bankTransactionId: string | null;
  readonly paidAt: string | null;
  readonly cancelledAt: string | null;
  readonly reason: string | null;
  readonly refundStartedAt: string | null;
  readonly bankRefundTransactionId: string | null;
  readonly refundedAt: string | null;
}

export interface FoundPaymentOrder {
  readonly view: PaymentOrderView;
  readonly partyIds: readonly string[];
}

interface PaymentOrderRow {
  payment_order_id: string;
  assessment_id: string;
  transfer_id: string;
  amount_fen: string;
  status: PaymentOrderView['status'];
  party_ids: string[];
  issued_at: Date;
  bank_transaction_id: string | null;
  paid_at: Date | null;
  cancelled_at: Date | null;
  reason: string | null;
  refund_started_at: Date | null;
  bank_refund_transaction_id: string | null;
  refunded_at: Date | null;
}

interface AssessedSides {
  sellers: { residentId: string }[];
  buyers: { residentId: string }[];
  totals: { sellerFen: number; buyerFen: number };
}

export async function projectPaymentOrder(tx: Queryable, events: readonly RecordedEvent<PaymentOrderEvent>[]): Promise<void> {
  for (const event of events) {
    const ref = [event.data.paymentOrderId, event.streamVersion] as const;
    switch (event.type) {
      case 'PaymentOrderIssued': {
        const d = event.data;
        // Written earlier in this transaction by the assessment that issues the order.
        const { rows } = await tx.query<{ assessment: AssessedSides }>('SELECT assessment FROM tax_assessments WHERE assessment_id = $1', [d.assessmentId]);
        const sides = rows[0]?.assessment ?? { sellers: [], buyers: [], totals: { sellerFen: 0, buyerFen: 0 } };
        const owed = [
          ...sides.sellers.map((p) => ({ party: p.residentId, payer: 'seller', fen: sides.totals.sellerFen })),
          ...sides.buyers.map((p) => ({ party: p.residentId, payer: 'buyer', fen: sides.totals.buyerFen })),
        ];
        await tx.query(
          `INSERT INTO tax_payment_orders (payment_order_id, assessment_id, transfer_id, amount_fen, status, party_ids, issued_at, version)
           VALUES ($1, $2, $3, $4, 'issued', $5, $6, $7)`,
          [d.paymentOrderId, d.assessmentId, d.transferId, d.amountFen, owed.map((o) => o.party), d.issuedAt, event.streamVersion],
        );
        const due = owed.filter((o) => o.fen > 0);
        if (due.length) {
          await tx.query(
            `INSERT INTO tax_unpaid_items (party_id, payment_order_id, payer, amount_fen)
             SELECT party, $1, payer, fen FROM unnest($2::text[], $3::text[], $4::bigint[]) AS u(party, payer, fen)`,
            [d.paymentOrderId, due.map((o) => o.party), due.map((o) => o.payer), due.map((o) => o.fen)],
          );
        }
        break;
      }
      case 'PaymentConfirmed':
        await tx.query(`UPDATE tax_payment_orders SET status = 'paid', bank_transaction_id = $3, paid_at = $4, version = $2 WHERE payment_order_id = $1`, [
          ...ref,
          event.data.bankTransactionId,
          event.data.paidAt,
        ]);
        await tx.query('DELETE FROM tax_unpaid_items WHERE payment_order_id = $1', [event.data.paymentOrderId]);
        break;
      case 'PaymentOrderCancelled':
        await tx.query(`UPDATE tax_payment_orders SET status = 'cancelled', cancelled_at = $3, reason = $4, version = $2 WHERE payment_order_id = $1`, [
          ...ref,
          event.data.cancelledAt,
          event.data.reason,
        ]);
        await tx.query('DELETE FROM tax_unpaid_items WHERE payment_order_id = $1', [event.data.paymentOrderId]);
        break;
      case 'RefundStarted':
        await tx.query(`UPDATE tax_payment_orders SET status = 'refunding', refund_started_at = $3, reason = $4, version = $2 WHERE payment_order_id = $1`, [
          ...ref,
          event.data.startedAt,
          event.data.reason,
        ]);
        break;
      case 'RefundCompleted':
        await tx.query(
          `UPDATE tax_payment_orders SET status = 'refunded', refunded_at = $3, bank_refund_transaction_id = $4, version = $2 WHERE payment_order_id = $1`,
          [...ref, event.data.completedAt, event.data.bankRefundTransactionId],
        );
        break;
      default:
        assertNever(event, 'payment order event');
    }
  }
}

export async function findPaymentOrder(db: Queryable, paymentOrderId: string): Promise<FoundPaymentOrder | null> {
  const { rows } = await db.query<PaymentOrderRow>('SELECT * FROM tax_payment_orders WHERE payment_order_id = $1', [paymentOrderId]);
  if (!rows.length) return null;
  const r = rows[0];
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    partyIds: r.party_ids,
    view: {
      paymentOrderId: r.payment_order_id,
      assessmentId: r.assessment_id,
      transferId: r.transfer_id,
      amountFen: Number(r.amount_fen),
      status: r.status,
      issuedAt: r.issued_at.toISOString(),
      bankTransactionId: r.bank_transaction_id,
      paidAt: iso(r.paid_at),
      cancelledAt: iso(r.cancelled_at),
      reason: r.reason,
      refundStartedAt: iso(r.refund_started_at),
      bankRefundTransactionId: r.bank_refund_transaction_id,
      refundedAt: iso(r.refunded_at),
    },
  };
}

/** What a party (identity number or credit code) still owes, for deregistration. */
export async function unpaidOf(db: Queryable, partyId: string): Promise<{ count: number; amountFen: number }> {
  const { rows } = await db.query<{ count: string; amount: string | null }>(
    'SELECT count(*) AS count, sum(amount_fen) AS amount FROM tax_unpaid_items WHERE party_id = $1',
    [partyId],
  );
  return { count: Number(rows[0].count), amountFen: Number(rows[0].amount ?? 0) };
}

/** How a unit of work loads a payment order's stream: with its inline read model. */
export const PAYMENT_ORDER_STREAM: StreamOptions<PaymentOrderState, PaymentOrderEvent> = { project: (tx, events) => projectPaymentOrder(tx, events) };
export const isPaymentOrderEvent = eventsOf<PaymentOrderEvent>({
  PaymentOrderIssued: true,
  PaymentConfirmed: true,
  PaymentOrderCancelled: true,
  RefundStarted: true,
  RefundCompleted: true,
});
