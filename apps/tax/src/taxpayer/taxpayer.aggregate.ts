import type { AggregateType } from '@gov/event-sourcing';
import { TAX_STREAMS } from '@gov/contracts';
import type { TaxpayerCommand } from './taxpayer.commands';
import { taxpayerDecider, type TaxpayerState } from './taxpayer.decider';
import type { TaxpayerEvent } from './taxpayer.events';

export const TaxpayerAggregate: AggregateType<TaxpayerState, TaxpayerCommand, TaxpayerEvent> = {
  name: TAX_STREAMS.taxpayer,
  decider: taxpayerDecider,
};
