// npm run bench -- event-store
// Event store and relay throughput against raw PostgreSQL and raw kafkajs, same run, same machine.
// Like a service, the bench's pools skip the commit NOTIFY: the store wakes its relay in-process.
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { IN_PROCESS_WAKE_OPTIONS, PostgresEventStore, migrateEventStore, GENESIS_HASH } from '@gov/event-sourcing/postgres';
import { OutboxRelay, createKafka, eventsTopic, provisionTopics, cloudEventHeaders } from '@gov/messaging';
import { createTestDatabase, testTopicPrefix, testInfrastructure } from '@gov/testing';
import { concurrently, percentile, report, timed } from './bench-kit';

const WRITERS = 16;
const SINGLE_EVENTS = Number(process.env.BENCH_SINGLE_EVENTS ?? 8000);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 200);
const RELAY_EVENTS = Number(process.env.BENCH_RELAY_EVENTS ?? 30000);
const BATCH = 100;
const RELAY_BATCH = 500;

const sampleData = (i: number) => ({ caseId: `case-${i}`, item: '二手房转移登记', amountFen: 123456 + i, at: '2026-11-28T09:00:00+08:00' });

async function main(): Promise<void> {
  const db = await createTestDatabase('bench_event_store', { max: WRITERS + 4, options: IN_PROCESS_WAKE_OPTIONS });
  const pool: Pool = db.pool;
  await migrateEventStore(pool);
  // Same table shape, none of the store's logic: the raw baseline.
  await pool.query('CREATE TABLE raw_events (LIKE es_events INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING INDEXES)');
  const store = new PostgresEventStore(pool);
  const rawInsert = `INSERT INTO raw_events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, hash)
                     VALUES ($1, $2, $3, $4, 1, $5, $6, $7)`;
  const meta = { correlationId: randomUUID() };

  // Warm up both paths.
  await store.append('warm', 'w', [{ type: 'Warm', data: sampleData(0) }], { expectedVersion: 0 });
  await pool.query(rawInsert, ['warm', 1, randomUUID(), 'Warm', JSON.stringify(sampleData(0)), JSON.stringify(meta), GENESIS_HASH]);

  // 1. Single-event appends at 16 concurrent writers, one stream per writer.
  const perWriter = Math.floor(SINGLE_EVENTS / WRITERS);
  const raw1 = await timed(() =>
    concurrently(WRITERS, async (w) => {
      for (let i = 0; i < perWriter; i++) {
        await pool.query(rawInsert, [`raw-${w}`, i + 1, randomUUID(), 'CaseNoted', JSON.stringify(sampleData(i)), JSON.stringify(meta), GENESIS_HASH]);
      }
    }),
  );
  const es1 = await timed(() =>
    concurrently(WRITERS, async (w) => {
      let version = 0;
      let hash: Buffer | undefined;
      for (let i = 0; i < perWriter; i++) {
        const r = await store.append(`single-${w}`, 'case', [{ type: 'CaseNoted', data: sampleData(i), metadata: meta }], { expectedVersion: version, previousHash: hash });
        version = r.nextExpectedVersion;
        hash = r.lastHash;
      }
    }),
  );
  const n1 = perWriter * WRITERS;

  // 2. 100-event batch appends, one writer.
  const rows = Array.from({ length: BATCH }, (_, i) => i);
  const multiRow = `INSERT INTO raw_events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, hash) VALUES ${rows
    .map((i) => `($1, $${i * 4 + 2}, $${i * 4 + 3}, 'CaseNoted', 1, $${i * 4 + 4}, $${i * 4 + 5}, '\\x00'::bytea)`)
    .join(', ')}`;
  const raw2 = await timed(async () => {
    for (let b = 0; b < BATCHES; b++) {
      const params: unknown[] = [`rawbatch-${b}`];
      for (const i of rows) params.push(i + 1, randomUUID(), JSON.stringify(sampleData(i)), JSON.stringify(meta));
      await pool.query(multiRow, params);
    }
  });
  const es2 = await timed(async () => {
    for (let b = 0; b < BATCHES; b++) {
      await store.append(`batch-${b}`, 'case', rows.map((i) => ({ type: 'CaseNoted', data: sampleData(i), metadata: meta })), { expectedVersion: 0 });
    }
  });

  // 3. Relay throughput vs raw kafkajs sendBatch with the same batch size.
  const kafka = createKafka({ clientId: 'bench', brokers: testInfrastructure.kafkaBrokers });
  const prefix = testTopicPrefix('bench_relay');
  const relayTopic = eventsTopic('bench', prefix);
  const rawTopic = `${prefix}raw.v1`;
  await provisionTopics(kafka, [{ topic: relayTopic }, { topic: rawTopic }]);
  const relayDb = await createTestDatabase('bench_relay', { max: 20, options: IN_PROCESS_WAKE_OPTIONS });
  await migrateEventStore(relayDb.pool);
  const relayStore = new PostgresEventStore(relayDb.pool);
  await concurrently(8, async (w) => {
    for (let s = w; s < RELAY_EVENTS / BATCH; s += 8) {
      await relayStore.append(`relay-${s}`, 'case', rows.map((i) => ({ type: 'CaseNoted', data: sampleData(i), metadata: meta })), { expectedVersion: 0 });
    }
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const rawMessages = Array.from({ length: RELAY_BATCH }, (_, i) => ({
    key: `relay-${i % 300}`,
    value: JSON.stringify(sampleData(i)),
    headers: cloudEventHeaders({ id: randomUUID(), source: '/gov/bench', type: 'gov.bench.CaseNoted.v1', subject: `relay-${i}`, time: new Date().toISOString(), correlationId: meta.correlationId }),
  }));
  const rawKafka = await timed(async () => {
    for (let sent = 0; sent < RELAY_EVENTS; sent += RELAY_BATCH) {
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic: rawTopic, messages: rawMessages }] });
    }
  });
  await producer.disconnect();
  const relay = new OutboxRelay({ service: 'bench', store: relayStore, databaseUrl: relayDb.url, kafka, topicPrefix: prefix, batchSize: RELAY_BATCH, idleMs: 5 });
  const relayRun = await timed(async () => {
    relay.start();
    while (relay.published < RELAY_EVENTS) await new Promise((r) => setTimeout(r, 5));
  });

  // 4. Commit-to-Kafka latency: steady appends, an independent consumer timestamps arrival.
  const latencyTopicConsumer = kafka.consumer({ groupId: `bench-latency-${randomUUID()}` });
  await latencyTopicConsumer.connect();
  await latencyTopicConsumer.subscribe({ topics: [relayTopic], fromBeginning: false });
  const committedAt = new Map<string, number>();
  const latencies: number[] = [];
  let ready = false;
  await latencyTopicConsumer.run({
    eachMessage: async ({ message }) => {
      ready = true;
      const id = message.headers?.ce_id?.toString();
      const t0 = id ? committedAt.get(id) : undefined;
      if (t0 !== undefined) latencies.push(performance.now() - t0);
    },
  });
  // Wait until the consumer has its partitions (a probe event arrives).
  while (!ready) {
    await relayStore.append(`probe-${randomUUID()}`, 'probe', [{ type: 'Probe', data: {} }], { expectedVersion: 0 });
    await new Promise((r) => setTimeout(r, 200));
  }
  const LATENCY_EVENTS = 1000;
  for (let i = 0; i < LATENCY_EVENTS; i++) {
    const r = await relayStore.append(`lat-${i % 50}-${Math.floor(i / 50)}`, 'case', [{ type: 'CaseNoted', data: sampleData(i) }], { expectedVersion: 0 });
    committedAt.set(r.events[0].eventId, performance.now());
    await new Promise((res) => setTimeout(res, 4)); // ~200 events/s
  }
  const deadline = Date.now() + 30_000;
  while (latencies.length < LATENCY_EVENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await latencyTopicConsumer.disconnect();
  await relay.stop();
  latencies.sort((a, b) => a - b);

  // Baseline for latency: raw produce → consume round trip on the same broker.
  const rtt = await rawRoundTrip(kafka, rawTopic);

  const ok = report(
    `event-store benchmark (${new Date().toISOString()}, ${WRITERS} writers)`,
    [
      { metric: 'single-event appends/s, 16 writers', subject: n1 / (es1.ms / 1000), baseline: n1 / (raw1.ms / 1000), unit: 'events/s', target: 0.7 },
      { metric: '100-event batch appends/s', subject: BATCHES / (es2.ms / 1000), baseline: BATCHES / (raw2.ms / 1000), unit: 'batches/s', target: 0.6 },
      { metric: 'relay events/s to Kafka (batch 500, acks=all)', subject: RELAY_EVENTS / (relayRun.ms / 1000), baseline: RELAY_EVENTS / (rawKafka.ms / 1000), unit: 'events/s', target: 0.6 },
      { metric: 'commit-to-Kafka latency p50', subject: percentile(latencies, 50), baseline: percentile(rtt, 50), unit: 'ms', lowerIsBetter: true },
      { metric: 'commit-to-Kafka latency p99', subject: percentile(latencies, 99), baseline: percentile(rtt, 99), unit: 'ms', lowerIsBetter: true },
    ],
    [
      `baselines: raw INSERT+COMMIT on a table of the same shape; one raw multi-row INSERT of ${BATCH} rows; raw kafkajs sendBatch of ${RELAY_BATCH}; raw produce→consume round trip`,
      `latency samples: ${latencies.length} of ${LATENCY_EVENTS}`,
    ],
  );
  await db.drop();
  await relayDb.drop();
  process.exitCode = ok ? 0 : 1;
}

async function rawRoundTrip(kafka: ReturnType<typeof createKafka>, topic: string): Promise<number[]> {
  const consumer = kafka.consumer({ groupId: `bench-rtt-${randomUUID()}` });
  const producer = kafka.producer();
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topics: [topic], fromBeginning: false });
  const sentAt = new Map<string, number>();
  const rtts: number[] = [];
  let ready = false;
  await consumer.run({
    eachMessage: async ({ message }) => {
      ready = true;
      const id = message.key?.toString() ?? '';
      const t0 = sentAt.get(id);
      if (t0 !== undefined) rtts.push(performance.now() - t0);
    },
  });
  while (!ready) {
    await producer.send({ topic, messages: [{ key: 'probe', value: '{}' }] });
    await new Promise((r) => setTimeout(r, 200));
  }
  for (let i = 0; i < 300; i++) {
    const key = `rtt-${i}`;
    sentAt.set(key, performance.now());
    await producer.send({ topic, acks: -1, messages: [{ key, value: '{}' }] });
    await new Promise((r) => setTimeout(r, 4));
  }
  const deadline = Date.now() + 10_000;
  while (rtts.length < 300 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await Promise.all([consumer.disconnect(), producer.disconnect()]);
  return rtts.sort((a, b) => a - b);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
