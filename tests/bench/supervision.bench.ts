// npm run bench -- supervision
// Rebuilding supervision from lifecycle events on Kafka (default 1,000,000;
// BENCH_SUPERVISION_EVENTS), beside a raw kafkajs consumer that only counts the
// same topic, in the same run. Supervision runs as its own process (dist main.js),
// from offset 0 of a fresh database: inbox, case read model and timers per event.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseLifecycleEvent } from '@gov/contracts';
import { cloudEventHeaders, createKafka, eventsTopic, provisionTopics } from '@gov/messaging';
import { addWorkingDays, formatShanghai, seedCatalog, toInstant, type ServiceItem } from '@gov/service-standards';
import { createTestDatabase, freePort, issueTestToken, serviceTestEnv, testInfrastructure, testTopicPrefix } from '@gov/testing';
import { report, timed } from './bench-kit';

const EVENTS = Number(process.env.BENCH_SUPERVISION_EVENTS ?? 1_000_000);
const PARTITIONS = Number(process.env.BENCH_SUPERVISION_PARTITIONS ?? 3);
const SEND_BATCH = 2000;
const DEPARTMENT = 'health-licensing';
const CASES_PER_DAY = 400;
const FIRST_DAY = '2018-09-03';
const HOUR = 3_600_000;

interface Progress {
  /** Messages the inbox consumer took, with effect or into the DLQ. */
  done: number;
  deadLettered: number;
  rssBytes: number;
}

/**
 * Case n of a generated history over the seed catalog's items: accepted on a
 * working day from 2018-09-03 (400 a day), one review step per catalog step,
 * a wait for materials in one case of ten, decided and completed early, on
 * time or late in turn. Yields lifecycle events one case at a time.
 */
function* history(items: readonly ServiceItem[]): Generator<CaseLifecycleEvent> {
  for (let n = 0; ; n++) {
    const item = items[n % items.length];
    const day = addWorkingDays(FIRST_DAY, Math.floor(n / CASES_PER_DAY));
    const acceptedAt = new Date(toInstant(day).getTime() + 9 * HOUR + (n % CASES_PER_DAY) * 60_000);
    const ref = { caseId: `bench-${n}`, itemCode: item.code, catalogVersion: '2018-08', department: item.department };
    const at = (d: Date) => formatShanghai(d);
    let done: Date;
    if (item.promisedLimit.unit === 'hours' || item.immediate) done = new Date(acceptedAt.getTime() + 10 * 60_000);
    else {
      const days = [Math.floor(item.promisedLimit.value / 2), item.promisedLimit.value, item.promisedLimit.value + 1][n % 3];
      done = new Date(toInstant(addWorkingDays(day, days)).getTime() + 15 * HOUR);
    }
    yield { type: 'CaseAccepted', data: { ...ref, at: at(acceptedAt), applicantIds: [`party-${n}`] } };
    yield { type: 'CaseStepCompleted', data: { ...ref, at: at(acceptedAt), step: 'accept' } };
    if (n % 10 === 7 && !item.immediate && item.promisedLimit.unit === 'working-days') {
      yield { type: 'CaseSuspended', data: { ...ref, at: at(new Date(acceptedAt.getTime() + HOUR)), reason: 'awaiting-materials' } };
      yield { type: 'CaseResumed', data: { ...ref, at: at(new Date(acceptedAt.getTime() + 2 * HOUR)) } };
    }
    for (const step of item.steps.slice(1, -1)) yield { type: 'CaseStepCompleted', data: { ...ref, at: at(new Date(done.getTime() - 2 * 60_000)), step: step.code } };
    yield { type: 'CaseDecided', data: { ...ref, at: at(new Date(done.getTime() - 60_000)), outcome: 'approved' } };
    yield { type: 'CaseCompleted', data: { ...ref, at: at(done), outcome: 'approved' } };
  }
}

async function produce(kafka: ReturnType<typeof createKafka>, topic: string): Promise<number> {
  const items = seedCatalog().latest().items();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const events = history(items);
  let cases = 0;
  let sent = 0;
  while (sent < EVENTS) {
    const batch = [];
    for (let i = 0; i < SEND_BATCH && sent + i < EVENTS; i++) {
      const e = events.next().value as CaseLifecycleEvent;
      if (e.type === 'CaseAccepted') cases++;
      batch.push({
        key: `case-lifecycle-${e.data.caseId}`,
        value: JSON.stringify(e.data),
        headers: cloudEventHeaders({ id: randomUUID(), source: `/gov/${DEPARTMENT}`, type: `gov.${DEPARTMENT}.${e.type}.v1`, subject: `case-lifecycle-${e.data.caseId}`, time: e.data.at }),
      });
    }
    await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: batch }] });
    sent += batch.length;
  }
  await producer.disconnect();
  return cases;
}

/** Only counts: the ceiling for anything that reads the topic from the beginning. */
async function rawCount(kafka: ReturnType<typeof createKafka>, topic: string): Promise<number> {
  const consumer = kafka.consumer({ groupId: `bench-raw-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let count = 0;
  let first = 0;
  const ms = await new Promise<number>((resolve, reject) => {
    consumer
      .run({
        eachBatch: async ({ batch }) => {
          if (count === 0) first = performance.now();
          count += batch.messages.length;
          if (count >= EVENTS) resolve(performance.now() - first);
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return ms;
}

async function scrape(url: string): Promise<Progress | null> {
  try {
    const text = await (await fetch(`${url}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    const deadLettered = value('consumer_dead_lettered_messages');
    return { done: value('consumer_processed_messages') + deadLettered, deadLettered, rssBytes: value('process_resident_memory_bytes') };
  } catch {
    return null;
  }
}

function startSupervision(env: Record<string, string>): ChildProcess {
  const compiled = join(__dirname, '..', '..', 'apps', 'supervision', 'src', 'main.js');
  const args = existsSync(compiled)
    ? ['--enable-source-maps', compiled]
    : ['-r', join(__dirname, '..', '..', 'libs', 'testing', 'register.js'), join(__dirname, '..', '..', 'apps', 'supervision', 'src', 'main.ts')];
  // e.g. BENCH_SUPERVISION_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the service.
  const nodeArgs = (process.env.BENCH_SUPERVISION_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  return child;
}

async function main(): Promise<void> {
  const kafka = createKafka({ clientId: 'bench-supervision', brokers: testInfrastructure.kafkaBrokers });
  const prefix = testTopicPrefix('bench_supervision');
  const topic = eventsTopic(DEPARTMENT, prefix);
  await provisionTopics(kafka, [{ topic, partitions: PARTITIONS, withDlq: true }]);

  const produced = await timed(() => produce(kafka, topic));
  const cases = produced.result;
  process.stdout.write(`produced ${EVENTS} lifecycle events (${cases} cases) in ${(produced.ms / 1000).toFixed(1)} s\n`);

  const rawMs = await rawCount(kafka, topic);
  process.stdout.write(`raw kafkajs count: ${(rawMs / 1000).toFixed(1)} s\n`);

  const db = await createTestDatabase('bench_supervision');
  const httpPort = await freePort();
  const url = `http://127.0.0.1:${httpPort}`;
  const child = startSupervision(
    serviceTestEnv(db.url, prefix, { HTTP_PORT: String(httpPort), GRPC_PORT: String(await freePort()), SUPERVISED_SERVICES: DEPARTMENT, LOG_LEVEL: 'warn', DB_POOL_MAX: '10' }),
  );
  let first = 0;
  let last = 0;
  let peakRss = 0;
  let lastReport = 0;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`supervision exited with ${child.exitCode}`);
      const p = await scrape(url);
      const now = performance.now();
      if (p && Number.isFinite(p.done)) {
        peakRss = Math.max(peakRss, p.rssBytes);
        if (p.done > 0 && first === 0) {
          first = now;
          lastReport = now;
        }
        if (now - lastReport > 30_000 && first > 0) {
          lastReport = now;
          process.stdout.write(`supervision: ${p.done} / ${EVENTS} (${(p.done / ((now - first) / 1000)).toFixed(0)} events/s, rss ${(p.rssBytes / 2 ** 20).toFixed(0)} MiB)\n`);
        }
        if (p.done >= EVENTS) {
          last = now;
          if (p.deadLettered > 0) process.stdout.write(`warning: ${p.deadLettered} messages went to the DLQ\n`);
          break;
        }
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const supervisionMs = last - first;
    const { rows } = await db.pool.query<{ cases: string; completed: string; timers: string }>(
      `SELECT (SELECT count(*) FROM sv_cases) AS cases, (SELECT count(*) FROM sv_cases WHERE status = 'completed') AS completed, (SELECT count(*) FROM sv_timers) AS timers`,
    );
    const token = await issueTestToken({ roles: ['supervisor'] });
    const stats = await timed(async () => {
      const res = await fetch(`${url}/api/v1/statistics?from=2018-09-01&to=2030-12-31`, { headers: { authorization: `Bearer ${token}` } });
      return (await res.json()) as { center: { cases: number; earlyCompletionRate: { percent: number }; onTimeRate: { percent: number }; averageReviewSteps: number } };
    });
    report(
      `supervision benchmark (${new Date().toISOString()}, ${EVENTS} lifecycle events, ${cases} cases, ${PARTITIONS} partitions)`,
      [{ metric: 'rebuild: lifecycle events/s (inbox + read model)', subject: EVENTS / (supervisionMs / 1000), baseline: EVENTS / (rawMs / 1000), unit: 'events/s' }],
      [
        'baseline: a raw kafkajs consumer (eachBatch) that only counts the same topic from offset 0',
        `supervision: its own process from a fresh database, first to last message ${(supervisionMs / 1000).toFixed(1)} s; peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB; bench process heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`,
        `read model: ${rows[0].cases} cases (${rows[0].completed} completed), ${rows[0].timers} timers left; produce: ${(EVENTS / (produced.ms / 1000)).toFixed(0)} events/s`,
        `statistics over the whole history: ${stats.result.center.cases} cases in ${(stats.ms / 1000).toFixed(1)} s (early ${stats.result.center.earlyCompletionRate.percent}%, on time ${stats.result.center.onTimeRate.percent}%, review steps ${stats.result.center.averageReviewSteps?.toFixed(2)})`,
      ],
    );
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await db.drop();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, `${topic}.dlq`] }).catch(() => undefined);
    await admin.disconnect();
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
