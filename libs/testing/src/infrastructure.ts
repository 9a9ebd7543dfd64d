import { randomBytes } from 'node:crypto';
import { Client, Pool, type PoolConfig } from 'pg';

/** Addresses of the real servers the tests use; the same variables the services read. */
export const testInfrastructure = {
  pg: {
    host: process.env.PGHOST ?? '127.0.0.1',
    port: Number(process.env.PGPORT ?? 5432),
    user: process.env.PGUSER ?? 'postgres',
    password: process.env.PGPASSWORD ?? '',
  },
  kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
};

export const TEST_DATABASE_PREFIX = 't_';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  readonly pool: Pool;
  /** A new pool on the same database (e.g. for a second process-like component). */
  newPool(config?: PoolConfig): Pool;
  drop(): Promise<void>;
}

function slug(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30);
}

/** A fresh database on the real PostgreSQL server, dropped by `drop()`. */
export async function createTestDatabase(label: string, poolConfig: PoolConfig = {}): Promise<TestDatabase> {
  // The pid lets `npm test` drop databases left by killed runs, and only those.
  const name = `${TEST_DATABASE_PREFIX}${process.pid}_${slug(label)}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ ...testInfrastructure.pg, database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const { host, port, user, password } = testInfrastructure.pg;
  const url = `postgres://${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ''}@${encodeURIComponent(host)}:${port}/${name}`;
  const pools: Pool[] = [];
  const newPool = (config: PoolConfig = {}) => {
    const pool = new Pool({ connectionString: url, max: 10, ...poolConfig, ...config });
    // pool.end() resolves before its connections have closed: the drop's FORCE may still end them.
    pool.on('error', () => undefined);
    pools.push(pool);
    return pool;
  };
  const pool = newPool();
  return {
    name,
    url,
    pool,
    newPool,
    async drop() {
      await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
      const c = new Client({ ...testInfrastructure.pg, database: 'postgres' });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A topic prefix unique to one test file, so tests never see each other's messages. */
export function testTopicPrefix(label: string): string {
  return `t.${slug(label)}.${randomBytes(3).toString('hex')}.`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls until check returns a value other than undefined/false, or fails after timeoutMs. */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last instanceof Error ? `: ${last.message}` : ''}`);
    await sleep(intervalMs);
  }
}
