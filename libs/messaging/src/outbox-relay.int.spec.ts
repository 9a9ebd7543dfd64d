import { join } from 'node:path';
import { Client } from 'pg';
import { EVENTS_CHANNEL, IN_PROCESS_WAKE_OPTIONS, PostgresEventStore, migrateEventStore } from '@gov/event-sourcing/postgres';
import {
  DedicatedKafka,
  collectMessages,
  createTestDatabase,
  eventually,
  runTsProcess,
  testKafka,
  testTopicPrefix,
  testInfrastructure,
  type TestDatabase,
} from '@gov/testing';
import { OutboxRelay, createKafka, eventsTopic, provisionTopics } from './index';

const appendMany = async (store: PostgresEventStore, prefix: string, streams: number, perStream: number) => {
  const ids: string[] = [];
  await Promise.all(
    Array.from({ length: streams }, async (_, s) => {
      let version = (await store.streamHead(`${prefix}-${s}`))?.version ?? 0;
      for (let i = 0; i < perStream; i++) {
        const r = await store.append(`${prefix}-${s}`, 'case', [{ type: 'CaseNoted', data: { s, i }, metadata: { correlationId: `corr-${s}` } }], {
          expectedVersion: version,
        });
        version = r.nextExpectedVersion;
        ids.push(r.events[0].eventId);
      }
    }),
  );
  return ids;
};

describe(OutboxRelay.name, () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  // A database per test: a relay publishes the whole log of its service.
  beforeEach(async () => {
    db = await createTestDatabase('relay');
    await migrateEventStore(db.pool);
    store = new PostgresEventStore(db.pool);
  });
  afterEach(() => db.drop());

  it('publishes every event once as a CloudEvent keyed by stream id', async () => {
    const prefix = testTopicPrefix('relay_basic');
    const kafka = testKafka();
    const topic = eventsTopic('demo', prefix);
    await provisionTopics(kafka, [{ topic }]);
    const ids = await appendMany(store, 'basic', 4, 10);
    const sut = new OutboxRelay({ service: 'demo', store, databaseUrl: db.url, kafka, topicPrefix: prefix });
    sut.start();
    try {
      const got = await collectMessages(kafka, [topic], (m) => m.length >= ids.length);
      expect(new Set(got.map((m) => m.headers.ce_id))).toEqual(new Set(ids));
      const first = got.find((m) => m.key === 'basic-0')!;
      expect(first.headers).toMatchObject({
        ce_specversion: '1.0',
        ce_source: '/gov/demo',
        ce_type: 'gov.demo.CaseNoted.v1',
        ce_subject: 'basic-0',
        ce_correlationid: 'corr-0',
        'content-type': 'application/json',
      });
      expect(Date.parse(first.headers.ce_time)).not.toBeNaN();
      expect(first.value).toMatchObject({ s: 0 });
      // Per stream, the partition order is the stream order.
      const s1 = got.filter((m) => m.key === 'basic-1').map((m) => (m.value as { i: number }).i);
      expect(s1).toEqual([...s1].sort((a, b) => a - b));
    } finally {
      await sut.stop();
    }
  });

  it('wakes on commits from any process (LISTEN/NOTIFY) and reads again what an older transaction held back', async () => {
    const prefix = testTopicPrefix('relay_notify');
    const kafka = testKafka();
    const topic = eventsTopic('notify', prefix);
    await provisionTopics(kafka, [{ topic }]);
    // Its poll is far longer than the collector waits: only a notification can wake it.
    const sut = new OutboxRelay({ service: 'notify', store, databaseUrl: db.url, kafka, topicPrefix: prefix, idleMs: 600_000 });
    // Another writer on the same database: its commits do not nudge this relay in-process.
    // From the test database, so its connections still closing at the drop are expected to fail.
    const otherPool = db.newPool({ max: 2 });
    const other = new PostgresEventStore(otherPool);
    const holder = await db.pool.connect();
    sut.start();
    try {
      await eventually(async () => sut.currentRole === 'leader', 10_000);
      const first = await other.append('notify-1', 'case', [{ type: 'CaseNoted', data: { n: 1 } }], { expectedVersion: 0 });
      const got = await collectMessages(kafka, [topic], (m) => m.some((x) => x.headers.ce_id === first.events[0].eventId));
      expect(got.map((m) => m.headers.ce_id)).toContain(first.events[0].eventId);

      // An open transaction with an older xid holds the next event back; it ends without
      // appending (so without a notification), and the relay must still find the event.
      await holder.query('BEGIN');
      await holder.query('SELECT pg_current_xact_id()');
      const second = await other.append('notify-2', 'case', [{ type: 'CaseNoted', data: { n: 2 } }], { expectedVersion: 0 });
      await new Promise((r) => setTimeout(r, 500));
      expect(sut.published).toBe(1);
      await holder.query('COMMIT');
      const later = await collectMessages(kafka, [topic], (m) => m.some((x) => x.headers.ce_id === second.events[0].eventId));
      expect(later.map((m) => m.headers.ce_id)).toContain(second.events[0].eventId);
    } finally {
      holder.release();
      await sut.stop();
      await otherPool.end();
    }
  });

  it('sessions that wake their relay in-process skip the NOTIFY; a standby forwards the wake-up to the leader', async () => {
    const prefix = testTopicPrefix('relay_inproc');
    const kafka = testKafka();
    const topic = eventsTopic('inproc', prefix);
    await provisionTopics(kafka, [{ topic }]);
    const leader = new OutboxRelay({ service: 'inproc', store, databaseUrl: db.url, kafka, topicPrefix: prefix, idleMs: 600_000 });
    // A second replica: its pool skips the NOTIFY; its relay stands by.
    const replicaPool = db.newPool({ max: 2, options: IN_PROCESS_WAKE_OPTIONS });
    const replica = new PostgresEventStore(replicaPool);
    const standby = new OutboxRelay({ service: 'inproc', store: replica, databaseUrl: db.url, kafka, topicPrefix: prefix, idleMs: 600_000, lockRetryMs: 60_000 });
    const listener = new Client({ connectionString: db.url });
    const notified: string[] = [];
    await listener.connect();
    listener.on('notification', (n) => notified.push(n.channel));
    await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
    leader.start();
    try {
      await eventually(async () => leader.currentRole === 'leader', 10_000);
      standby.start();
      await eventually(async () => standby.currentRole === 'standby', 10_000);
      // The session's own commit sends nothing...
      const tx = await replicaPool.connect();
      await tx.query('BEGIN');
      await replica.append('inproc-0', 'case', [{ type: 'CaseNoted', data: { n: 0 } }], { expectedVersion: 0 }, tx);
      await tx.query('COMMIT');
      tx.release();
      await new Promise((r) => setTimeout(r, 300));
      expect(notified).toEqual([]);
      // ...and an append through the store is forwarded by the standby: the leader publishes it at once.
      const appended = await replica.append('inproc-1', 'case', [{ type: 'CaseNoted', data: { n: 1 } }], { expectedVersion: 0 });
      const got = await collectMessages(kafka, [topic], (m) => m.some((x) => x.headers.ce_id === appended.events[0].eventId));
      expect(got.map((m) => m.headers.ce_id)).toEqual(expect.arrayContaining([appended.events[0].eventId]));
      expect(notified.length).toBeGreaterThanOrEqual(1);
    } finally {
      await Promise.all([leader.stop(), standby.stop()]);
      await Promise.all([replicaPool.end(), listener.end()]);
    }
  });

  it('keeps accepting appends while Kafka is down and publishes them once it is back', async () => {
    const broker = new DedicatedKafka(19092);
    broker.start();
    const kafka = createKafka({ clientId: 'relay-outage', brokers: broker.brokers });
    const topic = eventsTopic('outage');
    await provisionTopics(kafka, [{ topic }]);
    const sut = new OutboxRelay({ service: 'outage', store, databaseUrl: db.url, kafka });
    sut.start();
    try {
      const before = await appendMany(store, 'outage-a', 3, 5);
      await eventually(() => sut.published >= before.length);
      broker.stop();
      const during = await appendMany(store, 'outage-b', 3, 20); // appends succeed with Kafka down
      await eventually(() => sut.lastError !== undefined, 30_000);
      broker.start();
      const after = await appendMany(store, 'outage-c', 2, 5);
      const all = [...before, ...during, ...after];
      const got = await collectMessages(testKafka(broker.brokers), [topic], (m) => new Set(m.map((x) => x.headers.ce_id)).size >= all.length, 90_000);
      expect(new Set(got.map((m) => m.headers.ce_id))).toEqual(new Set(all));
      expect(got).toHaveLength(all.length); // once per id
      expect(got.every((m) => m.headers.ce_specversion === '1.0' && m.headers.ce_type === 'gov.outage.CaseNoted.v1')).toBe(true);
    } finally {
      await sut.stop();
      broker.destroy();
    }
  }, 240_000);

  it('has one active relay per service; a standby takes over within 10 s of a kill -9', async () => {
    const prefix = testTopicPrefix('relay_takeover');
    const kafka = testKafka();
    const topic = eventsTopic('takeover', prefix);
    await provisionTopics(kafka, [{ topic }]);
    const env = { DATABASE_URL: db.url, KAFKA_BROKERS: testInfrastructure.kafkaBrokers.join(','), RELAY_SERVICE: 'takeover', TOPIC_PREFIX: prefix };
    const entry = join(__dirname, 'testing', 'relay-process.ts');
    const a = runTsProcess(entry, env);
    await a.waitForOutput(/role leader/);
    const b = runTsProcess(entry, env);
    try {
      await b.waitForOutput(/role standby/);
      const first = await appendMany(store, 'takeover-a', 2, 10);
      await a.waitForOutput(/published/);
      expect(b.output()).not.toMatch(/published/);
      await a.kill('SIGKILL');
      const killedAt = Date.now();
      await b.waitForOutput(/role leader/, 10_000);
      expect(Date.now() - killedAt).toBeLessThan(10_000);
      const second = await appendMany(store, 'takeover-b', 2, 10);
      const all = [...first, ...second];
      const got = await collectMessages(kafka, [topic], (m) => new Set(m.map((x) => x.headers.ce_id)).size >= all.length);
      expect(new Set(got.map((m) => m.headers.ce_id))).toEqual(new Set(all)); // nothing lost
    } finally {
      await a.kill();
      await b.kill();
    }
  }, 120_000);
});
