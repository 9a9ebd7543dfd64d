import { randomUUID } from 'node:crypto';
import { collectMessages, createTestDatabase, eventually, testKafka, testTopicPrefix, type TestDatabase } from '@gov/testing';
import { InboxConsumer, cloudEventHeaders, dlqTopic, migrateInbox, provisionTopics } from './index';

describe(InboxConsumer.name, () => {
  let db: TestDatabase;
  const kafka = testKafka();

  beforeAll(async () => {
    db = await createTestDatabase('inbox');
    await migrateInbox(db.pool);
    await db.pool.query('CREATE TABLE counters (id text PRIMARY KEY, n int NOT NULL)');
  });
  afterAll(() => db.drop());

  const send = async (topic: string, id: string, data: unknown) => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [{ key: 'k', value: JSON.stringify(data), headers: cloudEventHeaders({ id, source: '/gov/test', type: 'gov.test.Counted.v1' }) }],
    });
    await producer.disconnect();
  };

  it('changes state once for a message delivered three times', async () => {
    const topic = `${testTopicPrefix('inbox_dup')}gov.test.events.v1`;
    await provisionTopics(kafka, [{ topic, partitions: 1, withDlq: true }]);
    const sut = new InboxConsumer({
      kafka,
      pool: db.pool,
      groupId: 'counter-dup',
      topics: [topic],
      handle: async (m, tx) => {
        await tx.query('INSERT INTO counters VALUES ($1, 1) ON CONFLICT (id) DO UPDATE SET n = counters.n + 1', [(m.data as { counter: string }).counter]);
      },
    });
    await sut.start();
    try {
      const id = randomUUID();
      for (let i = 0; i < 3; i++) await send(topic, id, { counter: 'c1' });
      await send(topic, randomUUID(), { counter: 'c2' });
      await eventually(() => sut.counts.processed + sut.counts.duplicate >= 4);
      expect(sut.counts).toEqual({ processed: 2, duplicate: 2, 'dead-lettered': 0, skipped: 0 });
      const { rows } = await db.pool.query('SELECT id, n FROM counters ORDER BY id');
      expect(rows).toEqual([
        { id: 'c1', n: 1 },
        { id: 'c2', n: 1 },
      ]);
    } finally {
      await sut.stop();
    }
  });

  it('sends a message that always fails to the .dlq topic after the retries, and moves on', async () => {
    const topic = `${testTopicPrefix('inbox_dlq')}gov.test.events.v1`;
    await provisionTopics(kafka, [{ topic, partitions: 1, withDlq: true }]);
    let attempts = 0;
    const sut = new InboxConsumer({
      kafka,
      pool: db.pool,
      groupId: 'counter-dlq',
      topics: [topic],
      maxAttempts: 3,
      retryBackoffMs: 10,
      handle: async (m, tx) => {
        const { counter } = m.data as { counter: string };
        if (counter === 'poison') {
          attempts++;
          await tx.query('INSERT INTO counters VALUES ($1, 1)', ['poison-partial']); // rolled back each time
          throw new Error('the effect always fails');
        }
        await tx.query('INSERT INTO counters VALUES ($1, 1) ON CONFLICT (id) DO UPDATE SET n = counters.n + 1', [counter]);
      },
    });
    await sut.start();
    try {
      const poisonId = randomUUID();
      await send(topic, poisonId, { counter: 'poison' });
      await send(topic, randomUUID(), { counter: 'after-poison' });
      const dead = await collectMessages(kafka, [dlqTopic(topic)], (m) => m.length >= 1);
      expect(dead[0].headers).toMatchObject({
        ce_id: poisonId,
        dlq_error: 'the effect always fails',
        dlq_error_type: 'Error',
        dlq_original_topic: topic,
        dlq_original_partition: '0',
        dlq_consumer_group: 'counter-dlq',
        dlq_attempts: '3',
      });
      expect(dead[0].value).toEqual({ counter: 'poison' });
      await eventually(async () => (await db.pool.query(`SELECT n FROM counters WHERE id = 'after-poison'`)).rowCount === 1);
      expect(attempts).toBe(3);
      expect((await db.pool.query(`SELECT 1 FROM counters WHERE id = 'poison-partial'`)).rowCount).toBe(0);
      expect(sut.counts['dead-lettered']).toBe(1);
    } finally {
      await sut.stop();
    }
  });

  it('passes over the types it does not accept, without a transaction or an inbox row', async () => {
    const topic = `${testTopicPrefix('inbox_filter')}gov.test.events.v1`;
    await provisionTopics(kafka, [{ topic, partitions: 1, withDlq: true }]);
    const sut = new InboxConsumer({
      kafka,
      pool: db.pool,
      groupId: 'counter-filter',
      topics: [topic],
      accepts: (type) => type === 'gov.test.Counted.v1',
      handle: async (m, tx) => void (await tx.query('INSERT INTO counters VALUES ($1, 1) ON CONFLICT (id) DO UPDATE SET n = counters.n + 1', [(m.data as { counter: string }).counter])),
    });
    await sut.start();
    try {
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({
        topic,
        messages: [
          { value: JSON.stringify({ counter: 'other' }), headers: cloudEventHeaders({ id: randomUUID(), source: '/gov/test', type: 'gov.test.Other.v1' }) },
          { value: JSON.stringify({ counter: 'filtered' }), headers: cloudEventHeaders({ id: randomUUID(), source: '/gov/test', type: 'gov.test.Counted.v1' }) },
        ],
      });
      await producer.disconnect();
      await eventually(() => sut.counts.processed + sut.counts.skipped >= 2);
      expect(sut.counts).toMatchObject({ processed: 1, skipped: 1 });
      expect((await db.pool.query(`SELECT count(*)::int AS n FROM msg_inbox WHERE consumer_group = 'counter-filter'`)).rows[0].n).toBe(1);
      expect((await db.pool.query(`SELECT 1 FROM counters WHERE id = 'other'`)).rowCount).toBe(0);
    } finally {
      await sut.stop();
    }
  });

  it('sends a message that is not JSON to the DLQ without retrying', async () => {
    const topic = `${testTopicPrefix('inbox_bad')}gov.test.events.v1`;
    await provisionTopics(kafka, [{ topic, partitions: 1, withDlq: true }]);
    let calls = 0;
    const sut = new InboxConsumer({ kafka, pool: db.pool, groupId: 'counter-bad', topics: [topic], handle: async () => void calls++ });
    await sut.start();
    try {
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic, messages: [{ value: '{not json', headers: { ce_id: 'bad-1' } }] });
      await producer.disconnect();
      const dead = await collectMessages(kafka, [dlqTopic(topic)], (m) => m.length >= 1);
      expect(dead[0].headers).toMatchObject({ dlq_error_type: 'MalformedMessageError', dlq_attempts: '1' });
      expect(calls).toBe(0);
    } finally {
      await sut.stop();
    }
  });
});
