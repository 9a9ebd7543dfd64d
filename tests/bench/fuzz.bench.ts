// npm run bench -- fuzz
// The edge fuzz at length: the four services as processes (what `npm start`
// runs) on the real PostgreSQL and Kafka, BENCH_FUZZ_VARIANTS variants per
// route and gRPC method (default 300; `npm test` runs 30), every answer checked
// as in the test. Throughput is printed against a trivial route (/health/live)
// measured in the same run, one request at a time like the fuzz.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { edgeFuzzTokens, formatFuzzReport, fuzzServiceEdge, REPO_ROOT, type EdgeFuzzReport } from '@gov/testing';
import { Stack, type ServiceName } from '../e2e/support/stack';
import { report } from './bench-kit';

const VARIANTS = Number(process.env.BENCH_FUZZ_VARIANTS ?? 300);
const SEED = Number(process.env.BENCH_FUZZ_SEED ?? 20261207);
const BASELINE_REQUESTS = 2000;

const SERVICES: readonly { name: ServiceName; proto: string; department: string }[] = [
  { name: 'real-estate-registration', proto: 'real-estate.proto', department: 'real-estate' },
  { name: 'tax', proto: 'tax.proto', department: 'tax' },
  { name: 'joint-processing', proto: 'joint-processing.proto', department: 'joint-window' },
  { name: 'supervision', proto: 'supervision.proto', department: 'tax' },
];

async function healthRate(url: string): Promise<number> {
  const t = process.hrtime.bigint();
  for (let i = 0; i < BASELINE_REQUESTS; i++) await (await fetch(`${url}/health/live`)).text();
  return BASELINE_REQUESTS / (Number(process.hrtime.bigint() - t) / 1e9);
}

async function main(): Promise<void> {
  const stack = await Stack.start(SERVICES.map((s) => s.name));
  const reports: EdgeFuzzReport[] = [];
  const rows = [];
  let ok = true;
  try {
    for (const s of SERVICES) {
      const baseline = await healthRate(stack.url(s.name));
      const r = await fuzzServiceEdge({
        service: s.name,
        httpUrl: stack.url(s.name),
        grpcAddress: stack.grpcAddress(s.name),
        protoPath: join(REPO_ROOT, 'libs', 'contracts', 'src', 'proto', s.proto),
        pool: stack.db(s.name).pool,
        tokens: await edgeFuzzTokens(s.department),
        variantsPerOperation: VARIANTS,
        seed: SEED,
      });
      process.stdout.write(`${formatFuzzReport(r)}\n`);
      reports.push(r);
      ok &&= r.findings.length === 0;
      rows.push({ metric: `${s.name}: fuzz requests/s (event log read around each)`, subject: r.requests / (r.durationMs / 1000), baseline, unit: 'req/s' });
    }
  } finally {
    await stack.stop();
  }
  const total = reports.reduce((n, r) => n + r.requests, 0);
  const findings = reports.reduce((n, r) => n + r.findings.length, 0);
  report(`Edge fuzz: ${VARIANTS} variants per route/method, seed ${SEED}`, rows, [
    `${total} requests, ${findings} findings (5xx, INTERNAL/UNKNOWN, a 4xx that is not problem+json or names no field, a refused request that moved the event log)`,
    'baseline: GET /health/live of the same service, sequential, in the same run',
  ]);
  const dir = join(REPO_ROOT, '.local', 'bench');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'fuzz.json'),
    JSON.stringify({ at: new Date().toISOString(), variantsPerOperation: VARIANTS, seed: SEED, rows, reports: reports.map((r) => ({ ...r, acceptedWrites: r.acceptedWrites.length })) }, null, 2),
  );
  if (!ok) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
