import { Injectable } from '@nestjs/common';
import { causedBy, PostgresEventStore, type RecordedEvent, type UnitOfWork, type UnitReaction } from '@gov/event-sourcing/postgres';
import { recordLifecycle } from '@gov/platform';
import { PaymentOrderAggregate } from '../payment/payment-order.aggregate';
import { isPaymentOrderEvent, PAYMENT_ORDER_STREAM } from '../payment/payment-order.projection';
import { assessmentLifecycleFor } from './assessment-lifecycle.policy';
import { assessmentReactionTo, paymentOrderReactionTo } from './assessment-payment.policy';
import { TaxAssessmentAggregate } from './tax-assessment.aggregate';
import { isTaxAssessmentEvent, TAX_ASSESSMENT_STREAM } from './tax-assessment.projection';

/**
 * The house transfer tax capability's reactions, in the unit of work of their cause:
 * its payment order follows the assessment, clearance follows the payment, and the
 * case is reported to supervision.
 */
@Injectable()
export class HouseTransferTaxReactions implements UnitReaction {
  constructor(private readonly store: PostgresEventStore) {}

  async react(uow: UnitOfWork, events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) {
      if (isTaxAssessmentEvent(event)) {
        const caused = causedBy(event);
        // Loaded already by the command or reaction that recorded the event.
        const { state } = await uow.load(TaxAssessmentAggregate, event.data.assessmentId, TAX_ASSESSMENT_STREAM);
        const order = paymentOrderReactionTo(event, state);
        if (order) await uow.decide(PaymentOrderAggregate, order.paymentOrderId, order.command, { ...PAYMENT_ORDER_STREAM, metadata: caused });
        const revoked = events.some((e) => e.type === 'TaxClearanceRevoked' && e.streamId === event.streamId);
        await recordLifecycle(this.store, uow.tx, assessmentLifecycleFor(event, state, revoked, event.metadata.actor?.subject), caused);
      } else if (isPaymentOrderEvent(event)) {
        const command = assessmentReactionTo(event);
        if (command) await uow.decide(TaxAssessmentAggregate, command.data.assessmentId, command, { ...TAX_ASSESSMENT_STREAM, metadata: causedBy(event) });
      }
    }
  }
}
