import type { Admin, Kafka, ITopicConfig } from 'kafkajs';

export const eventsTopic = (service: string, prefix = ''): string => `${prefix}gov.${service}.events.v1`;
export const commandsTopic = (service: string, prefix = ''): string => `${prefix}gov.${service}.commands.v1`;
export const dlqTopic = (topic: string): string => `${topic}.dlq`;

export interface TopicSpec {
  readonly topic: string;
  readonly partitions?: number;
  readonly replicationFactor?: number;
  readonly configs?: Record<string, string>;
  /** Also create `<topic>.dlq`. */
  readonly withDlq?: boolean;
}

/** Creates the topics that don't exist yet (and their DLQs); leaves existing ones alone. */
export async function provisionTopics(kafka: Kafka, specs: readonly TopicSpec[], defaults: { partitions?: number; replicationFactor?: number } = {}): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted: ITopicConfig[] = [];
    for (const s of specs) {
      const names = s.withDlq ? [s.topic, dlqTopic(s.topic)] : [s.topic];
      for (const topic of names) {
        if (existing.has(topic) || wanted.some((w) => w.topic === topic)) continue;
        wanted.push({
          topic,
          numPartitions: s.partitions ?? defaults.partitions ?? 3,
          replicationFactor: s.replicationFactor ?? defaults.replicationFactor ?? 1,
          configEntries: Object.entries(s.configs ?? {}).map(([name, value]) => ({ name, value })),
        });
      }
    }
    if (wanted.length) {
      await createTolerant(admin, wanted);
      await waitForLeaders(admin, wanted.map((w) => w.topic));
    }
    return wanted.map((w) => w.topic);
  } finally {
    await admin.disconnect();
  }
}

const LEADER_WAIT_MS = 30_000;

/** Another process may create the same topics at the same moment: "already exists" is success. */
async function createTolerant(admin: Admin, topics: ITopicConfig[]): Promise<void> {
  try {
    // kafkajs' own leader wait gives up on UNKNOWN_TOPIC_OR_PARTITION; waitForLeaders below doesn't.
    await admin.createTopics({ topics, waitForLeaders: false });
  } catch (error) {
    const errors = (error as { errors?: { type?: string }[] }).errors;
    if (!errors?.length || !errors.every((e) => e.type === 'TOPIC_ALREADY_EXISTS')) {
      // A mix of created and existing comes back as one aggregate; retry one by one.
      if (topics.length === 1) throw error;
      for (const topic of topics) await createTolerant(admin, [topic]);
    }
  }
}

/**
 * kafkajs' own waitForLeaders gives up on UNKNOWN_TOPIC_OR_PARTITION, which a
 * KRaft broker answers for a moment after creating a topic; keep asking.
 */
async function waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
  const deadline = Date.now() + LEADER_WAIT_MS;
  for (;;) {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      const ready = topics.every((name) => {
        const t = meta.find((m) => m.name === name);
        return !!t && t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0);
      });
      if (ready) return;
      if (Date.now() > deadline) throw new Error(`topics without leaders after ${LEADER_WAIT_MS} ms: ${topics.join(', ')}`);
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
