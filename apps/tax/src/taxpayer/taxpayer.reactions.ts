import { Injectable } from '@nestjs/common';
import { causedBy, PostgresEventStore, type RecordedEvent, type UnitOfWork, type UnitReaction } from '@gov/event-sourcing/postgres';
import { recordLifecycle } from '@gov/platform';
import { TaxpayerAggregate } from './taxpayer.aggregate';
import { taxpayerLifecycleFor } from './taxpayer-lifecycle.policy';
import { isTaxpayerEvent, TAXPAYER_STREAM } from './taxpayer.projection';

/** A taxpayer's registration and deregistration reported to supervision, in the unit that recorded them. */
@Injectable()
export class TaxpayerReactions implements UnitReaction {
  constructor(private readonly store: PostgresEventStore) {}

  async react(uow: UnitOfWork, events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) {
      if (!isTaxpayerEvent(event)) continue;
      // Loaded already by the command that recorded the event: its state, no query.
      const { state } = await uow.load(TaxpayerAggregate, event.data.taxpayerId, TAXPAYER_STREAM);
      await recordLifecycle(this.store, uow.tx, taxpayerLifecycleFor(event, state, event.metadata.actor?.subject), causedBy(event));
    }
  }
}
