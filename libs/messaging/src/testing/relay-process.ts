// A relay in a process of its own, for the takeover test: kill -9 it and watch the standby.
import { Pool } from 'pg';
import { PostgresEventStore } from '@gov/event-sourcing/postgres';
import { createKafka, OutboxRelay } from '../index';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
};

const pool = new Pool({ connectionString: env('DATABASE_URL'), max: 2 });
const relay = new OutboxRelay({
  service: env('RELAY_SERVICE'),
  store: new PostgresEventStore(pool),
  databaseUrl: env('DATABASE_URL'),
  kafka: createKafka({ clientId: `relay-${process.pid}`, brokers: env('KAFKA_BROKERS').split(',') }),
  topicPrefix: env('TOPIC_PREFIX'),
  lockRetryMs: 250,
  onPublished: (events) => process.stdout.write(`published ${events.length}\n`),
});
relay.start();
let announced = '';
setInterval(() => {
  if (relay.currentRole !== announced) {
    announced = relay.currentRole;
    process.stdout.write(`role ${announced}\n`);
  }
}, 50);
process.on('SIGTERM', () => {
  void relay.stop().then(() => process.exit(0));
});
