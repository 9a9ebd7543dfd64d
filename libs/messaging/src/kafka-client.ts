import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import { patchKafkaRequestQueue } from './kafkajs-request-queue';

patchKafkaRequestQueue();

export interface KafkaLogSink {
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

/** A kafkajs client whose own logging goes through our logger, warnings and errors only. */
export function createKafka(options: { clientId: string; brokers: readonly string[]; log?: KafkaLogSink }): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    logLevel: options.log ? logLevel.WARN : logLevel.NOTHING,
    logCreator: () => (entry: LogEntry) => {
      const { message, ...rest } = entry.log;
      // Broker and group metadata only; message contents are never in kafkajs logs.
      const context = { namespace: entry.namespace, broker: rest.broker, groupId: rest.groupId, error: rest.error };
      if (entry.level <= logLevel.ERROR) options.log?.error(`kafka: ${message}`, context);
      else options.log?.warn(`kafka: ${message}`, context);
    },
    retry: { initialRetryTime: 100, retries: 8 },
  });
}
