import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PoolClient } from 'pg';
import { PostgresEventStore } from '@gov/event-sourcing/postgres';
import { TAX_EVENTS, TAX_STREAMS, type HouseTransferTaxAssessmentRefusedV1, type TaxAssessmentCancellationRefusedV1 } from '@gov/contracts';
import { eventMetadataOf, type CommandContext } from '@gov/platform';

export type TaxCommandRefusal =
  | { readonly type: typeof TAX_EVENTS.houseTransferTaxAssessmentRefused; readonly data: HouseTransferTaxAssessmentRefusedV1 }
  | { readonly type: typeof TAX_EVENTS.taxAssessmentCancellationRefused; readonly data: TaxAssessmentCancellationRefusedV1 };

/** Another service's command was refused: the answer it reads, in the inbox transaction of the command. */
export class RecordTaxCommandRefusal extends Command<void> {
  constructor(
    readonly refusal: TaxCommandRefusal,
    readonly context: CommandContext,
    readonly inbox: PoolClient,
  ) {
    super();
  }
}

/** One stream per refused command (named by its id), so an answer is recorded once. */
@CommandHandler(RecordTaxCommandRefusal)
export class RecordTaxCommandRefusalHandler implements ICommandHandler<RecordTaxCommandRefusal, void> {
  constructor(private readonly store: PostgresEventStore) {}

  async execute({ refusal, context, inbox }: RecordTaxCommandRefusal): Promise<void> {
    const metadata = { ...eventMetadataOf(context), commandId: context.commandId };
    await this.store.append(`${TAX_STREAMS.refusal}-${context.commandId}`, TAX_STREAMS.refusal, [{ type: refusal.type, data: refusal.data, metadata }], { expectedVersion: 0 }, inbox);
  }
}
