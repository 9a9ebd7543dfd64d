import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { eventMetadataOf, type CommandContext } from '@gov/platform';
import { ReferencePriceStore, type ReferencePriceImportReport } from './reference-price.store';

/** A reference-price file, line by line (REST upload or gRPC): all of its good lines or none. */
export class ImportReferencePricesCommand extends Command<ReferencePriceImportReport> {
  constructor(
    readonly lines: AsyncIterable<string>,
    readonly format: 'csv' | 'jsonl',
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The bulk path: batched upserts and one ReferencePricesImported event, in one transaction (ReferencePriceStore). */
@CommandHandler(ImportReferencePricesCommand)
export class ImportReferencePricesHandler implements ICommandHandler<ImportReferencePricesCommand, ReferencePriceImportReport> {
  constructor(private readonly prices: ReferencePriceStore) {}

  execute({ lines, format, context }: ImportReferencePricesCommand): Promise<ReferencePriceImportReport> {
    return this.prices.import(lines, format, eventMetadataOf(context));
  }
}
