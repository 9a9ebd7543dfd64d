import type { Kafka } from 'kafkajs';
import type { CaseLifecycleEvent } from '@gov/contracts';
import { PostgresEventStore, migrateEventStore } from '@gov/event-sourcing/postgres';
import { OutboxRelay, eventsTopic, provisionTopics } from '@gov/messaging';
import { recordLifecycle } from '@gov/platform';
import { createTestDatabase, type TestDatabase } from '@gov/testing';

/**
 * A department as the platform builds one, minus its domain: its own database
 * and event store, lifecycle events recorded with `recordLifecycle` in a
 * transaction, and the outbox relay publishing them as CloudEvents on
 * `<prefix>gov.<service>.events.v1`.
 */
export class DepartmentProducer {
  private constructor(
    readonly service: string,
    readonly topic: string,
    private readonly db: TestDatabase,
    private readonly store: PostgresEventStore,
    private readonly relay: OutboxRelay,
  ) {}

  static async start(service: string, prefix: string, kafka: Kafka): Promise<DepartmentProducer> {
    const db = await createTestDatabase(`dept_${service}`);
    await migrateEventStore(db.pool);
    const store = new PostgresEventStore(db.pool);
    const topic = eventsTopic(service, prefix);
    await provisionTopics(kafka, [{ topic }]);
    const relay = new OutboxRelay({ service, store, databaseUrl: db.url, kafka, topicPrefix: prefix, idleMs: 20, batchSize: 500 });
    relay.start();
    return new DepartmentProducer(service, topic, db, store, relay);
  }

  /** One transaction, as a department handler records lifecycle beside its own events. */
  async record(...events: readonly CaseLifecycleEvent[]): Promise<void> {
    await this.store.transaction((tx) => recordLifecycle(this.store, tx, events));
  }

  get published(): number {
    return this.relay.published;
  }

  async stop(): Promise<void> {
    await this.relay.stop();
    await this.db.drop();
  }
}
