import { Command } from '@nestjs/cqrs';
import type { PoolClient } from 'pg';
import type { CommandContext } from './command-context';

/**
 * A command on the CommandBus as every edge sends it: what to do, who asks
 * (with the Idempotency-Key) and, from a Kafka consumer, the inbox transaction
 * it runs in. `class ChangeUnit extends ContextCommand<RegisterChange, UnitChangeOutcome> {}`.
 */
export abstract class ContextCommand<P, R = void> extends Command<R> {
  constructor(
    readonly payload: P,
    readonly context: CommandContext,
    /** The consumer's inbox transaction: the command takes effect with the message's acknowledgement. */
    readonly inbox?: PoolClient,
  ) {
    super();
  }
}

/** A command that only a Kafka consumer sends: it always runs in the message's inbox transaction. */
export abstract class InboxCommand<P, R = void> extends ContextCommand<P, R> {
  declare readonly inbox: PoolClient;

  constructor(payload: P, context: CommandContext, inbox: PoolClient) {
    super(payload, context, inbox);
  }
}
