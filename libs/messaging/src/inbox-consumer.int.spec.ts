import { randomUUID } from 'node:crypto';
import { collectMessages, createTestDatabase, eventually, testKafka, testTopicPrefix, type TestDatabase } from '@gov/testing';
import type { PoolClient } from 'pg';
import { InboxConsumer, cloudEventHeaders, dlqTopic, migrateInbox, provisionTopics, type IncomingMessage } from './index';
import { silentLogger } from './logger';
import { id, int, object, parseWith } from '@gov/contracts';

describe(InboxConsumer.name, () => {
  let db: TestDatabase;
  const kafka = testKafka();

  beforeAll(async () => {
    db = await createTestDatabase('inbox');
    await migrateInbox(db.pool);
    await db.pool.query('CREATE TABLE counters (id text PRIMARY KEY, n int NOT NULL)');
    // One row per applied effect, no key: a second effect of a message would show as a second row.
    await db.pool.query('CREATE TABLE effects (consumer_group text NOT NULL, message_id text NOT NULL, kafka_offset bigint NOT NULL, txid text NOT NULL)');
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

  /** All in one produce request, so the consumer fetches them as one batch. */
  const sendAll = async (topic: string, messages: readonly { id: string; data?: unknown; value?: string }[]) => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: messages.map((m) => ({
        key: 'k',
        value: m.value ?? JSON.stringify(m.data ?? {}),
        headers: cloudEventHeaders({ id: m.id, source: '/gov/test', type: 'gov.test.Counted.v1' }),
      })),
    });
    await producer.disconnect();
  };

  /** The effect: a row naming the message and the transaction that applied it. */
  const recordEffect = (groupId: string) => async (m: IncomingMessage, tx: PoolClient) => {
    await tx.query('INSERT INTO effects VALUES ($1, $2, $3, pg_current_xact_id()::text)', [groupId, m.id, m.offset]);
  };

  const effectsOf = async (groupId: string) =>
    (await db.pool.query<{ message_id: string; kafka_offset: string; txid: string }>('SELECT message_id, kafka_offset::text, txid FROM effects WHERE consumer_group = $1 ORDER BY effects.kafka_offset', [groupId])).rows;

  const committedOffset = async (groupId: string, topic: string): Promise<string> => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return t.partitions.find((p) => p.partition === 0)!.offset;
    } finally {
      await admin.disconnect();
    }
  };

  const newTopic = async (label: string) => {
    const topic = `${testTopicPrefix(label)}gov.test.events.v1`;
    await provisionTopics(kafka, [{ topic, partitions: 1, withDlq: true }]);
    return topic;
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

  it('parses each message once into its contract type; one that breaks it goes to the DLQ at once naming the fields, the batch and partition go on', async () => {
    const topic = await newTopic('inbox_contract');
    const counted = object<{ readonly counter: string; readonly by: number }>({ counter: id, by: int({ min: 1 }) });
    let parses = 0;
    const handled: { counter: string; by: number }[] = [];
    const sut = new InboxConsumer({
      kafka,
      pool: db.pool,
      groupId: 'counter-contract',
      topics: [topic],
      parse: (m) => {
        parses++;
        return parseWith(m.type, counted, m.data);
      },
      handle: async (m) => void handled.push(m.data),
      retryBackoffMs: 50,
    });
    await sut.start();
    try {
      // One batch: a good message, one with a string for the integer and no counter, another good one.
      await sendAll(topic, [
        { id: 'c-1', data: { counter: 'a', by: 1 } },
        { id: 'c-bad', data: { by: '2' } },
        { id: 'c-3', data: { counter: 'b', by: 3, extra: true } },
      ]);
      const dead = await collectMessages(kafka, [dlqTopic(topic)], (m) => m.length >= 1);
      expect(dead[0].headers).toMatchObject({ ce_id: 'c-bad', dlq_error_type: 'ContractViolation', dlq_field: 'counter,by', dlq_attempts: '1' });
      expect(dead[0].headers.dlq_error).toBe('gov.test.Counted.v1: counter: is required; by: expected an integer, got string');
      await eventually(async () => (await committedOffset('counter-contract', topic)) === '3');
      // The handlers saw typed data only (the unknown field left out); each good message was parsed once.
      expect(handled).toEqual([
        { counter: 'a', by: 1 },
        { counter: 'b', by: 3 },
      ]);
      expect(parses).toBe(4); // the bad one twice: in the batch, then alone on its way to the DLQ
    } finally {
      await sut.stop();
    }
  });

  it('applies a fetched batch in a few transactions, each message once', async () => {
    const topic = await newTopic('inbox_batch');
    const ids = Array.from({ length: 500 }, () => randomUUID());
    // Produced before the consumer starts: its first fetch holds all 500.
    await sendAll(topic, ids.map((id, i) => ({ id, data: { i } })));
    let committedCalls = 0;
    const sut = new InboxConsumer({ kafka, pool: db.pool, groupId: 'batch', topics: [topic], handle: recordEffect('batch'), onCommitted: () => committedCalls++ });
    await sut.start();
    try {
      await eventually(() => sut.counts.processed >= 500);
      await eventually(async () => (await committedOffset('batch', topic)) === '500');
    } finally {
      await sut.stop();
    }
    expect(sut.counts).toEqual({ processed: 500, duplicate: 0, 'dead-lettered': 0, skipped: 0 });
    const effects = await effectsOf('batch');
    expect(effects.map((e) => e.message_id)).toEqual(ids);
    const perTransaction = countBy(effects.map((e) => e.txid));
    // 100 to a transaction by default: 5 for 500 messages, where one at a time took 500.
    expect(perTransaction.size).toBeLessThanOrEqual(10);
    expect(Math.max(...perTransaction.values())).toBeLessThanOrEqual(100);
    expect(committedCalls).toBe(perTransaction.size);
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM msg_inbox WHERE consumer_group = 'batch'`)).rows[0].n).toBe(500);
  });

  it('does not keep a batch waiting on a lock (chunks can deadlock): it is redone one by one, nobody charged an attempt', async () => {
    const topic = await newTopic('inbox_lock');
    const ids = Array.from({ length: 5 }, () => randomUUID());
    await sendAll(topic, ids.map((id, i) => ({ id, data: { i } })));
    // Someone else holds the lock the third message's handler needs, for a second.
    const holder = await db.pool.connect();
    await holder.query('BEGIN');
    await holder.query(`SELECT pg_advisory_xact_lock(hashtext('inbox-lock-test'))`);
    const sut = new InboxConsumer({
      kafka,
      pool: db.pool,
      groupId: 'lock',
      topics: [topic],
      maxAttempts: 1, // a charged attempt would dead-letter it
      handle: async (m, tx) => {
        if ((m.data as { i: number }).i === 2) await tx.query(`SELECT pg_advisory_xact_lock(hashtext('inbox-lock-test'))`);
        await recordEffect('lock')(m, tx);
      },
    });
    await sut.start();
    try {
      await new Promise((r) => setTimeout(r, 1000));
      await holder.query('COMMIT');
      await eventually(() => sut.counts.processed >= 5);
    } finally {
      holder.release();
      await sut.stop();
    }
    expect(sut.counts).toEqual({ processed: 5, duplicate: 0, 'dead-lettered': 0, skipped: 0 });
    const effects = await effectsOf('lock');
    expect(effects.map((e) => e.message_id)).toEqual(ids);
    // Gave up waiting: one transaction per message, not the chunk's one.
    expect(new Set(effects.map((e) => e.txid)).size).toBe(5);
  });

  it('with lockKey, chunks of two partitions meeting on the same keys in opposite orders wait for each other: no deadlock, nothing redone', async () => {
    const topic = `${testTopicPrefix('inbox_lockkey')}gov.test.events.v1`;
    await provisionTopics(kafka, [{ topic, partitions: 2, withDlq: true }]);
    const producer = kafka.producer();
    await producer.connect();
    const message = (partition: number, key: string, i: number) => ({
      partition,
      key,
      value: JSON.stringify({ key, i }),
      headers: cloudEventHeaders({ id: randomUUID(), source: '/gov/test', type: 'gov.test.Counted.v1' }),
    });
    // Partition 0 touches A then B, partition 1 B then A: taken one by one, the two chunks deadlock.
    await producer.send({ topic, messages: [message(0, 'lockkey-A', 0), message(0, 'lockkey-B', 1), message(1, 'lockkey-B', 2), message(1, 'lockkey-A', 3)] });
    await producer.disconnect();
    const warnings: string[] = [];
    const sut = new InboxConsumer({
      kafka,
      pool: db.pool,
      groupId: 'lockkey',
      topics: [topic],
      maxAttempts: 1,
      logger: { ...silentLogger, warn: (msg) => void warnings.push(msg) },
      lockKey: (m) => (m.data as { key: string }).key,
      handle: async (m, tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1)), pg_sleep(0.15)', [(m.data as { key: string }).key]);
        await recordEffect('lockkey')(m, tx);
      },
    });
    await sut.start();
    try {
      await eventually(() => sut.counts.processed >= 4);
    } finally {
      await sut.stop();
    }
    // Kafka may still redeliver (at least once; counted as duplicates, which the inbox absorbs):
    // what must not happen is a chunk giving up on its locks.
    expect(sut.counts).toMatchObject({ processed: 4, 'dead-lettered': 0, skipped: 0 });
    expect(warnings.filter((w) => w.includes('one by one'))).toEqual([]);
    // One transaction per partition's chunk: neither gave up and went one by one.
    const effects = await effectsOf('lockkey');
    expect(effects).toHaveLength(4);
    expect(new Set(effects.map((e) => e.txid)).size).toBe(2);
  });

  it('applies at most maxBatchMessages in one transaction, not counting what accepts passes over', async () => {
    const topic = await newTopic('inbox_chunk');
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      // Every other message is of a type the consumer does not take.
      messages: Array.from({ length: 60 }, (_, i) => ({
        value: '{}',
        headers: cloudEventHeaders({ id: `chunk-${i}`, source: '/gov/test', type: i % 2 ? 'gov.test.Other.v1' : 'gov.test.Counted.v1' }),
      })),
    });
    await producer.disconnect();
    const sut = new InboxConsumer({
      kafka,
      pool: db.pool,
      groupId: 'chunk',
      topics: [topic],
      maxBatchMessages: 7,
      accepts: (type) => type === 'gov.test.Counted.v1',
      handle: recordEffect('chunk'),
    });
    await sut.start();
    try {
      await eventually(async () => (await committedOffset('chunk', topic)) === '60');
    } finally {
      await sut.stop();
    }
    expect(sut.counts).toEqual({ processed: 30, duplicate: 0, 'dead-lettered': 0, skipped: 30 });
    const effects = await effectsOf('chunk');
    expect(effects.map((e) => e.message_id)).toEqual(Array.from({ length: 30 }, (_, i) => `chunk-${2 * i}`));
    const perTransaction = countBy(effects.map((e) => e.txid));
    expect(Math.max(...perTransaction.values())).toBe(7);
    expect(perTransaction.size).toBe(5); // 7+7+7+7+2
  });

  it('dead-letters only the message that keeps failing in a batch; the others take effect once and the partition moves on', async () => {
    const topic = await newTopic('inbox_batch_dlq');
    const ids = Array.from({ length: 60 }, (_, i) => (i === 30 ? 'poison' : randomUUID()));
    await sendAll(topic, ids.map((id) => ({ id })));
    let poisonCalls = 0;
    const record = recordEffect('batch-dlq');
    const sut = new InboxConsumer({
      kafka,
      pool: db.pool,
      groupId: 'batch-dlq',
      topics: [topic],
      maxAttempts: 3,
      retryBackoffMs: 10,
      maxBatchMessages: 20,
      handle: async (m, tx) => {
        await record(m, tx); // rolled back with the chunk, and for the poison every time
        if (m.id === 'poison') {
          poisonCalls++;
          throw new Error('the effect always fails');
        }
      },
    });
    await sut.start();
    try {
      const dead = await collectMessages(kafka, [dlqTopic(topic)], (m) => m.length >= 1);
      expect(dead).toHaveLength(1);
      expect(dead[0].headers).toMatchObject({ ce_id: 'poison', dlq_error: 'the effect always fails', dlq_original_offset: '30', dlq_attempts: '3' });
      await eventually(async () => (await committedOffset('batch-dlq', topic)) === '60');
      // The partition moves on: a message after the poison takes effect too.
      await sendAll(topic, [{ id: 'after' }]);
      await eventually(async () => (await committedOffset('batch-dlq', topic)) === '61');
    } finally {
      await sut.stop();
    }
    // Its first attempt was in the chunk's transaction, the two retries in its own.
    expect(poisonCalls).toBe(3);
    expect(sut.counts).toEqual({ processed: 60, duplicate: 0, 'dead-lettered': 1, skipped: 0 });
    const effects = await effectsOf('batch-dlq');
    expect(effects.map((e) => e.message_id)).toEqual([...ids.filter((id) => id !== 'poison'), 'after']);
    const txOf = (from: number, to: number) => new Set(effects.filter((e) => Number(e.kafka_offset) >= from && Number(e.kafka_offset) < to).map((e) => e.txid));
    // The chunks around the poison's: one transaction each; the poison's chunk: one per message.
    expect(txOf(0, 20).size).toBe(1);
    expect(txOf(20, 40).size).toBe(19);
    expect(txOf(40, 60).size).toBe(1);
    const { rows } = await db.pool.query(`SELECT outcome FROM msg_inbox WHERE consumer_group = 'batch-dlq' AND message_id = 'poison'`);
    expect(rows).toEqual([{ outcome: 'dead-lettered' }]);
  });

  it('retries a message that fails once in a batch, and applies it and the others once', async () => {
    const topic = await newTopic('inbox_batch_retry');
    const ids = Array.from({ length: 10 }, (_, i) => (i === 4 ? 'flaky' : randomUUID()));
    await sendAll(topic, ids.map((id) => ({ id })));
    let flakyCalls = 0;
    const record = recordEffect('batch-retry');
    const sut = new InboxConsumer({
      kafka,
      pool: db.pool,
      groupId: 'batch-retry',
      topics: [topic],
      maxAttempts: 2,
      retryBackoffMs: 10,
      handle: async (m, tx) => {
        if (m.id === 'flaky' && ++flakyCalls === 1) throw new Error('lost a race');
        await record(m, tx);
      },
    });
    await sut.start();
    try {
      await eventually(async () => (await committedOffset('batch-retry', topic)) === '10');
    } finally {
      await sut.stop();
    }
    expect(flakyCalls).toBe(2);
    expect(sut.counts).toEqual({ processed: 10, duplicate: 0, 'dead-lettered': 0, skipped: 0 });
    expect((await effectsOf('batch-retry')).map((e) => e.message_id)).toEqual(ids);
  });

  it('applies a message redelivered in the same batch or a later one once', async () => {
    const topic = await newTopic('inbox_batch_dup');
    const sut = new InboxConsumer({ kafka, pool: db.pool, groupId: 'batch-dup', topics: [topic], handle: recordEffect('batch-dup') });
    await sut.start();
    try {
      await sendAll(topic, [{ id: 'a' }, { id: 'b' }, { id: 'a' }, { id: 'c' }, { id: 'b' }, { id: 'a' }]);
      await eventually(async () => (await committedOffset('batch-dup', topic)) === '6');
      // Again, after the first were committed: a batch of nothing but duplicates.
      await sendAll(topic, [{ id: 'c' }, { id: 'a' }]);
      await eventually(async () => (await committedOffset('batch-dup', topic)) === '8');
    } finally {
      await sut.stop();
    }
    expect(sut.counts).toEqual({ processed: 3, duplicate: 5, 'dead-lettered': 0, skipped: 0 });
    const effects = await effectsOf('batch-dup');
    // The first delivery of each id is the one applied.
    expect(effects.map((e) => [e.message_id, e.kafka_offset])).toEqual([
      ['a', '0'],
      ['b', '1'],
      ['c', '3'],
    ]);
    expect(
      (await db.pool.query(`SELECT message_id, kafka_offset::text FROM msg_inbox WHERE consumer_group = 'batch-dup' ORDER BY message_id`)).rows.map((r) => [r.message_id, r.kafka_offset]),
    ).toEqual([
      ['a', '0'],
      ['b', '1'],
      ['c', '3'],
    ]);
  });

  it('sends a malformed message in a batch to the DLQ and applies the rest of the batch together', async () => {
    const topic = await newTopic('inbox_batch_bad');
    await sendAll(topic, [{ id: 'good-1' }, { id: 'bad', value: '{not json' }, { id: 'good-2' }]);
    const sut = new InboxConsumer({ kafka, pool: db.pool, groupId: 'batch-bad', topics: [topic], handle: recordEffect('batch-bad') });
    await sut.start();
    try {
      const dead = await collectMessages(kafka, [dlqTopic(topic)], (m) => m.length >= 1);
      expect(dead[0].headers).toMatchObject({ ce_id: 'bad', dlq_error_type: 'MalformedMessageError', dlq_attempts: '1' });
      await eventually(async () => (await committedOffset('batch-bad', topic)) === '3');
    } finally {
      await sut.stop();
    }
    expect(sut.counts).toEqual({ processed: 2, duplicate: 0, 'dead-lettered': 1, skipped: 0 });
    const effects = await effectsOf('batch-bad');
    expect(effects.map((e) => e.message_id)).toEqual(['good-1', 'good-2']);
    expect(new Set(effects.map((e) => e.txid)).size).toBe(1);
  });

  it('does not take a handler that swallowed an SQL error for applied: that message is dead-lettered, the others take effect', async () => {
    const topic = await newTopic('inbox_batch_swallow');
    await sendAll(topic, [{ id: 'ok-1' }, { id: 'swallows' }, { id: 'ok-2' }]);
    const record = recordEffect('batch-swallow');
    const sut = new InboxConsumer({
      kafka,
      pool: db.pool,
      groupId: 'batch-swallow',
      topics: [topic],
      maxAttempts: 2,
      retryBackoffMs: 10,
      handle: async (m, tx) => {
        await record(m, tx);
        // The transaction is now aborted; COMMIT would answer ROLLBACK.
        if (m.id === 'swallows') await tx.query('SELECT 1/0').catch(() => undefined);
      },
    });
    await sut.start();
    try {
      const dead = await collectMessages(kafka, [dlqTopic(topic)], (m) => m.length >= 1);
      expect(dead[0].headers).toMatchObject({ ce_id: 'swallows', dlq_attempts: '2' });
      expect(dead[0].headers.dlq_error).toMatch(/rolled back at COMMIT/);
      await eventually(async () => (await committedOffset('batch-swallow', topic)) === '3');
    } finally {
      await sut.stop();
    }
    expect(sut.counts).toEqual({ processed: 2, duplicate: 0, 'dead-lettered': 1, skipped: 0 });
    expect((await effectsOf('batch-swallow')).map((e) => e.message_id)).toEqual(['ok-1', 'ok-2']);
  });
});

function countBy(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}
