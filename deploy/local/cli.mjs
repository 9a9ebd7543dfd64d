#!/usr/bin/env node
// The project's entry points: npm start | stop | test | bench | build | infra.
// Plain Node with no dependencies, so it runs on a fresh clone before `npm ci`.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, readFileSync, mkdirSync, writeFileSync, rmSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { generateKeyPairSync } from 'node:crypto';
import { ensureKafka, stopKafka, installKafka, repoRoot } from './kafka.mjs';
import { ensureKustomize } from './tools.mjs';
import { ensurePostgres, stopPostgres, pgEnv } from './postgres.mjs';
import { log, waitFor, portOpen } from './util.mjs';
import { launch, waitUntilReady, portsTaken } from './launch.mjs';
import { ensureNodeRuntime } from './node-runtime.mjs';

// First of all: on a Node older than 24 this re-runs the command on a local Node 24 and
// never returns (the modules above only define functions).
await ensureNodeRuntime();

const local = join(repoRoot, '.local');
const require = createRequire(join(repoRoot, 'package.json'));

// Nx and other tools must never call out from these machines.
Object.assign(process.env, {
  NX_NO_CLOUD: 'true',
  NX_DAEMON: 'false',
  NX_SKIP_NX_CACHE: process.env.NX_SKIP_NX_CACHE ?? 'false',
  NX_TUI: 'false',
  DO_NOT_TRACK: '1',
  SCARF_ANALYTICS: 'false',
  KAFKAJS_NO_PARTITIONER_WARNING: '1',
});

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: repoRoot, ...opts });
  if (r.status !== 0) {
    const e = new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
    e.exitCode = r.status ?? 1;
    throw e;
  }
}

function ensureDeps() {
  const lock = join(repoRoot, 'package-lock.json');
  const installed = join(repoRoot, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && (!existsSync(lock) || statSync(installed).mtimeMs >= statSync(lock).mtimeMs)) return;
  log('deps', 'installing npm packages');
  sh('npm', [existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund', '--loglevel=error']);
}

export function services() {
  return JSON.parse(readFileSync(join(repoRoot, 'deploy', 'local', 'services.json'), 'utf8')).services;
}

async function kafkaReady(brokers) {
  const { Kafka, logLevel } = require('kafkajs');
  const admin = new Kafka({ clientId: 'gov-local-cli', brokers, logLevel: logLevel.NOTHING }).admin();
  await waitFor('kafka metadata', 60_000, async () => {
    await admin.connect();
    await admin.listTopics();
    return true;
  }, 500);
  await admin.disconnect();
}

async function createDatabases(names) {
  const { Client } = require('pg');
  const client = new Client({ ...pgEnv(), database: 'postgres' });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT datname FROM pg_database');
    const have = new Set(rows.map((r) => r.datname));
    for (const name of names) {
      if (!have.has(name)) {
        log('postgres', `creating database ${name}`);
        await client.query(`CREATE DATABASE "${name}"`);
      }
    }
  } finally {
    await client.end();
  }
}

export async function infra() {
  ensureDeps();
  mkdirSync(local, { recursive: true });
  await ensurePostgres();
  // The broker jars even when a broker already answers (started elsewhere): fault tests
  // start brokers of their own from them (libs/testing DedicatedKafka).
  installKafka();
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const [host, port] = brokers[0].split(':');
  if (host === '127.0.0.1' || host === 'localhost') await ensureKafka({ port: Number(port) });
  await kafkaReady(brokers);
  await createDatabases(services().map((s) => s.database));
}

async function buildAll() {
  const { build } = await import('./build.mjs');
  const t = Date.now();
  await build();
  log('build', `compiled to dist/ in ${Date.now() - t} ms`);
}

async function start() {
  await infra();
  await buildAll();
  const runDir = join(local, 'run');
  mkdirSync(runDir, { recursive: true });
  const started = [];
  const keys = devKeys();
  const running = (svc) => {
    const pidFile = join(runDir, `${svc.name}.pid`);
    return existsSync(pidFile) && alive(Number(readFileSync(pidFile, 'utf8')));
  };
  // A port someone else holds: say so now, before a service dies on it (or another
  // process answers its readiness probe).
  const taken = await portsTaken(services().filter((svc) => !running(svc)), (port) => portOpen('127.0.0.1', port));
  if (taken.length) {
    const lines = taken.map((t) => `${t.service}: ${t.what} port ${t.port} is already in use by another process`);
    log('start', `${lines.join('\n')}\n  stop that process, or change the port in deploy/local/services.json`);
    const error = new Error('ports in use');
    error.exitCode = 1;
    throw error;
  }
  for (const svc of services()) {
    if (running(svc)) {
      started.push({ name: svc.name, note: 'already running' });
      continue;
    }
    const { host, port, user, password } = pgEnv();
    started.push(
      launch({
        name: svc.name,
        command: process.execPath,
        args: ['--enable-source-maps', join(repoRoot, 'dist', svc.main)],
        cwd: repoRoot,
        runDir,
        env: {
          NODE_ENV: 'development',
          HTTP_PORT: String(svc.httpPort),
          GRPC_PORT: String(svc.grpcPort),
          DATABASE_URL: `postgres://${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ''}@${host}:${port}/${svc.database}`,
          KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
          DEV_TOKEN_ISSUER: 'enabled',
          ...keys,
          ...svc.env,
          ...process.env,
        },
      }),
    );
  }
  const bySvc = new Map(services().map((s) => [s.name, s]));
  try {
    await waitUntilReady(started, {
      cwd: repoRoot,
      ready: async (s) => (await fetch(`http://127.0.0.1:${bySvc.get(s.name).httpPort}/health/ready`, { signal: AbortSignal.timeout(2000) })).ok,
    });
  } catch (error) {
    // Leave nothing half-started behind: stop the ones this start launched.
    for (const s of started) if (s.pid && !s.note && alive(s.pid)) process.kill(s.pid, 'SIGTERM');
    log('start', error.message);
    error.exitCode = 1;
    throw error;
  }
  process.stdout.write('\nEverything is running:\n');
  process.stdout.write(`  PostgreSQL  ${pgEnv().host}:${pgEnv().port}\n  Kafka       ${process.env.KAFKA_BROKERS ?? '127.0.0.1:9092'}\n`);
  for (const { name, note } of started) {
    const s = bySvc.get(name);
    process.stdout.write(
      `  ${s.name.padEnd(26)} http://127.0.0.1:${s.httpPort}/api/v1  docs http://127.0.0.1:${s.httpPort}/docs  grpc 127.0.0.1:${s.grpcPort}${note ? `  (${note})` : ''}\n`,
    );
  }
  process.stdout.write(`Logs in .local/run/*.log; stop with \`npm stop\`.\n`);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stop() {
  const runDir = join(local, 'run');
  if (existsSync(runDir)) {
    for (const f of readdirSync(runDir).filter((n) => n.endsWith('.pid'))) {
      const pid = Number(readFileSync(join(runDir, f), 'utf8'));
      if (alive(pid)) {
        process.kill(pid, 'SIGTERM');
        await waitFor(`${f} to exit`, 30_000, async () => !alive(pid)).catch(() => process.kill(pid, 'SIGKILL'));
        log('stop', `${f.replace('.pid', '')} stopped`);
      }
      rmSync(join(runDir, f), { force: true });
    }
  }
  if (await stopKafka()) log('stop', 'kafka stopped');
  if (stopPostgres()) log('stop', 'postgres stopped');
}

async function dropLeftoverTestDatabases() {
  const { Client } = require('pg');
  const client = new Client({ ...pgEnv(), database: 'postgres' });
  await client.connect();
  try {
    // Test databases of runs that were killed before their clean-up.
    const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname ~ '^t_[0-9]+_'`);
    for (const { datname } of rows) {
      const pid = Number(datname.split('_')[1]);
      if (!alive(pid)) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

/** A key pair shared by the local services: the dev token issuer signs, every service verifies. */
function devKeys() {
  const dir = join(local, 'dev-keys');
  const priv = join(dir, 'private.pem');
  const pub = join(dir, 'public.pem');
  if (!existsSync(priv) || !existsSync(pub)) {
    mkdirSync(dir, { recursive: true });
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(priv, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
  }
  return { DEV_TOKEN_PRIVATE_KEY: priv, AUTH_PUBLIC_KEY: pub };
}

async function test(args) {
  await infra();
  // kustomize renders the Kubernetes overlays that the manifest check validates (tests/deploy).
  ensureKustomize();
  await dropLeftoverTestDatabases();
  if (args.length === 0) {
    log('test', 'type checking');
    sh(join(repoRoot, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json', '--noEmit']);
    log('test', 'linting');
    // The module-boundary rule reads Nx's project graph; compute it locally first.
    sh(join(repoRoot, 'node_modules', '.bin', 'nx'), ['show', 'projects'], { stdio: 'ignore' });
    sh(join(repoRoot, 'node_modules', '.bin', 'eslint'), ['apps', 'libs', 'tests', 'tools', 'deploy']);
  }
  sh(join(repoRoot, 'node_modules', '.bin', 'jest'), ['--ci', ...args]);
}

async function bench(args) {
  const [name, ...rest] = args;
  const dir = join(repoRoot, 'tests', 'bench');
  const available = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace('.bench.ts', '')) : [];
  if (!name || !available.includes(name)) {
    process.stderr.write(`usage: npm run bench -- <name>\navailable: ${available.join(', ') || '(none)'}\n`);
    process.exit(name ? 2 : 0);
  }
  await infra();
  await buildAll();
  sh(process.execPath, ['--enable-source-maps', join(repoRoot, 'dist', 'tests', 'bench', `${name}.bench.js`), ...rest]);
}

const [command = 'start', ...args] = process.argv.slice(2);
const commands = { start, stop, infra: async () => (await infra(), ensureKustomize()), build: async () => (ensureDeps(), buildAll()), test: () => test(args), bench: () => bench(args) };
if (!commands[command]) {
  process.stderr.write(`unknown command ${command}; one of ${Object.keys(commands).join(', ')}\n`);
  process.exit(2);
}
commands[command]().catch((e) => {
  process.stderr.write(`${e.exitCode ? '' : `${e.stack ?? e}\n`}`);
  process.exit(e.exitCode ?? 1);
});
