// One process of the house-transfer bench's floor (bare-saga.ts): per step, one PostgreSQL
// transaction (inbox rows + event rows) per fetched batch, then a produce with acks=all. No framework, no relay.
import { createServer, type IncomingMessage } from 'node:http';
import { Pool } from 'pg';
import { createKafka } from '@gov/messaging';
import type { BareMessage, BareStep } from './bare-saga';

const role = process.env.BARE_ROLE!;
const steps = (JSON.parse(process.env.BARE_STEPS!) as BareStep[]).filter((s) => s.at === role);
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const kafka = createKafka({ clientId: `bare-${role}`, brokers: process.env.KAFKA_BROKERS!.split(',') });
// As the services' relay: idempotent, one request in flight.
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });

/**
 * The steps' durable effects, once per message, in one transaction for the whole batch (as the
 * services' inbox consumer does with a fetched batch), then their messages to the next steps.
 */
async function apply(batch: readonly { step: BareStep; message: BareMessage }[]): Promise<void> {
  const client = await pool.connect();
  let fresh: Set<string>;
  const id = (b: (typeof batch)[number]) => `${b.message.caseId}:${b.step.name}`;
  try {
    await client.query('BEGIN');
    const inbox = await client.query<{ id: string }>('INSERT INTO bare_inbox (id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING RETURNING id', [batch.map(id)]);
    fresh = new Set(inbox.rows.map((r) => r.id));
    const effects = batch.filter((b) => fresh.has(id(b)));
    if (effects.length) {
      await client.query('INSERT INTO bare_events (stream_id, type, data) SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[])', [
        effects.map((b) => b.message.caseId),
        effects.map((b) => b.step.name),
        effects.map((b) => JSON.stringify(b.message.payload)),
      ]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  const byTopic = new Map<string, { key: string; value: string }[]>();
  for (const b of batch) {
    if (!fresh.has(id(b))) continue;
    const next: BareMessage = { ...b.message, step: b.step.name, ...(b.step.last ? { completedAt: Date.now() } : {}) };
    const messages = byTopic.get(b.step.to) ?? [];
    messages.push({ key: b.message.caseId, value: JSON.stringify(next) });
    byTopic.set(b.step.to, messages);
  }
  if (byTopic.size) await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (text += d));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

async function main(): Promise<void> {
  await pool.query(`CREATE TABLE IF NOT EXISTS bare_inbox (id text PRIMARY KEY);
    CREATE TABLE IF NOT EXISTS bare_events (position bigserial PRIMARY KEY, stream_id text NOT NULL, type text NOT NULL, data jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())`);
  await producer.connect();
  const consumed = steps.filter((s) => s.from !== 'http');
  if (consumed.length) {
    const consumer = kafka.consumer({ groupId: `bare-${role}`, sessionTimeout: 10_000, heartbeatInterval: 1000 });
    await consumer.connect();
    await consumer.subscribe({ topics: [...new Set(consumed.map((s) => s.from))], fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch }) => {
        const work: { step: BareStep; message: BareMessage }[] = [];
        for (const raw of batch.messages) {
          const message = JSON.parse(raw.value!.toString()) as BareMessage;
          const step = consumed.find((s) => s.from === batch.topic && s.after === message.step);
          if (step) work.push({ step, message });
        }
        if (work.length) await apply(work);
      },
    });
  }
  const server = createServer((req, res) => {
    const step = steps.find((s) => s.from === 'http' && s.path === req.url);
    if (!step || req.method !== 'POST') {
      res.writeHead(404).end();
      return;
    }
    body(req)
      .then((text) => {
        const m = JSON.parse(text) as BareMessage;
        return apply([{ step, message: step.first ? { ...m, acceptedAt: Date.now() } : m }]);
      })
      .then(
        () => res.writeHead(204).end(),
        (error: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(error.message),
      );
  });
  server.listen(Number(process.env.HTTP_PORT), '127.0.0.1', () => process.stdout.write(`bare ${role} ready\n`));
  process.on('SIGTERM', () => {
    server.close();
    void producer.disconnect().finally(() => process.exit(0));
  });
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
