import type { Kafka, ITopicConfig } from 'kafkajs';

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
    if (wanted.length) await admin.createTopics({ topics: wanted, waitForLeaders: true });
    return wanted.map((w) => w.topic);
  } finally {
    await admin.disconnect();
  }
}
