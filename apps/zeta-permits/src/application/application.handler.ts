import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AggregateRepository, PostgresEventStore } from '@gov/event-sourcing';
import { recordLifecycle, type CommandContext } from '@gov/platform';
import { ApplicationAggregate } from './application.aggregate';
import type { ApplicationCommand } from './application.commands';
import { lifecycleOf } from './application-lifecycle.policy';
import { projectApplication } from './application.projection';

export interface ApplicationOutcome {
  readonly applicationId: string;
  readonly version: number;
  readonly duplicate: boolean;
}

/** One command to the application aggregate, from REST, gRPC or a consumer, with who sent it. */
export class ChangeApplication extends Command<ApplicationOutcome> {
  constructor(
    readonly command: ApplicationCommand,
    readonly context: CommandContext,
  ) {
    super();
  }
}

// A concurrent write to the same application is decided again on the new state.
const RETRIES = 3;

/**
 * Thin: load → decide → append with the expected version; the read model and
 * the case lifecycle (for supervision) are written in the same transaction, and
 * the outbox relay publishes them to `gov.zeta-permits.events.v1`.
 */
@CommandHandler(ChangeApplication)
export class ApplicationHandler implements ICommandHandler<ChangeApplication, ApplicationOutcome> {
  constructor(
    private readonly aggregates: AggregateRepository,
    private readonly store: PostgresEventStore,
  ) {}

  async execute({ command, context }: ChangeApplication): Promise<ApplicationOutcome> {
    const { applicationId } = command.data;
    const handled = await this.aggregates.handle(ApplicationAggregate, applicationId, command, {
      commandId: context.commandId,
      requestHash: context.requestHash,
      metadata: context.metadata,
      retries: RETRIES,
      project: async (tx, events, state) => {
        await projectApplication(tx, events);
        await recordLifecycle(this.store, tx, lifecycleOf(events, state, context.principal?.subject), context.metadata);
      },
      result: (_state, _events, version) => ({ applicationId, version }),
    });
    return { ...handled.result, duplicate: handled.duplicate };
  }
}
