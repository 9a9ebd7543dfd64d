import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { testInfrastructure } from './infrastructure';

export interface CollectedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: unknown;
  readonly headers: Record<string, string>;
}

export function testKafka(brokers: readonly string[] = testInfrastructure.kafkaBrokers, clientId = 'test'): Kafka {
  return new Kafka({ clientId, brokers: [...brokers], logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 100 } });
}

function toCollected(topic: string, partition: number, m: KafkaMessage): CollectedMessage {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.headers ?? {})) if (v !== undefined) headers[k] = String(Array.isArray(v) ? v[0] : v);
  let value: unknown = m.value?.toString('utf8') ?? null;
  try {
    value = JSON.parse(String(value));
  } catch {
    // not JSON: keep the text
  }
  return { topic, partition, offset: m.offset, key: m.key?.toString('utf8') ?? null, value, headers };
}

/**
 * An independent consumer (its own group, from the beginning) that reads the
 * topics until `until` holds for what it has collected, or fails after timeoutMs.
 */
export async function collectMessages(
  kafka: Kafka,
  topics: readonly string[],
  until: (messages: readonly CollectedMessage[]) => boolean,
  timeoutMs = 30_000,
): Promise<CollectedMessage[]> {
  const consumer = kafka.consumer({ groupId: `collector-${randomBytes(4).toString('hex')}`, sessionTimeout: 10_000, heartbeatInterval: 500 });
  const messages: CollectedMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`collected ${messages.length} messages from ${topics.join(', ')} in ${timeoutMs} ms; condition not met`)), timeoutMs);
      consumer
        .run({
          eachMessage: async ({ topic, partition, message }) => {
            messages.push(toCollected(topic, partition, message));
            if (until(messages)) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
    return messages;
  } finally {
    await consumer.disconnect();
  }
}
