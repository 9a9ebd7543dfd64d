import { freePort, issueTestToken, serviceTestEnv } from './auth';
import { createTestDatabase, testTopicPrefix, type TestDatabase } from './infrastructure';

/** What a service's create function returns (a running Nest app and its HTTP address). */
export interface StartedService {
  readonly app: { close(): Promise<void> };
  readonly httpUrl: string;
}

/** One service on its own database and topic prefix, as an integration test holds it. */
export interface ServiceUnderTest<S extends StartedService> {
  readonly svc: S;
  readonly db: TestDatabase;
  readonly topicPrefix: string;
  readonly grpcPort: number;
  /** `<httpUrl>/api/v1` */
  readonly apiUrl: string;
  /** Events in the service's store (of one type, when given). */
  eventCount(type?: string): Promise<number>;
  stop(): Promise<void>;
}

export interface ServiceUnderTestOptions {
  /** Variables beside the test defaults (database, topic prefix, token keys, gRPC port). */
  readonly env?: Record<string, string>;
  /** Runs before the service starts, e.g. to create the topics it subscribes to. */
  readonly beforeStart?: (topicPrefix: string) => Promise<unknown>;
}

/** Starts a service with its create function (`(env) => createTaxApp(env, { httpPort: 0 })`) on a fresh database. */
export async function startServiceUnderTest<S extends StartedService>(
  label: string,
  start: (env: Record<string, string>) => Promise<S>,
  options: ServiceUnderTestOptions = {},
): Promise<ServiceUnderTest<S>> {
  const db = await createTestDatabase(label);
  const topicPrefix = testTopicPrefix(label);
  const grpcPort = await freePort();
  await options.beforeStart?.(topicPrefix);
  const svc = await start(serviceTestEnv(db.url, topicPrefix, { GRPC_PORT: String(grpcPort), ...options.env }));
  return {
    svc,
    db,
    topicPrefix,
    grpcPort,
    apiUrl: `${svc.httpUrl}/api/v1`,
    async eventCount(type) {
      const { rows } = await db.pool.query<{ n: string }>(type ? 'SELECT count(*) AS n FROM es_events WHERE event_type = $1' : 'SELECT count(*) AS n FROM es_events', type ? [type] : []);
      return Number(rows[0].n);
    },
    async stop() {
      await svc.app.close();
      await db.drop();
    },
  };
}

/** Tokens of the roles every department's tests use; a department's kit adds its clerks. */
export const roleTokens = {
  clerk: (department: string, subject: string) => issueTestToken({ roles: ['clerk'], department, subject }),
  supervisor: () => issueTestToken({ roles: ['supervisor'], subject: 'supervisor-01' }),
  service: () => issueTestToken({ roles: ['service'], subject: 'joint-processing' }),
  applicant: (partyId: string) => issueTestToken({ roles: ['applicant'], partyId, subject: `applicant-${partyId.slice(-4)}` }),
};
