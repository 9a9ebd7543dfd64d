import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { eventMetadataOf, idempotentUpload, ServiceRuntime, type CommandContext } from '@gov/platform';
import { ReferencePriceStore, type ReferencePriceImportReport } from './reference-price.store';

/** A reference-price file, streamed (REST upload or gRPC): all of its good lines or none. */
export class ImportReferencePricesCommand extends Command<ReferencePriceImportReport> {
  constructor(
    readonly upload: AsyncIterable<Uint8Array | string>,
    readonly format: 'csv' | 'jsonl',
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * The bulk path: batched upserts and one ReferencePricesImported event in one
 * transaction (ReferencePriceStore); a replayed Idempotency-Key answers the first report.
 */
@CommandHandler(ImportReferencePricesCommand)
export class ImportReferencePricesHandler implements ICommandHandler<ImportReferencePricesCommand, ReferencePriceImportReport> {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly prices: ReferencePriceStore,
  ) {}

  execute({ upload, format, context }: ImportReferencePricesCommand): Promise<ReferencePriceImportReport> {
    return idempotentUpload(this.runtime.pool, context, upload, (read) => this.prices.import(read, format, eventMetadataOf(context)));
  }
}
