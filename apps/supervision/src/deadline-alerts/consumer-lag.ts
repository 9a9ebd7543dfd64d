import type { OnModuleDestroy } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import type { LifecycleSubscription } from '../case-timeline/lifecycle-subscription';

interface Snapshot {
  readonly at: Date;
  /** End offset of every subscribed partition at `at`. */
  readonly ends: ReadonlyMap<string, bigint>;
}

const MAX_PENDING = 64;

/**
 * How far the lifecycle consumer has read, in time. Timers may only fire for
 * deadlines up to that time: while supervision catches up (a rebuild, a
 * backlog) a case may already be completed in an event not read yet, and its
 * breach would be false. Each call notes the topics' end offsets; once the
 * consumer group has committed past all of them, every event published before
 * that moment has been applied. Works under steady traffic too, where the lag
 * is rarely exactly zero.
 */
export class ConsumerLag implements OnModuleDestroy {
  private admin?: Admin;
  private closed = false;
  private pending: Snapshot[] = [];
  private reached: Date | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly subscription: LifecycleSubscription,
  ) {}

  /** The latest moment up to which every lifecycle event has been applied; null while unknown (or Kafka can't be asked). */
  async caughtUpTo(now: Date): Promise<Date | null> {
    const offsets = await this.offsets();
    if (!offsets) return null;
    this.pending.push({ at: now, ends: offsets.ends });
    const done = (s: Snapshot) => [...s.ends].every(([partition, end]) => (offsets.committed.get(partition) ?? -1n) >= end);
    let latest = -1;
    this.pending.forEach((s, i) => {
      if (done(s)) latest = i;
    });
    if (latest >= 0) {
      this.reached = this.pending[latest].at;
      this.pending = this.pending.slice(latest + 1);
    }
    // Bounded: under a long backlog keep every other snapshot (coarser, never wrong).
    if (this.pending.length > MAX_PENDING) this.pending = this.pending.filter((_, i) => i % 2 === 1);
    return this.reached;
  }

  /** End offsets of the subscribed partitions, and how far the group has committed (an empty partition counts as read). */
  private async offsets(): Promise<{ ends: Map<string, bigint>; committed: Map<string, bigint> } | null> {
    if (this.closed) return null;
    try {
      if (!this.admin) {
        const admin = this.kafka.admin();
        await admin.connect();
        if (this.closed) {
          await admin.disconnect().catch(() => undefined);
          return null;
        }
        this.admin = admin;
      }
      const topics = (await this.admin.listTopics()).filter((t) => this.subscription.matches(t));
      const ends = new Map<string, bigint>();
      const committed = new Map<string, bigint>();
      if (topics.length === 0) return { ends, committed };
      for (const t of await this.admin.fetchOffsets({ groupId: this.subscription.groupId, topics })) {
        for (const p of t.partitions) committed.set(`${t.topic}/${p.partition}`, BigInt(p.offset));
      }
      for (const topic of topics) {
        for (const p of await this.admin.fetchTopicOffsets(topic)) {
          const key = `${topic}/${p.partition}`;
          ends.set(key, BigInt(p.high));
          if ((committed.get(key) ?? -1n) < 0n) committed.set(key, BigInt(p.low));
        }
      }
      return { ends, committed };
    } catch {
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = undefined;
      return null;
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    await this.admin?.disconnect().catch(() => undefined);
  }
}
