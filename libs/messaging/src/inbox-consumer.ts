import type { Pool, PoolClient } from 'pg';
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { DomainError } from '@gov/event-sourcing';
import { MalformedMessageError, parseIncoming, type IncomingMessage } from './cloud-events';
import { dlqTopic } from './topics';
import { errorContext, silentLogger, type MessagingLogger } from './logger';

export interface InboxConsumerOptions {
  readonly kafka: Kafka;
  readonly pool: Pool;
  readonly groupId: string;
  /** Names, or patterns matched against the topics that exist when the consumer starts. */
  readonly topics: readonly (string | RegExp)[];
  /** The effect, inside the transaction that also records the message in the inbox. */
  readonly handle: (message: IncomingMessage, tx: PoolClient) => Promise<void>;
  /** Attempts before a message goes to `<topic>.dlq`. */
  readonly maxAttempts?: number;
  readonly retryBackoffMs?: number;
  /** Errors that retrying cannot fix go to the DLQ at once; default: malformed messages and validation errors. */
  readonly isPermanent?: (error: unknown) => boolean;
  readonly fromBeginning?: boolean;
  /**
   * Cheap test on the CloudEvents type (e.g. `gov.tax.TaxClearanceGranted.v1`) and
   * topic: messages it rejects are passed over without a transaction or an inbox row.
   */
  readonly accepts?: (type: string, topic: string) => boolean;
  /** Called after each committed effect; the service wakes its relay with it. */
  readonly onCommitted?: () => void;
  readonly logger?: MessagingLogger;
  readonly sessionTimeoutMs?: number;
}

export type Outcome = 'processed' | 'duplicate' | 'dead-lettered';

const defaultPermanent = (error: unknown): boolean =>
  error instanceof MalformedMessageError || (error instanceof DomainError && error.kind === 'validation');

/**
 * Consumes with an inbox: per message, one transaction records (group, message
 * id) and applies the effect, so a redelivered message changes state once.
 * Offsets are committed after the transaction. A message that keeps failing
 * goes to `<topic>.dlq` with the error in its headers and the partition moves on.
 */
export class InboxConsumer {
  private consumer?: Consumer;
  private producer?: Producer;
  private readonly log: MessagingLogger;
  readonly counts: Record<Outcome | 'skipped', number> = { processed: 0, duplicate: 0, 'dead-lettered': 0, skipped: 0 };

  constructor(private readonly options: InboxConsumerOptions) {
    this.log = options.logger ?? silentLogger;
  }

  async start(): Promise<void> {
    const { kafka, groupId, topics } = this.options;
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await this.producer.connect();
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: 1000,
      rebalanceTimeout: 20_000,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: this.options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        let pending: string | undefined;
        let sinceCommit = 0;
        for (const m of batch.messages) {
          if (!isRunning() || isStale()) break;
          await this.process(batch.topic, batch.partition, m);
          resolveOffset(m.offset);
          pending = m.offset;
          if (++sinceCommit >= 100) {
            await this.commit(batch.topic, batch.partition, pending);
            pending = undefined;
            sinceCommit = 0;
          }
          await heartbeat();
        }
        if (pending !== undefined) await this.commit(batch.topic, batch.partition, pending);
      },
    });
  }

  /** Stops fetching, lets the batch in flight finish, commits, leaves the group. */
  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
  }

  private async commit(topic: string, partition: number, offset: string): Promise<void> {
    await this.consumer!.commitOffsets([{ topic, partition, offset: (BigInt(offset) + 1n).toString() }]);
  }

  private async process(topic: string, partition: number, raw: KafkaMessage): Promise<Outcome | 'skipped'> {
    if (this.options.accepts) {
      const type = raw.headers?.ce_type;
      if (!this.options.accepts(type === undefined ? '' : String(Array.isArray(type) ? type[0] : type), topic)) {
        this.counts.skipped++;
        return 'skipped';
      }
    }
    const maxAttempts = this.options.maxAttempts ?? 5;
    const permanent = this.options.isPermanent ?? defaultPermanent;
    let lastError: unknown;
    let attempts = 0;
    let message: IncomingMessage | undefined;
    for (attempts = 1; attempts <= maxAttempts; attempts++) {
      try {
        message = parseIncoming(topic, partition, raw);
        const outcome = await this.applyOnce(message);
        this.counts[outcome]++;
        return outcome;
      } catch (error) {
        lastError = error;
        if (permanent(error)) break;
        this.log.warn('consumer: message failed, retrying', { groupId: this.options.groupId, topic, partition, offset: raw.offset, attempt: attempts, ...errorContext(error) });
        if (attempts < maxAttempts) await sleep((this.options.retryBackoffMs ?? 200) * 2 ** (attempts - 1));
      }
    }
    await this.deadLetter(topic, partition, raw, message, lastError, Math.min(attempts, maxAttempts));
    this.counts['dead-lettered']++;
    return 'dead-lettered';
  }

  private async applyOnce(message: IncomingMessage): Promise<Outcome> {
    const client = await this.options.pool.connect();
    try {
      await client.query('BEGIN');
      const { rowCount } = await client.query(
        `INSERT INTO msg_inbox (consumer_group, message_id, topic, kafka_partition, kafka_offset) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING`,
        [this.options.groupId, message.id, message.topic, message.partition, message.offset],
      );
      if (rowCount === 0) {
        await client.query('ROLLBACK');
        return 'duplicate';
      }
      await this.options.handle(message, client);
      await client.query('COMMIT');
      this.options.onCommitted?.();
      return 'processed';
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async deadLetter(topic: string, partition: number, raw: KafkaMessage, message: IncomingMessage | undefined, error: unknown, attempts: number): Promise<void> {
    const original: Record<string, string | Buffer> = {};
    for (const [k, v] of Object.entries(raw.headers ?? {})) if (v !== undefined) original[k] = Array.isArray(v) ? v[0] : v;
    await this.producer!.send({
      topic: dlqTopic(topic),
      acks: -1,
      messages: [
        {
          key: raw.key,
          value: raw.value,
          headers: {
            ...original,
            dlq_error: error instanceof Error ? error.message.slice(0, 2000) : String(error),
            dlq_error_type: error instanceof Error ? error.name : typeof error,
            dlq_original_topic: topic,
            dlq_original_partition: String(partition),
            dlq_original_offset: raw.offset,
            dlq_consumer_group: this.options.groupId,
            dlq_attempts: String(attempts),
            dlq_time: new Date().toISOString(),
          },
        },
      ],
    });
    if (message) {
      // Remember it, so a redelivery before the offset commit does not run it again.
      await this.options.pool.query(
        `INSERT INTO msg_inbox (consumer_group, message_id, topic, kafka_partition, kafka_offset, outcome) VALUES ($1, $2, $3, $4, $5, 'dead-lettered')
         ON CONFLICT DO NOTHING`,
        [this.options.groupId, message.id, topic, partition, raw.offset],
      );
    }
    this.log.error('consumer: message sent to the dead-letter topic', { groupId: this.options.groupId, topic, partition, offset: raw.offset, attempts, ...errorContext(error) });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
