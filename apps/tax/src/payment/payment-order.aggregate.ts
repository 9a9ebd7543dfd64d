import type { AggregateType } from '@gov/event-sourcing';
import { TAX_STREAMS } from '@gov/contracts';
import type { PaymentOrderCommand } from './payment-order.commands';
import { paymentOrderDecider, type PaymentOrderState } from './payment-order.decider';
import type { PaymentOrderEvent } from './payment-order.events';

export const PaymentOrderAggregate: AggregateType<PaymentOrderState, PaymentOrderCommand, PaymentOrderEvent> = {
  name: TAX_STREAMS.paymentOrder,
  decider: paymentOrderDecider,
};
