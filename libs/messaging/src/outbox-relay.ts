import { Client } from 'pg';
import { CompressionTypes, type Kafka, type Message, type Producer } from 'kafkajs';
import {
  EVENTS_CHANNEL,
  checkpointOf,
  loadCheckpoint,
  readLogBatch,
  type LogBatch,
  saveCheckpoint,
  type Checkpoint,
  type PostgresEventStore,
  type RecordedEvent,
} from '@gov/event-sourcing/postgres';
import { cloudEventHeaders, eventAttributes, type CloudEventAttributes } from './cloud-events';
import { eventsTopic } from './topics';
import { errorContext, silentLogger, type MessagingLogger } from './logger';

export interface OutgoingMessage {
  readonly topic: string;
  readonly key: string;
  readonly attributes: CloudEventAttributes;
  readonly data: unknown;
}

export interface OutboxRelayOptions {
  /** e.g. `tax`: CloudEvents source `/gov/tax`, default topic `gov.tax.events.v1`. */
  readonly service: string;
  readonly store: PostgresEventStore;
  /** Connection string of the service database: the relay holds its lock on a connection of its own. */
  readonly databaseUrl: string;
  readonly kafka: Kafka;
  /** What each event becomes on Kafka; default: the event itself on the service's events topic. [] publishes nothing. */
  readonly route?: (event: RecordedEvent, defaults: OutgoingMessage) => readonly OutgoingMessage[];
  readonly topicPrefix?: string;
  readonly batchSize?: number;
  /**
   * Longest wait between reads when nothing is known to be pending. Commits
   * anywhere on the database wake the relay at once (LISTEN/NOTIFY), so this
   * is only the safety net for a lost notification.
   */
  readonly idleMs?: number;
  readonly lockRetryMs?: number;
  readonly logger?: MessagingLogger;
  /** Called after each batch the broker acknowledged. */
  readonly onPublished?: (events: readonly RecordedEvent[]) => void;
}

const HELD_BACK_FIRST_RETRY_MS = 2;

export type RelayRole = 'starting' | 'leader' | 'standby' | 'stopped';

/**
 * The only publisher: follows the service's event log (gap-safe order) and
 * publishes to Kafka with acks=all, storing the checkpoint only after the
 * broker acknowledged. One active relay per service, by a session advisory
 * lock on its own connection; when that process dies its lock goes with the
 * connection and a standby takes over.
 */
export class OutboxRelay {
  private role: RelayRole = 'starting';
  private stopping = false;
  private loop?: Promise<void>;
  private lockClient?: Client;
  private producer?: Producer;
  private wake?: () => void;
  private woken = false;
  private readonly log: MessagingLogger;
  private readonly checkpointName: string;
  private readonly lockKey: string;
  lastError?: string;
  published = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.log = options.logger ?? silentLogger;
    this.checkpointName = `relay:${options.topicPrefix ?? ''}${options.service}`;
    this.lockKey = this.checkpointName;
    options.store.onCommitted(() => this.nudge());
  }

  get currentRole(): RelayRole {
    return this.role;
  }

  start(): void {
    this.loop = this.run();
  }

  /**
   * A local commit appended events: wakes an idle relay (a nudge while busy
   * skips the next idle wait). The commit's session may have skipped the NOTIFY
   * (IN_PROCESS_WAKE_OPTIONS), so when another process's relay leads, that one
   * is woken by a NOTIFY of our own (one at a time, coalesced).
   */
  nudge(): void {
    this.wakeUp();
    if (this.role !== 'leader' && !this.stopping) this.forwardWake();
  }

  private wakeUp(): void {
    if (this.wake) this.wake();
    else this.woken = true;
  }

  private forwarding = false;
  private forwardAgain = false;

  private forwardWake(): void {
    if (this.forwarding) {
      this.forwardAgain = true;
      return;
    }
    this.forwarding = true;
    void this.options.store.pool
      .query(`SELECT pg_notify('${EVENTS_CHANNEL}', '')`)
      .catch(() => undefined) // the leader's safety poll still finds the events
      .finally(() => {
        this.forwarding = false;
        if (this.forwardAgain) {
          this.forwardAgain = false;
          this.forwardWake();
        }
      });
  }

  /** Finishes the batch in flight, then releases the lock. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    await this.producer?.disconnect().catch(() => undefined);
    await this.lockClient?.end().catch(() => undefined);
    this.role = 'stopped';
  }

  private async run(): Promise<void> {
    let backoff = 100;
    while (!this.stopping) {
      try {
        if (!(await this.acquire())) {
          await this.sleep(this.options.lockRetryMs ?? 1000);
          continue;
        }
        await this.publishWhileLeader();
      } catch (error) {
        this.lastError = error instanceof Error ? error.message : String(error);
        this.log.warn('relay: publishing failed, will retry', { service: this.options.service, backoffMs: backoff, ...errorContext(error) });
        await this.resetProducer();
        if (this.lockClient && !(await this.lockAlive())) await this.dropLock();
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, 5000);
        continue;
      }
      backoff = 100;
    }
  }

  /**
   * Reads the next batch from PostgreSQL while the current one is on its way to
   * Kafka; the checkpoint is saved only after the broker acknowledged. Returns
   * on stop; throws on any failure, after which the saved checkpoint is the truth.
   */
  private async publishWhileLeader(): Promise<void> {
    const db = this.lockClient!;
    const batchSize = this.options.batchSize ?? 500;
    let readUpTo: Checkpoint = await loadCheckpoint(db, this.checkpointName);
    let next: Promise<LogBatch> | undefined;
    let retryMs = HELD_BACK_FIRST_RETRY_MS;
    try {
      while (!this.stopping) {
        const { events, heldBack } = await (next ?? readLogBatch(this.options.store, readUpTo, batchSize, db));
        next = undefined;
        if (events.length === 0) {
          this.lastError = undefined;
          // Committed events an older running transaction still holds back: look again
          // soon, backing off, since no further notification may come for them.
          if (heldBack) {
            await this.sleep(retryMs);
            retryMs = Math.min(retryMs * 2, this.idleMs);
          } else {
            await this.sleep(this.idleMs);
          }
          continue;
        }
        retryMs = HELD_BACK_FIRST_RETRY_MS;
        readUpTo = checkpointOf(events[events.length - 1]);
        if (events.length === batchSize) next = readLogBatch(this.options.store, readUpTo, batchSize, db);
        await this.send(events);
        await saveCheckpoint(db, this.checkpointName, readUpTo);
        this.lastError = undefined;
        this.published += events.length;
        this.options.onPublished?.(events);
      }
    } finally {
      await next?.catch(() => undefined);
    }
  }

  private get idleMs(): number {
    return this.options.idleMs ?? 500;
  }

  private async acquire(): Promise<boolean> {
    if (this.role === 'leader' && this.lockClient) return true;
    if (!this.lockClient) {
      // The follow statement's generic plan is as good as a custom one; re-planning it on every
      // wake cost PostgreSQL more than running it (about 0.7 of 1 ms when caught up).
      const client = new Client({
        connectionString: this.options.databaseUrl,
        application_name: `relay:${this.options.service}`,
        options: '-c plan_cache_mode=force_generic_plan',
      });
      client.on('error', () => undefined); // surfaced by the next query
      client.on('notification', () => this.wakeUp());
      await client.connect();
      this.lockClient = client;
    }
    const { rows } = await this.lockClient.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [this.lockKey]);
    if (rows[0].ok) {
      // Every commit that appends events, from any process on this database, wakes us.
      await this.lockClient.query(`LISTEN ${EVENTS_CHANNEL}`);
      this.role = 'leader';
      this.log.info('relay: active', { service: this.options.service });
      return true;
    }
    this.role = 'standby';
    return false;
  }

  private async lockAlive(): Promise<boolean> {
    try {
      await this.lockClient!.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  private async dropLock(): Promise<void> {
    await this.lockClient?.end().catch(() => undefined);
    this.lockClient = undefined;
    this.role = 'standby';
  }

  private async getProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.options.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
      });
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }

  private async resetProducer(): Promise<void> {
    const p = this.producer;
    this.producer = undefined;
    await p?.disconnect().catch(() => undefined);
  }

  private async send(events: readonly RecordedEvent[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const e of events) {
      const defaults: OutgoingMessage = {
        topic: eventsTopic(this.options.service, this.options.topicPrefix),
        key: e.streamId,
        attributes: eventAttributes(this.options.service, e),
        data: e.data,
      };
      for (const m of this.options.route ? this.options.route(e, defaults) : [defaults]) {
        const list = byTopic.get(m.topic) ?? [];
        list.push({ key: m.key, value: JSON.stringify(m.data), headers: cloudEventHeaders(m.attributes) });
        byTopic.set(m.topic, list);
      }
    }
    if (byTopic.size === 0) return;
    const producer = await this.getProducer();
    await producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping || this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
