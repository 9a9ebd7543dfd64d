import { SERVICES } from '@gov/contracts';
import { JsonLogger, protoPathOf, type RunningServiceApp } from '@gov/platform';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { httpCall, roleTokens, startServiceUnderTest, type HttpReply, type ServiceUnderTest } from '@gov/testing';
import { createRealEstateApp, REAL_ESTATE_SERVICE } from '../real-estate.app';
import type { RealEstateConfig } from '../real-estate.config';
import type { Owner, Party } from '../domain/party';
import { newPerson, newUnitNumber, owning } from './real-estate.factories';

// Integration harness: one service per test file on the real PostgreSQL and Kafka.

export interface TestService extends ServiceUnderTest<RunningServiceApp<RealEstateConfig>> {
  readonly logLines: string[];
}

export async function startTestService(label: string, env: Record<string, string> = {}): Promise<TestService> {
  const logLines: string[] = [];
  const logger = new JsonLogger(SERVICES.realEstate, 'info', (line) => void logLines.push(line));
  const started = await startServiceUnderTest(label, (e) => createRealEstateApp(e, { httpPort: 0, logger }), { env: { LOG_LEVEL: 'info', ...env } });
  return Object.assign(started, { logLines });
}

export const tokens = {
  ...roleTokens,
  registrar: () => roleTokens.clerk('real-estate', 'clerk-re-001'),
  taxClerk: () => roleTokens.clerk('tax', 'clerk-tax-001'),
};

export function call<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpReply<T>> {
  return httpCall<T>(baseUrl, method, `/api/v1${path}`, options);
}

/** Request body of POST /units for unit `n`, owned by the given people in equal shares. */
export function unitBody(n: number, owners: readonly Party[] = [newPerson(1), newPerson(2)]): Record<string, unknown> {
  return {
    unitNumber: newUnitNumber(n),
    location: `重庆市涪陵区崇义街道太极大道${n}号`,
    areaHundredthsM2: 8952,
    use: 'residential',
    owners: owners.map((o) => owning(o, 1, owners.length)),
    acquisitionDate: '2012-05-20',
    originalPriceFen: 35_000_000,
  };
}

export function applyBody(transferId: string, n: number, sellers: readonly Party[], buyers: readonly Owner[]): Record<string, unknown> {
  return {
    transferId,
    unitNumber: newUnitNumber(n),
    sellers,
    buyers,
    contractNumber: `FL-${transferId}`,
    contractPriceFen: 68_000_000,
    lenderConsentMortgageIds: [],
  };
}

type Callback = (err: grpc.ServiceError | null, res: Record<string, unknown>) => void;
type Unary = (req: object, md: grpc.Metadata, cb: Callback) => void;

export interface GrpcReply {
  readonly err: grpc.ServiceError | null;
  readonly res: Record<string, unknown>;
}

/** A gRPC client of the service, as another service would hold it. */
export function grpcClient(port: number) {
  const def = protoLoader.loadSync(protoPathOf(REAL_ESTATE_SERVICE), { keepCase: true, longs: String, enums: String, defaults: true, arrays: true });
  const pkg = grpc.loadPackageDefinition(def) as unknown as { gov: { realestate: { v1: { RealEstateRegistration: grpc.ServiceClientConstructor } } } };
  const client = new pkg.gov.realestate.v1.RealEstateRegistration(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as grpc.Client &
    Record<string, Unary> & { ImportRegister: (md: grpc.Metadata, cb: Callback) => grpc.ClientWritableStream<object> };
  const metadata = (token?: string, extra: Record<string, string> = {}) => {
    const md = new grpc.Metadata();
    if (token) md.set('authorization', `Bearer ${token}`);
    for (const [k, v] of Object.entries(extra)) md.set(k, v);
    return md;
  };
  return {
    unary(method: string, req: object, token?: string, extra?: Record<string, string>): Promise<GrpcReply> {
      return new Promise((resolve) => client[method](req, metadata(token, extra), (err, res) => resolve({ err, res })));
    },
    importRegister(format: string, chunks: readonly Buffer[], token?: string): Promise<GrpcReply> {
      return new Promise((resolve) => {
        const stream = client.ImportRegister(metadata(token), (err, res) => resolve({ err, res }));
        chunks.forEach((data, i) => stream.write(i === 0 ? { format, data } : { data }));
        stream.end();
      });
    },
    close: () => client.close(),
  };
}
