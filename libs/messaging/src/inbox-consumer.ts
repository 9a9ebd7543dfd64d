import type { Pool, PoolClient } from 'pg';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { DomainError } from '@gov/event-sourcing';
import { ContractViolation } from '@gov/contracts';
import { namedStatement } from '@gov/event-sourcing/postgres';
import { MalformedMessageError, parseIncoming, type IncomingMessage } from './cloud-events';
import { dlqTopic } from './topics';
import { errorContext, silentLogger, type MessagingLogger } from './logger';

export interface InboxConsumerOptions<T = unknown> {
  readonly kafka: Kafka;
  readonly pool: Pool;
  readonly groupId: string;
  /** Names, or patterns matched against the topics that exist when the consumer starts. */
  readonly topics: readonly (string | RegExp)[];
  /**
   * Reads the message's data into its contract type, once, before anything acts
   * on it; throwing (a ContractViolation) sends the message to the DLQ at once,
   * naming the fields. Without it, the data is the parsed JSON.
   */
  readonly parse?: (message: IncomingMessage) => T;
  /** The effect, inside the transaction that also records the message in the inbox. */
  readonly handle: (message: IncomingMessage<T>, tx: PoolClient) => Promise<void>;
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
  readonly onCommitted?: (processed: number) => void;
  readonly logger?: MessagingLogger;
  readonly sessionTimeoutMs?: number;
  /**
   * Most messages applied in one transaction (default 100). A fetched batch is
   * applied in chunks of this size; a chunk that fails is applied again one
   * message per transaction.
   */
  readonly maxBatchMessages?: number;
  /**
   * The advisory lock key the handler serialises on (e.g. the stream of the
   * case a message is about), if it takes exactly that one. A chunk then takes
   * all its keys at the start, in one order for every chunk, so chunks of
   * different partitions wait for each other instead of deadlocking.
   */
  readonly lockKey?: (message: IncomingMessage<T>) => string | undefined;
}

export type Outcome = 'processed' | 'duplicate' | 'dead-lettered';

const defaultPermanent = (error: unknown): boolean =>
  error instanceof MalformedMessageError || error instanceof ContractViolation || (error instanceof DomainError && error.kind === 'validation');

/** The fields an error names (a contract violation's or a validation error's issues), for the DLQ headers. */
function fieldsOf(error: unknown): string[] {
  const issues = (error as { issues?: unknown } | null)?.issues;
  if (!Array.isArray(issues)) return [];
  return [...new Set(issues.map((i: { field?: unknown }) => (typeof i?.field === 'string' ? i.field : '')).filter((f) => f !== ''))];
}

interface Parsed<T> {
  readonly raw: KafkaMessage;
  readonly message: IncomingMessage<T>;
}

/** Why a chunk's transaction failed; `at` is the message whose handler threw, if one did. */
class ChunkFailure extends Error {
  constructor(
    readonly error: unknown,
    readonly at?: number,
  ) {
    super(error instanceof Error ? error.message : String(error));
  }
}

/** A chunk whose locks are not taken in one order gives up on a wait this long: it may be a deadlock. */
const CHUNK_LOCK_TIMEOUT_MS = 100;
/**
 * A chunk that took its keys in order only waits behind other transactions; this bounds a
 * stuck one, well inside the session timeout (no heartbeat is sent while a chunk runs).
 */
const ORDERED_CHUNK_LOCK_TIMEOUT_MS = 3_000;

const RECORD_ONE = namedStatement(
  'inbox_record',
  `INSERT INTO msg_inbox (consumer_group, message_id, topic, kafka_partition, kafka_offset) VALUES ($1, $2, $3, $4, $5)
   ON CONFLICT DO NOTHING`,
);
// Sorted by lock id in a subquery, so the locks are taken in that order.
const LOCK_KEYS = namedStatement(
  'inbox_lock_keys',
  'SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT DISTINCT hashtext(x) AS k FROM unnest($1::text[]) AS x ORDER BY 1) AS sorted',
);
const RECORD_CHUNK = namedStatement(
  'inbox_record_chunk',
  `INSERT INTO msg_inbox (consumer_group, message_id, topic, kafka_partition, kafka_offset)
   SELECT $1, m.message_id, $2, $3, m.kafka_offset
   FROM unnest($4::text[], $5::bigint[]) WITH ORDINALITY AS m(message_id, kafka_offset, n)
   ORDER BY m.n
   ON CONFLICT DO NOTHING
   RETURNING kafka_offset::text`,
);

// Not the message's fault: an earlier handler's swallowed error (25P02), the chunk's lock wait (55P03), a deadlock (40P01).
const isNotTheHandlers = (error: unknown): boolean => ['25P02', '55P03', '40P01'].includes(String((error as { code?: unknown } | null)?.code));

/**
 * Consumes with an inbox: one transaction records (group, message id) and
 * applies the effect, so a redelivered message changes state once. A fetched
 * batch is applied in chunks, one transaction per chunk; if a chunk fails, its
 * messages are applied one transaction each, with retries. Offsets are
 * committed after the transaction. A message that keeps failing goes to
 * `<topic>.dlq` with the error in its headers and the partition moves on.
 */
export class InboxConsumer<T = unknown> {
  private consumer?: Consumer;
  private producer?: Producer;
  private readonly log: MessagingLogger;
  readonly counts: Record<Outcome | 'skipped', number> = { processed: 0, duplicate: 0, 'dead-lettered': 0, skipped: 0 };

  constructor(private readonly options: InboxConsumerOptions<T>) {
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
      eachBatch: async (payload) => {
        try {
          await this.eachBatch(payload);
        } catch (error) {
          // kafkajs restarts the consumer from the committed offsets; the inbox absorbs the redelivery.
          this.log.warn('consumer: batch interrupted, resuming from the committed offset', {
            groupId,
            topic: payload.batch.topic,
            partition: payload.batch.partition,
            ...errorContext(error),
          });
          throw error;
        }
      },
    });
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition, messages } = batch;
    const max = Math.max(1, Math.floor(this.options.maxBatchMessages ?? 100));
    const go = () => isRunning() && !isStale();
    let next = 0;
    while (next < messages.length && go()) {
      // Filtered-out messages ride along without counting towards the chunk: they cost nothing.
      const chunk: KafkaMessage[] = [];
      let last: string | undefined;
      while (next < messages.length && chunk.length < max && go()) {
        const raw = messages[next++];
        last = raw.offset;
        if (this.accepted(topic, raw)) chunk.push(raw);
        else this.counts.skipped++;
      }
      const done = await this.applyChunk(topic, partition, chunk, heartbeat, go);
      // The fallback may stop early on shutdown or rebalance: commit only what was applied.
      const upTo = done === chunk.length ? last : chunk[done - 1]?.offset;
      if (upTo === undefined) break;
      resolveOffset(upTo);
      await this.commit(topic, partition, upTo);
      if (done < chunk.length) break;
      await heartbeat();
    }
  }

  /** Stops fetching, lets the batch in flight finish, commits, leaves the group. */
  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
  }

  private async commit(topic: string, partition: number, offset: string): Promise<void> {
    await this.consumer!.commitOffsets([{ topic, partition, offset: (BigInt(offset) + 1n).toString() }]);
  }

  private accepted(topic: string, raw: KafkaMessage): boolean {
    if (!this.options.accepts) return true;
    const type = raw.headers?.ce_type;
    return this.options.accepts(type === undefined ? '' : String(Array.isArray(type) ? type[0] : type), topic);
  }

  /**
   * Applies a chunk of accepted messages of one partition, in one transaction
   * if it can, else one by one. Returns how many of them were dealt with (all,
   * unless the one-by-one way stopped because the consumer is stopping).
   */
  private async applyChunk(topic: string, partition: number, chunk: readonly KafkaMessage[], heartbeat: () => Promise<void>, go: () => boolean): Promise<number> {
    const parsed: Parsed<T>[] = [];
    for (const raw of chunk) {
      try {
        parsed.push({ raw, message: this.read(topic, partition, raw) });
      } catch {
        // Malformed: the one-by-one way sends it to the DLQ; the rest of the chunk is unaffected.
        await this.processOne(topic, partition, raw);
      }
    }
    if (parsed.length === 0) return chunk.length;
    let failure: ChunkFailure;
    try {
      const outcomes = await this.applyTogether(parsed.map((p) => p.message));
      for (const outcome of outcomes) this.counts[outcome]++;
      return chunk.length;
    } catch (error) {
      failure = error instanceof ChunkFailure ? error : new ChunkFailure(error);
    }
    this.log.warn('consumer: batch transaction failed, applying its messages one by one', {
      groupId: this.options.groupId,
      topic,
      partition,
      messages: parsed.length,
      offset: failure.at === undefined ? undefined : parsed[failure.at].raw.offset,
      ...errorContext(failure.error),
    });
    // The handler that threw has had its first attempt, unless the failure was not its own.
    const blamed = failure.at !== undefined && !isNotTheHandlers(failure.error) ? failure.at : undefined;
    for (let i = 0; i < parsed.length; i++) {
      if (!go()) return chunk.findIndex((raw) => raw === parsed[i].raw);
      await this.processOne(topic, partition, parsed[i].raw, i === blamed ? { message: parsed[i].message, error: failure.error } : undefined);
      await heartbeat();
    }
    return chunk.length;
  }

  /**
   * One transaction for the chunk: one statement records every message in the
   * inbox and tells which are new (not in the inbox, not earlier in the chunk),
   * then their handlers run in offset order. Throws a ChunkFailure, rolled back.
   */
  private async applyTogether(messages: readonly IncomingMessage<T>[]): Promise<Outcome[]> {
    const { topic, partition } = messages[0];
    const client = await this.options.pool.connect();
    let broken: Error | undefined;
    let at: number | undefined;
    try {
      // Chunks of different partitions may take the same locks in different orders; rather
      // than deadlock (a second lost), a chunk that waits gives up and is redone one by one,
      // unless it took its keys in order first (lockKey).
      const { lockKey } = this.options;
      const timeout = lockKey ? ORDERED_CHUNK_LOCK_TIMEOUT_MS : CHUNK_LOCK_TIMEOUT_MS;
      await client.query(messages.length > 1 ? `BEGIN; SET LOCAL lock_timeout = '${timeout}ms'` : 'BEGIN');
      const { rows } = await client.query<{ kafka_offset: string }>(
        RECORD_CHUNK([this.options.groupId, topic, partition, messages.map((m) => m.id), messages.map((m) => m.offset)]),
      );
      // Offsets, not ids: of the same id twice in the chunk, the row tells which one was recorded.
      const recorded = new Set(rows.map((r) => r.kafka_offset));
      const outcomes = messages.map((m): Outcome => (recorded.has(m.offset) ? 'processed' : 'duplicate'));
      if (recorded.size === 0) {
        await client.query('ROLLBACK');
        return outcomes;
      }
      if (lockKey && messages.length > 1) {
        const keys = messages.flatMap((m, i) => (outcomes[i] === 'processed' ? (lockKey(m) ?? []) : []));
        if (keys.length) await client.query(LOCK_KEYS([keys]));
      }
      for (at = 0; at < messages.length; at++) if (outcomes[at] === 'processed') await this.options.handle(messages[at], client);
      at = undefined;
      await commitOrThrow(client);
      this.options.onCommitted?.(recorded.size);
      return outcomes;
    } catch (error) {
      await client.query('ROLLBACK').catch((e: Error) => void (broken = e));
      throw new ChunkFailure(error, at);
    } finally {
      // A connection that cannot even roll back is not given to the next user.
      client.release(broken);
    }
  }

  /** One message, one transaction per attempt; `failed` is a first attempt already made in a chunk. */
  private async processOne(topic: string, partition: number, raw: KafkaMessage, failed?: { message: IncomingMessage<T>; error: unknown }): Promise<Outcome> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    const permanent = this.options.isPermanent ?? defaultPermanent;
    let lastError: unknown = failed?.error;
    let message: IncomingMessage<T> | undefined = failed?.message;
    let attempts = failed ? 1 : 0;
    if (failed && !permanent(failed.error)) this.retrying(topic, partition, raw, attempts, failed.error);
    while (attempts < maxAttempts && !(attempts > 0 && permanent(lastError))) {
      if (attempts > 0) await sleep((this.options.retryBackoffMs ?? 200) * 2 ** (attempts - 1));
      attempts++;
      try {
        message = this.read(topic, partition, raw);
        const outcome = await this.applyOnce(message);
        this.counts[outcome]++;
        return outcome;
      } catch (error) {
        lastError = error;
        if (!permanent(error)) this.retrying(topic, partition, raw, attempts, error);
      }
    }
    await this.deadLetter(topic, partition, raw, message, lastError, attempts);
    this.counts['dead-lettered']++;
    return 'dead-lettered';
  }

  private retrying(topic: string, partition: number, raw: KafkaMessage, attempt: number, error: unknown): void {
    this.log.warn('consumer: message failed, retrying', { groupId: this.options.groupId, topic, partition, offset: raw.offset, attempt, ...errorContext(error) });
  }

  /** The CloudEvent, its data read into the contract type (throws for a malformed one). */
  private read(topic: string, partition: number, raw: KafkaMessage): IncomingMessage<T> {
    const message = parseIncoming(topic, partition, raw);
    const { parse } = this.options;
    return parse ? { ...message, data: parse(message) } : (message as IncomingMessage<T>);
  }

  private async applyOnce(message: IncomingMessage<T>): Promise<Outcome> {
    const client = await this.options.pool.connect();
    try {
      await client.query('BEGIN');
      const { rowCount } = await client.query(RECORD_ONE([this.options.groupId, message.id, message.topic, message.partition, message.offset]));
      if (rowCount === 0) {
        await client.query('ROLLBACK');
        return 'duplicate';
      }
      await this.options.handle(message, client);
      await commitOrThrow(client);
      this.options.onCommitted?.(1);
      return 'processed';
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async deadLetter(topic: string, partition: number, raw: KafkaMessage, message: IncomingMessage<T> | undefined, error: unknown, attempts: number): Promise<void> {
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
            // The fields a contract violation or validation error names, comma-separated.
            ...(fieldsOf(error).length ? { dlq_field: fieldsOf(error).join(',').slice(0, 1000) } : {}),
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

/**
 * PostgreSQL answers COMMIT of a failed transaction with ROLLBACK, not an
 * error: a handler that caught an SQL error and went on would otherwise pass
 * for applied, inbox row and effect both lost.
 */
async function commitOrThrow(client: PoolClient): Promise<void> {
  const { command } = await client.query('COMMIT');
  if (command !== 'COMMIT') throw new Error(`transaction rolled back at COMMIT (${command}): a statement in the handler failed and the error was caught`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
