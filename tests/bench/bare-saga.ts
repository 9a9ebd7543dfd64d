// The house-transfer bench's floor: the saga's critical path with nothing but the durable work
// each of its steps must do at least — one PostgreSQL transaction (inbox row + event row) and a
// produce with acks=all — in three worker processes, driven like the real run (same clients,
// same event-driven bank). No framework, auth, validation, projection, relay or parallel branch:
// what the real saga could reach on this machine at best.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createKafka, provisionTopics } from '@gov/messaging';
import { REPO_ROOT, createTestDatabase, freePort, runTsProcess, testInfrastructure, testTopicPrefix, type RunningProcess, type TestDatabase } from '@gov/testing';
import { concurrently, cpuSecondsByProcess, machineCpuSeconds, sharedProcessLabel, timed } from './bench-kit';

export interface BareMessage {
  readonly caseId: string;
  /** The step this message reports as done. */
  readonly step: string;
  readonly acceptedAt?: number;
  readonly completedAt?: number;
  readonly payload: unknown;
}

export interface BareStep {
  readonly name: string;
  /** The worker process that takes the step. */
  readonly at: 'joint' | 'tax' | 'registry';
  /** A topic it consumes (a message reporting `after`), or `http` (POST `path`). */
  readonly from: string;
  readonly after?: string;
  readonly path?: string;
  readonly to: string;
  readonly first?: boolean;
  readonly last?: boolean;
}

const ROLES = ['joint', 'tax', 'registry'] as const;

/**
 * The real saga's critical path (house-transfer.bench.ts, SEQUENTIAL_HOPS): six Kafka hops and
 * the bank's HTTP confirmation. The registry's lock and tax's assessment reaching the joint case
 * run beside it in the real saga and are left out here.
 */
function stepsFor(prefix: string): BareStep[] {
  const t = (name: string) => `${prefix}bare.${name}.v1`;
  return [
    { name: 'accepted', at: 'joint', from: 'http', path: '/cases', to: t('tax.commands'), first: true },
    { name: 'assessed', at: 'tax', from: t('tax.commands'), after: 'accepted', to: t('tax.events') }, // hop 1; hop 2 to the bank
    { name: 'paid', at: 'tax', from: 'http', path: '/payments', to: t('tax.events') },
    { name: 'clearance-recorded', at: 'registry', from: t('tax.events'), after: 'paid', to: t('registry.events') }, // hop 3, 4
    { name: 'register-sent', at: 'joint', from: t('registry.events'), after: 'clearance-recorded', to: t('registry.commands') }, // hop 5
    { name: 'certificate-issued', at: 'registry', from: t('registry.commands'), after: 'register-sent', to: t('registry.events') }, // hop 6
    { name: 'completed', at: 'joint', from: t('registry.events'), after: 'certificate-issued', to: t('joint.events'), last: true },
  ];
}

/** About the size of the real messages (parties, unit, amounts). */
const payloadOf = (caseId: string) => ({
  caseId,
  unitNumber: `500102-${caseId.slice(0, 8)}`,
  sellers: [{ name: 'x'.repeat(12), idType: 'resident', idNumber: '110101199003074514' }],
  buyers: [{ name: 'y'.repeat(12), idType: 'resident', idNumber: '110101199003071234', share: { numerator: 1, denominator: 1 } }],
  contractPriceFen: 150_000_000,
  totals: { totalFen: 4_500_000, sellerFen: 1_500_000, buyerFen: 3_000_000 },
});

export interface BareRun {
  /** Acceptance → completion, sorted, ms. */
  readonly loaded: number[];
  readonly unloaded: number[];
  readonly casesPerSecond: number;
  readonly cpuMsPerCase: number;
  /** CPU ms per case by process: the workers, the bench, PostgreSQL, Kafka. */
  readonly cpuByProcess: readonly (readonly [string, number])[];
}

export async function runBareSaga(options: { cases: number; concurrency: number; warmup: number; unloaded: number }): Promise<BareRun> {
  const prefix = testTopicPrefix('bench_bare');
  const steps = stepsFor(prefix);
  const kafka = createKafka({ clientId: 'bench-bare', brokers: testInfrastructure.kafkaBrokers });
  await provisionTopics(kafka, [...new Set(steps.map((s) => s.to))].map((topic) => ({ topic, partitions: 3 })));
  const workers: { db: TestDatabase; port: number; proc: RunningProcess }[] = [];
  const waiting = new Map<string, (m: BareMessage) => void>();
  const bank = kafka.consumer({ groupId: `bench-bare-bank-${randomUUID()}` });
  const watcher = kafka.consumer({ groupId: `bench-bare-watcher-${randomUUID()}` });
  try {
    for (const role of ROLES) {
      const db = await createTestDatabase(`bench_bare_${role}`);
      const port = await freePort();
      const proc = runTsProcess(join(REPO_ROOT, 'tests', 'bench', 'bare-saga.worker.ts'), {
        BARE_ROLE: role,
        BARE_STEPS: JSON.stringify(steps),
        DATABASE_URL: db.url,
        KAFKA_BROKERS: testInfrastructure.kafkaBrokers.join(','),
        HTTP_PORT: String(port),
      });
      workers.push({ db, port, proc });
      await proc.waitForOutput(/bare \w+ ready/, 60_000);
    }
    const url = (role: (typeof ROLES)[number], path: string) => `http://127.0.0.1:${workers[ROLES.indexOf(role)].port}${path}`;
    const post = async (target: string, m: BareMessage) => {
      const res = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(m) });
      if (res.status !== 204) throw new Error(`bare worker ${target} answered ${res.status}: ${await res.text()}`);
    };
    await Promise.all([bank.connect(), watcher.connect()]);
    await bank.subscribe({ topics: [`${prefix}bare.tax.events.v1`], fromBeginning: true });
    await watcher.subscribe({ topics: [`${prefix}bare.joint.events.v1`], fromBeginning: true });
    // The bank, as in the real run: it learns of the order from tax's events and confirms over HTTP.
    await bank.run({
      partitionsConsumedConcurrently: 3,
      eachMessage: async ({ message }) => {
        const m = JSON.parse(message.value!.toString()) as BareMessage;
        if (m.step === 'assessed') await post(url('tax', '/payments'), m);
      },
    });
    await watcher.run({
      partitionsConsumedConcurrently: 3,
      eachMessage: async ({ message }) => {
        const m = JSON.parse(message.value!.toString()) as BareMessage;
        waiting.get(m.caseId)?.(m);
      },
    });
    const runCase = async (): Promise<number> => {
      const caseId = randomUUID();
      const done = new Promise<BareMessage>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`bare case ${caseId} did not complete within 60 s`)), 60_000);
        waiting.set(caseId, (m) => {
          clearTimeout(timer);
          waiting.delete(caseId);
          resolve(m);
        });
      });
      await post(url('joint', '/cases'), { caseId, step: 'start', payload: payloadOf(caseId) });
      const m = await done;
      return m.completedAt! - m.acceptedAt!;
    };
    const clients = async (cases: number): Promise<number[]> => {
      const latencies: number[] = [];
      await concurrently(options.concurrency, async (w) => {
        for (let i = w; i < cases; i += options.concurrency) latencies.push(await runCase());
      });
      return latencies;
    };
    await runCase(); // the topics are new: consumers that join late still read from the start
    await clients(options.warmup);
    const byProcess = () =>
      cpuSecondsByProcess((pid, cmdline) => {
        const w = workers.findIndex((x) => x.proc.pid === pid);
        return w >= 0 ? `bare ${ROLES[w]}` : sharedProcessLabel(pid, cmdline);
      });
    const processesBefore = byProcess();
    const cpuBefore = machineCpuSeconds();
    const run = await timed(() => clients(options.cases));
    const cpuSeconds = machineCpuSeconds() - cpuBefore;
    const cpuByProcess = [...byProcess()]
      .map(([name, seconds]) => [name, ((seconds - (processesBefore.get(name) ?? 0)) / options.cases) * 1000] as const)
      .sort((a, b) => b[1] - a[1]);
    const unloaded: number[] = [];
    for (let i = 0; i < options.unloaded; i++) unloaded.push(await runCase());
    return {
      loaded: run.result.sort((a, b) => a - b),
      unloaded: unloaded.sort((a, b) => a - b),
      casesPerSecond: options.cases / (run.ms / 1000),
      cpuMsPerCase: (cpuSeconds / options.cases) * 1000,
      cpuByProcess,
    };
  } finally {
    await Promise.all([bank.disconnect(), watcher.disconnect()].map((p) => p.catch(() => undefined)));
    await Promise.all(workers.map((w) => w.proc.kill('SIGTERM')));
    await Promise.all(workers.map((w) => w.db.drop()));
  }
}
