import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PoolClient } from 'pg';
import { NotFoundError } from '@gov/event-sourcing';
import type { EventMetadata } from '@gov/event-sourcing/postgres';
import { parseJsonBody, requestContext, validateDto } from '@gov/platform';
import { TaxConfig } from '../tax.config';
import { TaxUnits } from '../shared/tax-units';
import { BankNonceReplayed, BankSignatureRejected } from './bank-channel.errors';
import { PaymentConfirmationDto, RefundConfirmationDto } from './bank-channel.dto';
import { verifyBankSignature, type BankSignedRequest } from './bank-signature';
import { PaymentOrderAggregate } from './payment-order.aggregate';
import type { PaymentOrderCommand } from './payment-order.commands';
import { findPaymentOrder, PAYMENT_ORDER_STREAM, type PaymentOrderView } from './payment-order.projection';

export const BANK_NONCE_SCHEMA = `
CREATE TABLE IF NOT EXISTS tax_bank_nonces (
  nonce        text PRIMARY KEY,
  received_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS tax_bank_nonces_received ON tax_bank_nonces (received_at);
`;

const BANK_ACTOR = { subject: 'bank-channel', role: 'service' };

/**
 * The bank channel's edge: a notification is checked in this order: signature and
 * timestamp (401), then body (400). The nonce, the effect and its reactions follow in
 * one unit of work (BankNotificationHandler).
 */
@Injectable()
export class BankChannel {
  constructor(private readonly config: TaxConfig) {}

  async payment(request: BankSignedRequest): Promise<{ payment: PaymentConfirmationDto }> {
    return { payment: await validateDto(PaymentConfirmationDto, this.verifiedBody(request)) };
  }

  async refund(request: BankSignedRequest): Promise<{ refund: RefundConfirmationDto }> {
    return { refund: await validateDto(RefundConfirmationDto, this.verifiedBody(request)) };
  }

  private verifiedBody(request: BankSignedRequest): unknown {
    const checked = verifyBankSignature(request, { secret: this.config.bankSecret, nowMs: Date.now(), maxSkewSeconds: this.config.PAYMENT_SKEW_SECONDS });
    if (!checked.ok) throw new BankSignatureRejected(checked.reason === 'replayed-nonce' ? 'bad-signature' : checked.reason);
    return parseJsonBody(Buffer.from(request.rawBody));
  }
}

/** A verified bank notification: the money for an order arrived, or its refund reached the payer. */
export class RecordBankNotificationCommand extends Command<PaymentOrderView> {
  constructor(
    readonly nonce: string,
    readonly notification: { readonly payment: PaymentConfirmationDto } | { readonly refund: RefundConfirmationDto },
  ) {
    super();
  }
}

// Payment and cancellation racing on one order: the unit runs again on the new state.
const RETRIES = 2;

/**
 * In one unit of work: the nonce (409 when used before), the effect on the order and
 * the reactions (clearance). A refusal (404, 422) rolls it all back, nonce included.
 */
@CommandHandler(RecordBankNotificationCommand)
export class RecordBankNotificationHandler implements ICommandHandler<RecordBankNotificationCommand, PaymentOrderView> {
  constructor(
    private readonly units: TaxUnits,
    private readonly config: TaxConfig,
  ) {}

  async execute({ nonce, notification }: RecordBankNotificationCommand): Promise<PaymentOrderView> {
    const command = commandOf(notification);
    const { paymentOrderId } = command.data;
    const { result } = await this.units.run(
      async (uow, settled) => {
        await this.useNonce(uow.tx, nonce);
        await uow.decide(PaymentOrderAggregate, paymentOrderId, command, { ...PAYMENT_ORDER_STREAM, metadata: await this.metadata(uow.tx, paymentOrderId) });
        await settled();
        const found = await findPaymentOrder(uow.tx, paymentOrderId);
        if (!found) throw new NotFoundError('payment order', paymentOrderId);
        return found.view;
      },
      { retries: RETRIES },
    );
    return result;
  }

  /** The unique key makes a concurrent replay wait for the first and then fail. */
  private async useNonce(tx: PoolClient, nonce: string): Promise<void> {
    // Nonces older than twice the skew can go: their timestamps no longer verify.
    await tx.query('DELETE FROM tax_bank_nonces WHERE received_at < now() - make_interval(secs => $1)', [2 * this.config.PAYMENT_SKEW_SECONDS]);
    const { rowCount } = await tx.query('INSERT INTO tax_bank_nonces (nonce) VALUES ($1) ON CONFLICT DO NOTHING', [nonce]);
    if (rowCount !== 1) throw new BankNonceReplayed();
  }

  /** The joint case's id correlates the bank's events with the rest of the case, when there is one. */
  private async metadata(tx: PoolClient, paymentOrderId: string): Promise<EventMetadata> {
    const { rows } = await tx.query<{ case_id: string | null }>(
      'SELECT a.case_id FROM tax_payment_orders p JOIN tax_assessments a USING (assessment_id) WHERE p.payment_order_id = $1',
      [paymentOrderId],
    );
    const current = requestContext.current();
    const correlationId = rows[0]?.case_id ?? current?.correlationId;
    return { actor: BANK_ACTOR, ...(correlationId ? { correlationId } : {}), ...(current?.traceparent ? { traceparent: current.traceparent } : {}) };
  }
}

function commandOf(notification: RecordBankNotificationCommand['notification']): PaymentOrderCommand {
  if ('payment' in notification) {
    const dto = notification.payment;
    return { type: 'ConfirmPayment', data: { paymentOrderId: dto.paymentOrderId, bankTransactionId: dto.bankTransactionId, amountFen: dto.amountFen, at: dto.paidAt } };
  }
  const dto = notification.refund;
  return { type: 'CompleteRefund', data: { paymentOrderId: dto.paymentOrderId, bankRefundTransactionId: dto.bankRefundTransactionId, amountFen: dto.amountFen, at: dto.refundedAt } };
}
