import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { idempotentUpload, ServiceRuntime, type CommandContext } from '@gov/platform';
import type { RegisterImportFormat } from './register-import.parser';
import { RegisterImportService, type ImportReport } from './register-import.service';

/** A register file, streamed (REST upload or gRPC chunks): every good line registers a unit. */
export class ImportRegisterCommand extends Command<ImportReport> {
  constructor(
    readonly source: AsyncIterable<string | Uint8Array>,
    readonly format: RegisterImportFormat,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * The bulk path: batches of new unit streams started in one statement each
 * (RegisterImportService); a replayed Idempotency-Key answers the first report.
 */
@CommandHandler(ImportRegisterCommand)
export class ImportRegisterHandler implements ICommandHandler<ImportRegisterCommand, ImportReport> {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly imports: RegisterImportService,
  ) {}

  execute({ source, format, context }: ImportRegisterCommand): Promise<ImportReport> {
    return idempotentUpload(this.runtime.pool, context, source, (body) => this.imports.import(body, format, context));
  }
}
