import { Pool, type PoolClient } from 'pg';
import type { Kafka, Admin } from 'kafkajs';
import { EventSchemaRegistry } from '@gov/event-sourcing';
import { AggregateRepository, IN_PROCESS_WAKE_OPTIONS, autoPrepare, PostgresEventStore, migrate, migrateEventStore, type RecordedEvent } from '@gov/event-sourcing/postgres';
import {
  InboxConsumer,
  OutboxRelay,
  commandsTopic,
  createKafka,
  eventsTopic,
  migrateInbox,
  provisionTopics,
  type IncomingMessage,
  type OutgoingMessage,
  type TopicSpec,
} from '@gov/messaging';
import type { PlatformConfig } from '../config/config';
import type { JsonLogger } from '../logging/json-logger';
import type { ServiceMetrics } from '../metrics/metrics';

export interface ConsumerRegistration<T = unknown> {
  /** Suffix of the consumer group: `<service>.<name>`. */
  readonly name: string;
  /** Topic names, or patterns (e.g. every department's events topic) matched at start. */
  readonly topics: readonly (string | RegExp)[];
  /** Reads the data into its contract type at the edge, once (a contract parser of @gov/contracts); a throw dead-letters the message at once. */
  readonly parse?: (message: IncomingMessage) => T;
  readonly handle: (message: IncomingMessage<T>, tx: PoolClient) => Promise<void>;
  readonly maxAttempts?: number;
  /** Errors retrying cannot fix: straight to the DLQ. */
  readonly isPermanent?: (error: unknown) => boolean;
  /** Pre-filter on the CloudEvents type: what it rejects costs no transaction. */
  readonly accepts?: (type: string, topic: string) => boolean;
  /** After a transaction commits, with how many new messages it applied (not before: a chunk can be rolled back and redone). */
  readonly onCommitted?: (processed: number) => void;
  /** Most messages applied in one transaction (the consumer's default: 100). */
  readonly maxBatchMessages?: number;
  /** The one advisory lock key the handler takes for a message, so a chunk takes them in order (InboxConsumerOptions.lockKey). */
  readonly lockKey?: (message: IncomingMessage<T>) => string | undefined;
}

/** What the runtime keeps of a registration: its topics, and how to make its consumer. */
interface Registered {
  readonly name: string;
  readonly topics: readonly (string | RegExp)[];
  readonly create: (onCommitted: (processed: number) => void) => InboxConsumer<unknown>;
}

export interface ServiceRuntimeOptions {
  readonly service: string;
  /** The service's own tables (read models), applied after the event store's. */
  readonly schema?: string;
  readonly schemas?: EventSchemaRegistry;
  /** Extra topics this service needs besides its own events and commands topics. */
  readonly topics?: readonly TopicSpec[];
  readonly route?: (event: RecordedEvent, defaults: OutgoingMessage) => readonly OutgoingMessage[];
  readonly partitions?: number;
}

/**
 * What a service process owns: its PostgreSQL pool and event store, its Kafka
 * client, the relay and its consumers. Started after migrations; stopped in
 * reverse order on shutdown so nothing acknowledged is lost.
 */
export class ServiceRuntime {
  readonly pool: Pool;
  readonly store: PostgresEventStore;
  readonly aggregates: AggregateRepository;
  readonly kafka: Kafka;
  readonly relay: OutboxRelay;
  private readonly consumers: Pick<InboxConsumer<unknown>, 'counts' | 'start' | 'stop'>[] = [];
  private readonly consumerStarts: Promise<void>[] = [];
  private readonly registrations: Registered[] = [];
  private admin?: Admin;
  private started = false;
  draining = false;

  constructor(
    readonly options: ServiceRuntimeOptions,
    readonly config: PlatformConfig,
    private readonly logger: JsonLogger,
    metrics: ServiceMetrics,
  ) {
    // Commits in this process wake its relay directly (and forward to another leader): no NOTIFY.
    this.pool = new Pool({ connectionString: config.DATABASE_URL, max: config.DB_POOL_MAX, application_name: options.service, options: IN_PROCESS_WAKE_OPTIONS });
    this.pool.on('error', (e) => logger.warn({ msg: 'idle database connection failed', error: e.message }));
    autoPrepare(this.pool);
    this.store = new PostgresEventStore(this.pool, { schemas: options.schemas });
    this.aggregates = new AggregateRepository(this.store);
    this.kafka = createKafka({ clientId: options.service, brokers: config.KAFKA_BROKERS.split(','), log: logger });
    this.relay = new OutboxRelay({
      service: options.service,
      store: this.store,
      databaseUrl: config.DATABASE_URL,
      kafka: this.kafka,
      topicPrefix: config.TOPIC_PREFIX,
      route: options.route,
      logger,
    });
    metrics.gauge('relay_published_events', 'Events this process published to Kafka', () => this.relay.published);
    metrics.gauge('relay_active', '1 when this process holds the relay lock', () => (this.relay.currentRole === 'leader' ? 1 : 0));
    metrics.gauge('consumer_processed_messages', 'Messages consumed with effect', () => this.consumers.reduce((n, c) => n + c.counts.processed, 0));
    metrics.gauge('consumer_dead_lettered_messages', 'Messages sent to a DLQ', () => this.consumers.reduce((n, c) => n + c.counts['dead-lettered'], 0));
  }

  get eventsTopic(): string {
    return eventsTopic(this.options.service, this.config.TOPIC_PREFIX);
  }

  get commandsTopic(): string {
    return commandsTopic(this.options.service, this.config.TOPIC_PREFIX);
  }

  topicOf(service: string, kind: 'events' | 'commands'): string {
    return kind === 'events' ? eventsTopic(service, this.config.TOPIC_PREFIX) : commandsTopic(service, this.config.TOPIC_PREFIX);
  }

  /**
   * Consumes this service's commands topic: each message read by its contract
   * parser (`parseTaxCommand`: a violation is dead-lettered at once naming the field) and handled
   * in the inbox transaction. Registered once, though a hybrid (HTTP + gRPC) app
   * may run its init hooks twice.
   */
  consumeCommands<T>(parse: (type: string, data: unknown) => T, handle: (message: IncomingMessage<T>, tx: PoolClient) => Promise<void>): void {
    if (this.registrations.some((r) => r.name === 'commands')) return;
    this.consume({ name: 'commands', topics: [this.commandsTopic], parse: (message) => parse(message.type, message.data), handle });
  }

  /** Registers a Kafka consumer; it starts with the service. */
  consume<T>(r: ConsumerRegistration<T>): void {
    if (this.started) throw new Error('consumers must be registered before the service starts');
    const create = (onCommitted: (processed: number) => void): InboxConsumer<T> =>
      new InboxConsumer<T>({
        kafka: this.kafka,
        pool: this.pool,
        groupId: `${this.config.TOPIC_PREFIX}${this.options.service}.${r.name}`,
        topics: r.topics,
        parse: r.parse,
        handle: r.handle,
        maxAttempts: r.maxAttempts,
        isPermanent: r.isPermanent,
        accepts: r.accepts,
        maxBatchMessages: r.maxBatchMessages,
        lockKey: r.lockKey,
        onCommitted: (processed) => {
          onCommitted(processed);
          r.onCommitted?.(processed);
        },
        logger: this.logger,
      });
    // The runtime only starts, counts and stops consumers: their data type does not matter to it.
    this.registrations.push({ name: r.name, topics: r.topics, create: create as Registered['create'] });
  }

  async migrate(): Promise<void> {
    await migrateEventStore(this.pool);
    await migrateInbox(this.pool);
    if (this.options.schema) await migrate(this.pool, this.options.service, this.options.schema);
  }

  async start(): Promise<void> {
    const topics: TopicSpec[] = [
      { topic: this.eventsTopic, withDlq: true, partitions: this.options.partitions },
      { topic: this.commandsTopic, withDlq: true, partitions: this.options.partitions },
      ...(this.options.topics ?? []),
      ...this.registrations.flatMap((r) =>
        r.topics.filter((t): t is string => typeof t === 'string').map((topic) => ({ topic, withDlq: true, partitions: this.options.partitions })),
      ),
    ];
    try {
      await provisionTopics(this.kafka, topics, { partitions: this.config.KAFKA_TOPIC_PARTITIONS, replicationFactor: this.config.KAFKA_TOPIC_REPLICATION });
    } catch (error) {
      // Kafka down at start-up: commands still work, events wait in PostgreSQL.
      this.logger.warn({ msg: 'could not provision topics; Kafka unreachable, continuing', error: (error as Error).message });
    }
    this.relay.start();
    for (const r of this.registrations) {
      // A consumer's effect usually appends events: publish them without waiting for the poll.
      const consumer = r.create(() => this.relay.nudge());
      this.consumers.push(consumer);
      this.consumerStarts.push(
        consumer.start().catch((error) => this.logger.error({ msg: 'consumer failed to start', consumer: r.name, error: (error as Error).message })),
      );
    }
    this.started = true;
  }

  /** Stops consuming (committing what was processed), lets the relay finish its batch, closes the pool. */
  async stop(): Promise<void> {
    this.draining = true;
    await Promise.all(this.consumerStarts);
    await Promise.all(this.consumers.map((c) => c.stop()));
    await this.relay.stop();
    await this.admin?.disconnect().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }

  async checkPostgres(): Promise<boolean> {
    try {
      await withTimeout(this.pool.query('SELECT 1'), 2000);
      return true;
    } catch {
      return false;
    }
  }

  async checkKafka(): Promise<boolean> {
    try {
      if (!this.admin) {
        this.admin = this.kafka.admin();
        await withTimeout(this.admin.connect(), 2000);
      }
      await withTimeout(this.admin.describeCluster(), 2000);
      return true;
    } catch {
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = undefined;
      return false;
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
