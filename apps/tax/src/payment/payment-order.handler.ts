import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { ForbiddenError, NotFoundError } from '@gov/event-sourcing';
import type { EventMetadata } from '@gov/event-sourcing/postgres';
import { requestContext, type Principal, parseJsonBody, validateDto, seesPersonalData } from '@gov/platform';
import { TaxConfig } from '../tax.config';
import { TAX_DEPARTMENT } from '../shared/access';
import { TaxWorkflow } from '../workflow/tax-workflow';
import { BankNonceReplayed, BankSignatureRejected } from './bank-channel.errors';
import { PaymentConfirmationDto, RefundConfirmationDto } from './bank-channel.dto';
import { verifyBankSignature, type BankSignedRequest } from './bank-signature';
import { findPaymentOrder, type PaymentOrderView } from './payment-order.projection';

export const BANK_NONCE_SCHEMA = `
CREATE TABLE IF NOT EXISTS tax_bank_nonces (
  nonce        text PRIMARY KEY,
  received_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS tax_bank_nonces_received ON tax_bank_nonces (received_at);
`;

const BANK_ACTOR = { subject: 'bank-channel', role: 'service' };

/**
 * Payment orders and the bank channel. A notification is checked in this
 * order: signature and timestamp (401), body (400), then in one transaction
 * the nonce (409 when used before), the effect and its reactions (404, 422).
 * A refusal rolls the transaction back, nonce included: nothing changes.
 */
@Injectable()
export class PaymentOrderHandler {
  constructor(
    private readonly workflow: TaxWorkflow,
    private readonly config: TaxConfig,
  ) {}

  /** No personal data on an order, so nothing to mask: only its parties and the staff may see it. */
  async get(paymentOrderId: string, principal: Principal | undefined): Promise<PaymentOrderView> {
    const found = await findPaymentOrder(this.workflow.store.pool, paymentOrderId);
    if (!found) throw new NotFoundError('payment order', paymentOrderId);
    if (!seesPersonalData(principal, { department: TAX_DEPARTMENT, partyIds: found.partyIds })) throw new ForbiddenError('only the parties to this payment order or the tax staff may see it', 'not-a-party');
    return found.view;
  }

  async confirmPayment(request: BankSignedRequest): Promise<PaymentOrderView> {
    this.authenticate(request);
    const dto = await validateDto(PaymentConfirmationDto, parseJsonBody(Buffer.from(request.rawBody)));
    return this.workflow.run(async (tx) => {
      await this.useNonce(tx, request.nonce);
      await this.workflow.paymentOrder(
        tx,
        dto.paymentOrderId,
        { type: 'ConfirmPayment', data: { paymentOrderId: dto.paymentOrderId, bankTransactionId: dto.bankTransactionId, amountFen: dto.amountFen, at: dto.paidAt } },
        { metadata: await this.metadata(tx, dto.paymentOrderId) },
      );
      return this.view(tx, dto.paymentOrderId);
    });
  }

  async completeRefund(request: BankSignedRequest): Promise<PaymentOrderView> {
    this.authenticate(request);
    const dto = await validateDto(RefundConfirmationDto, parseJsonBody(Buffer.from(request.rawBody)));
    return this.workflow.run(async (tx) => {
      await this.useNonce(tx, request.nonce);
      await this.workflow.paymentOrder(
        tx,
        dto.paymentOrderId,
        {
          type: 'CompleteRefund',
          data: { paymentOrderId: dto.paymentOrderId, bankRefundTransactionId: dto.bankRefundTransactionId, amountFen: dto.amountFen, at: dto.refundedAt },
        },
        { metadata: await this.metadata(tx, dto.paymentOrderId) },
      );
      return this.view(tx, dto.paymentOrderId);
    });
  }

  private authenticate(request: BankSignedRequest): void {
    const checked = verifyBankSignature(request, { secret: this.config.bankSecret, nowMs: Date.now(), maxSkewSeconds: this.config.PAYMENT_SKEW_SECONDS });
    if (!checked.ok) throw new BankSignatureRejected(checked.reason === 'replayed-nonce' ? 'bad-signature' : checked.reason);
  }

  /** The unique key makes a concurrent replay wait for the first and then fail. */
  private async useNonce(tx: PoolClient, nonce: string): Promise<void> {
    // Nonces older than twice the skew can go: their timestamps no longer verify.
    await tx.query('DELETE FROM tax_bank_nonces WHERE received_at < now() - make_interval(secs => $1)', [2 * this.config.PAYMENT_SKEW_SECONDS]);
    const { rowCount } = await tx.query('INSERT INTO tax_bank_nonces (nonce) VALUES ($1) ON CONFLICT DO NOTHING', [nonce]);
    if (rowCount !== 1) throw new BankNonceReplayed();
  }

  private async view(tx: PoolClient, paymentOrderId: string): Promise<PaymentOrderView> {
    const found = await findPaymentOrder(tx, paymentOrderId);
    if (!found) throw new NotFoundError('payment order', paymentOrderId);
    return found.view;
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
