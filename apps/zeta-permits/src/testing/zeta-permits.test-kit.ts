import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { DEPARTMENTS, SERVICES } from '@gov/contracts';
import { makeResidentId } from '@gov/identity';
import { JsonLogger } from '@gov/platform';
import { createTestDatabase, freePort, issueTestToken, serviceTestEnv, testTopicPrefix, type TestDatabase } from '@gov/testing';
import { createZetaPermitsApp, ZETA_PERMITS_PROTO_PATH, type RunningZetaPermitsService } from '../zeta-permits.app';

// Integration harness: one service per test file, on its own database and topic prefix, on the real PostgreSQL and Kafka.

export interface HttpReply {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly text: string;
}

export interface GrpcReply {
  readonly err: grpc.ServiceError | null;
  readonly res: Record<string, unknown>;
}

export interface ZetaPermitsTestKit {
  readonly svc: RunningZetaPermitsService;
  readonly db: TestDatabase;
  readonly topicPrefix: string;
  readonly logLines: string[];
  http(method: string, path: string, options?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<HttpReply>;
  grpc(method: string, request: object, token?: string, metadata?: Record<string, string>): Promise<GrpcReply>;
  /** Events in the service's log (all, or of one type). */
  eventCount(type?: string): Promise<number>;
  stop(): Promise<void>;
}

type Client = grpc.Client & Record<string, (req: object, md: grpc.Metadata, cb: (err: grpc.ServiceError | null, res: unknown) => void) => void>;

export async function startZetaPermitsTestKit(label: string, extraEnv: Record<string, string> = {}): Promise<ZetaPermitsTestKit> {
  const db = await createTestDatabase(label);
  const topicPrefix = testTopicPrefix(label);
  const grpcPort = await freePort();
  const logLines: string[] = [];
  const env = serviceTestEnv(db.url, topicPrefix, { GRPC_PORT: String(grpcPort), LOG_LEVEL: 'info', ...extraEnv });
  const svc = await createZetaPermitsApp(env, { httpPort: 0, logger: new JsonLogger(SERVICES.zetaPermits, 'info', (line) => void logLines.push(line)) });

  const definition = protoLoader.loadSync(ZETA_PERMITS_PROTO_PATH, { keepCase: true, longs: String, enums: String, defaults: false, oneofs: true });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as { gov: { zetapermits: { v1: { ZetaPermitsService: grpc.ServiceClientConstructor } } } };
  const client = new pkg.gov.zetapermits.v1.ZetaPermitsService(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure()) as unknown as Client;

  return {
    svc,
    db,
    topicPrefix,
    logLines,
    async http(method, path, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body = options.raw;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(`${svc.httpUrl}${path}`, { method, headers, body });
      const text = await res.text();
      let parsed: Record<string, unknown> = {};
      try {
        parsed = JSON.parse(text) as Record<string, unknown>;
      } catch {
        // not JSON: the text says it
      }
      return { status: res.status, body: parsed, text };
    },
    grpc(method, request, token, metadata = {}) {
      const md = new grpc.Metadata();
      if (token) md.set('authorization', `Bearer ${token}`);
      for (const [k, v] of Object.entries(metadata)) md.set(k, v);
      return new Promise<GrpcReply>((resolve) => client[method](request, md, (err, res) => resolve({ err, res: res as Record<string, unknown> })));
    },
    async eventCount(type) {
      const { rows } = await db.pool.query<{ n: string }>(
        type ? 'SELECT count(*) AS n FROM es_events WHERE event_type = $1' : 'SELECT count(*) AS n FROM es_events',
        type ? [type] : [],
      );
      return Number(rows[0].n);
    },
    async stop() {
      client.close();
      await svc.app.close();
      await db.drop();
    },
  };
}

export const tokens = {
  clerk: () => issueTestToken({ roles: ['clerk'], department: DEPARTMENTS.zeta, subject: 'clerk-zeta-01' }),
  otherClerk: () => issueTestToken({ roles: ['clerk'], department: 'another-department', subject: 'clerk-other-01' }),
  supervisor: () => issueTestToken({ roles: ['supervisor'], subject: 'supervisor-01' }),
  applicant: (residentId: string) => issueTestToken({ roles: ['applicant'], partyId: residentId, subject: `applicant-${residentId.slice(-4)}` }),
};

let sequence = 10;
/** A fresh valid resident identity number (GB 11643) per call. */
export function newResidentId(): string {
  sequence += 2;
  return makeResidentId({ birthDate: '1985-06-15', sequence: sequence % 999 || 1 });
}
