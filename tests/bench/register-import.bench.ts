// npm run bench -- register-import
// Bulk register import through the real path (HTTP upload streamed into the running
// service: parse, validate, batched appends, read models) beside a raw batched INSERT
// of the same rows, same run, same machine. Also the service's peak RSS growth.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { makeResidentId } from '@gov/identity';
import {
  createTestDatabase,
  freePort,
  issueTestToken,
  runTsProcess,
  serviceTestEnv,
  testTopicPrefix,
} from '@gov/testing';
import { concurrently, report, timed } from './bench-kit';

const UNITS = Number(process.env.BENCH_IMPORT_UNITS ?? 100_000);
const BATCH = 500;
const CONCURRENCY = 3;
const HEADER = 'unitNumber,location,areaM2,use,owners,acquisitionDate,originalPriceFen';

// 1,000 owners reused across the units, as a district register has families owning several.
const people = Array.from({ length: 999 }, (_, i) => ({ name: `业主${i + 1}`, idNumber: makeResidentId({ sequence: i + 1, birthDate: `19${50 + (i % 40)}-03-15` }) }));
const unitNumber = (n: number) => `500102001001GB${String(Math.floor(n / 100_000_000)).padStart(5, '0')}F${String(n % 100_000_000).padStart(8, '0')}`;
const row = (n: number) => {
  const a = people[n % people.length];
  const b = people[(n * 7 + 3) % people.length];
  const owners = a === b ? `${a.name}|resident-id|${a.idNumber}|1` : `${a.name}|resident-id|${a.idNumber}|1/2;${b.name}|resident-id|${b.idNumber}|1/2`;
  return {
    unitNumber: unitNumber(n),
    location: `重庆市涪陵区崇义街道太极大道${n}号`,
    areaHundredthsM2: 6000 + (n % 9000),
    use: 'residential',
    owners,
    acquisitionDate: `20${String(10 + (n % 15)).padStart(2, '0')}-05-20`,
    originalPriceFen: n % 7 === 0 ? null : 30_000_000 + n,
  };
};
const csvLine = (n: number) => {
  const r = row(n);
  return `${r.unitNumber},"${r.location}",${(r.areaHundredthsM2 / 100).toFixed(2)},住宅,${r.owners},${r.acquisitionDate},${r.originalPriceFen ?? ''}`;
};

/** The service as its own process (its RSS is then its own): from dist/ when the bench runs built, from sources otherwise. */
function startService(env: Record<string, string>): { pid: number; listening: Promise<void>; stop: () => Promise<void> } {
  const built = __filename.endsWith('.js');
  // The same relative place in the sources and in dist/.
  const main = join(__dirname, '..', '..', 'apps', 'real-estate-registration', 'src', built ? 'main.js' : 'main.ts');
  if (!built) {
    const p = runTsProcess(main, env);
    return { pid: p.pid, listening: p.waitForOutput(/real-estate-registration listening/, 60_000).then(() => undefined), stop: () => p.kill('SIGTERM') };
  }
  const child = spawn(process.execPath, ['--enable-source-maps', main], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const listening = new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      if (out.length < 100_000) out += d.toString('utf8');
      if (/real-estate-registration listening/.test(out)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the service exited with ${code}: ${out.slice(-2000)}`)));
  });
  return {
    pid: child.pid!,
    listening,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/** Streams the generated file as a chunked upload, honouring backpressure; nothing is held whole. */
function upload(url: string, token: string, first: number, units: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/v1/units/import`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    let n = 0;
    req.write(`${HEADER}\n`);
    const write = () => {
      while (n < units) {
        const lines: string[] = [];
        for (const end = Math.min(units, n + 200); n < end; n++) lines.push(csvLine(first + n));
        if (!req.write(`${lines.join('\n')}\n`)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

async function main(): Promise<void> {
  const db = await createTestDatabase('bench_register_import', { max: CONCURRENCY + 2 });
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  const service = startService(
    serviceTestEnv(db.url, testTopicPrefix('bench_register_import'), {
      HTTP_PORT: String(httpPort),
      GRPC_PORT: String(grpcPort),
      LOG_LEVEL: 'info',
      IMPORT_BATCH_SIZE: String(BATCH),
      IMPORT_CONCURRENCY: String(CONCURRENCY),
      NODE_OPTIONS: process.env.BENCH_SERVICE_NODE_OPTIONS ?? '',
    }),
  );
  try {
    await service.listening;
    const url = `http://127.0.0.1:${httpPort}`;
    const token = await issueTestToken({ roles: ['clerk'], department: 'real-estate', subject: 'bench' });

    // Warm up the import path (and the relay) with a small file on other unit numbers.
    const WARM = 2000;
    const warm = await upload(url, token, 90_000_001, WARM);
    if (warm.status !== 200) throw new Error(`warm-up import failed: ${warm.status} ${warm.body.slice(0, 500)}`);

    // 1. The import path, over HTTP, with the service's RSS sampled throughout.
    const rssBefore = rssKb(service.pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssKb(service.pid))), 50);
    const imported = await timed(() => upload(url, token, 1, UNITS));
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, rssKb(service.pid));
    const result = JSON.parse(imported.result.body) as { imported: number; rejected: number };
    if (imported.result.status !== 200 || result.imported !== UNITS) throw new Error(`import did not take every unit: ${imported.result.body.slice(0, 500)}`);
    const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM re_units');
    if (rows[0].n !== UNITS + WARM) throw new Error(`expected ${UNITS} units in the read model, found ${rows[0].n - WARM}`);

    // 2. Raw baseline: the same rows, batched multi-row INSERTs, same batch size and concurrency.
    await db.pool.query('CREATE TABLE raw_units (LIKE re_units INCLUDING DEFAULTS INCLUDING INDEXES)');
    const columns = '(unit_number, status, location, area_hundredths_m2, use, owners, acquisition_date, original_price_fen, registered_at, version)';
    const placeholders = (count: number) => Array.from({ length: count }, (_, i) => `(${Array.from({ length: 10 }, (_, c) => `$${i * 10 + c + 1}`).join(', ')})`).join(', ');
    const batches = Math.ceil(UNITS / BATCH);
    const raw = await timed(() =>
      concurrently(CONCURRENCY, async (w) => {
        for (let b = w; b < batches; b += CONCURRENCY) {
          const params: unknown[] = [];
          let count = 0;
          for (let n = b * BATCH + 1; n <= Math.min(UNITS, (b + 1) * BATCH); n++, count++) {
            const r = row(n);
            const owners = r.owners.split(';').map((o) => {
              const [name, idType, idNumber, share] = o.split('|');
              const [numerator, denominator = '1'] = share.split('/');
              return { name, idType, idNumber, share: { numerator: Number(numerator), denominator: Number(denominator) } };
            });
            params.push(r.unitNumber, 'registered', r.location, r.areaHundredthsM2, r.use, JSON.stringify(owners), r.acquisitionDate, r.originalPriceFen, new Date(), 1);
          }
          await db.pool.query(`INSERT INTO raw_units ${columns} VALUES ${placeholders(count)}`, params);
        }
      }),
    );

    const ok = report(
      `register-import benchmark (${new Date().toISOString()}, ${UNITS} units, batches of ${BATCH}, ${CONCURRENCY} in flight)`,
      [{ metric: 'units imported/s (HTTP CSV upload → read models)', subject: UNITS / (imported.ms / 1000), baseline: UNITS / (raw.ms / 1000), unit: 'units/s' }],
      [
        `import: ${(imported.ms / 1000).toFixed(1)} s; raw INSERT: ${(raw.ms / 1000).toFixed(1)} s`,
        `service peak RSS growth during the import: ${((rssPeak - rssBefore) / 1024).toFixed(0)} MB (RSS ${(rssBefore / 1024).toFixed(0)} → peak ${(rssPeak / 1024).toFixed(0)} MB)`,
        'the import writes per unit: stream head + hash-chained event + unit row + history row, after parsing and GB 11643 checks;',
        'baseline: multi-row INSERT of the same unit rows into a table shaped like the unit read model; the relay publishes to Kafka meanwhile',
      ],
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    await service.stop();
    await db.drop();
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
