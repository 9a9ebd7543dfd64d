import { createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  REPO_ROOT,
  createTestDatabase,
  freePort,
  issueTestToken,
  runTsProcess,
  serviceTestEnv,
  testTopicPrefix,
  eventually,
  type RunningProcess,
  type TestDatabase,
} from '@gov/testing';

export type ServiceName = 'real-estate-registration' | 'tax' | 'joint-processing' | 'supervision';

interface Member {
  readonly name: ServiceName;
  readonly db: TestDatabase;
  readonly httpPort: number;
  readonly grpcPort: number;
  readonly env: Record<string, string>;
  proc?: RunningProcess;
}

export const BANK_SECRET = `e2e-bank-secret-${randomBytes(8).toString('hex')}`;

/**
 * The services as separate processes on the real PostgreSQL and Kafka, each
 * with its own database, sharing one topic prefix: what `npm start` runs, in a test.
 */
export class Stack {
  private constructor(
    private readonly members: Map<ServiceName, Member>,
    readonly prefix: string,
  ) {}

  static async start(names: readonly ServiceName[], env: Partial<Record<ServiceName, Record<string, string>>> = {}): Promise<Stack> {
    const prefix = testTopicPrefix('e2e');
    const members = new Map<ServiceName, Member>();
    for (const name of names) {
      const db = await createTestDatabase(`e2e_${name}`);
      const httpPort = await freePort();
      const grpcPort = await freePort();
      members.set(name, {
        name,
        db,
        httpPort,
        grpcPort,
        env: serviceTestEnv(db.url, prefix, { HTTP_PORT: String(httpPort), GRPC_PORT: String(grpcPort), BANK_HMAC_SECRET: BANK_SECRET, LOG_LEVEL: 'warn', ...env[name] }),
      });
    }
    const stack = new Stack(members, prefix);
    await Promise.all(names.map((n) => stack.launch(n)));
    return stack;
  }

  url(name: ServiceName): string {
    return `http://127.0.0.1:${this.member(name).httpPort}`;
  }

  grpcAddress(name: ServiceName): string {
    return `127.0.0.1:${this.member(name).grpcPort}`;
  }

  db(name: ServiceName): TestDatabase {
    return this.member(name).db;
  }

  process(name: ServiceName): RunningProcess {
    return this.member(name).proc!;
  }

  /** kill -9 (or another signal) and wait for the process to be gone. */
  async kill(name: ServiceName, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.member(name).proc?.kill(signal);
  }

  async launch(name: ServiceName): Promise<void> {
    const m = this.member(name);
    m.proc = runTsProcess(join(REPO_ROOT, 'apps', name, 'src', 'main.ts'), m.env);
    await eventually(
      async () => {
        if (m.proc!.child.exitCode !== null) throw new Error(`${name} exited:\n${m.proc!.output().slice(-3000)}`);
        const res = await fetch(`${this.url(name)}/health/ready`).catch(() => undefined);
        return res?.ok;
      },
      90_000,
      250,
    ).catch((e: Error) => {
      throw new Error(`${name} did not become ready: ${e.message}\n${m.proc!.output().slice(-3000)}`);
    });
  }

  async stop(): Promise<void> {
    await Promise.all([...this.members.values()].map((m) => m.proc?.kill('SIGTERM')));
    await Promise.all([...this.members.values()].map((m) => m.db.drop()));
  }

  private member(name: ServiceName): Member {
    const m = this.members.get(name);
    if (!m) throw new Error(`${name} is not part of this stack`);
    return m;
  }
}

export interface ApiResult<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
}

export async function call<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResult<T>> {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(typeof body === 'string' ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed as T };
}

const cache = new Map<string, Promise<string>>();
const cached = (key: string, issue: () => Promise<string>) => () => {
  if (!cache.has(key)) cache.set(key, issue());
  return cache.get(key)!;
};

/** Tokens of the test issuer, signed once per role (they last an hour). */
export const tokens = {
  registryClerk: cached('registry', () => issueTestToken({ roles: ['clerk'], department: 'real-estate', subject: 'registry-clerk' })),
  taxClerk: cached('tax', () => issueTestToken({ roles: ['clerk'], department: 'tax', subject: 'tax-clerk' })),
  windowClerk: cached('window', () => issueTestToken({ roles: ['clerk'], department: 'joint-window', subject: 'window-clerk-35' })),
  supervisor: cached('supervisor', () => issueTestToken({ roles: ['supervisor'], subject: 'supervisor' })),
};

/** The bank's side of the payment channel: a signed confirmation, as the tax service expects it. */
export function bankSigned(body: unknown, secret = BANK_SECRET): { body: string; headers: Record<string, string> } {
  const raw = JSON.stringify(body);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(12).toString('hex');
  const signature = createHmac('sha256', secret).update(`${timestamp}.${nonce}.`).update(raw).digest('hex');
  return { body: raw, headers: { 'content-type': 'application/json', 'x-bank-timestamp': timestamp, 'x-bank-nonce': nonce, 'x-bank-signature': signature } };
}
