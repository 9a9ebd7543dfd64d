import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { PoolClient } from 'pg';
import type { IncomingMessage } from '@gov/messaging';
import { JsonLogger } from '../logging/json-logger';
import { ServiceRuntime, type ConsumerRegistration } from '../persistence/service-runtime';

/**
 * The Kafka edge of a service: messages read in the inbox transaction and put
 * on the CommandBus, like REST and gRPC. A subclass names what it reads and
 * how it handles one message; injection and registration are here.
 */
@Injectable()
abstract class BusConsumer<T> implements OnModuleInit {
  constructor(
    protected readonly runtime: ServiceRuntime,
    protected readonly commands: CommandBus,
    protected readonly logger: JsonLogger,
  ) {}

  abstract onModuleInit(): void;

  abstract handle(message: IncomingMessage<T>, tx: PoolClient): Promise<void>;
}

/**
 * This service's commands topic, read by its contract parser:
 * `class TaxCommandsConsumer extends CommandsConsumer<TaxCommandMessage> { protected readonly parse = parseTaxCommand; … }`.
 */
export abstract class CommandsConsumer<T> extends BusConsumer<T> {
  protected abstract readonly parse: (type: string, data: unknown) => T;

  onModuleInit(): void {
    this.runtime.consumeCommands(this.parse, (message, tx) => this.handle(message, tx));
  }
}

/** What an events consumer reads: name, topics, accepts, parse, lock key ...; its `handle` is the consumer's own. */
export type EventsSubscription<T> = Omit<ConsumerRegistration<T>, 'handle'>;

/** Other services' events: the subscription and the handler. */
export abstract class EventsConsumer<T> extends BusConsumer<T> {
  protected abstract subscription(): EventsSubscription<T>;

  onModuleInit(): void {
    this.runtime.consume<T>({ ...this.subscription(), handle: (message, tx) => this.handle(message, tx) });
  }
}
