import { randomBytes, randomInt } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { JsonLogger, protoPathOf, type RunningServiceApp } from '@gov/platform';
import { makeResidentId } from '@gov/identity';
import { roleTokens, startServiceUnderTest, type TestDatabase } from '@gov/testing';
import { signBankRequest } from '../payment/bank-signature';
import { createTaxApp, TAX_SERVICE } from '../tax.app';
import type { TaxConfig } from '../tax.config';

export const TEST_BANK_SECRET = 'test-bank-secret-0123456789';

export interface GrpcResult<T> {
  readonly err: grpc.ServiceError | null;
  readonly res: T;
}

/** One tax service per test file, on its own database and topic prefix, with a gRPC client and log capture. */
export interface TaxTestKit {
  readonly svc: RunningServiceApp<TaxConfig>;
  readonly db: TestDatabase;
  readonly topicPrefix: string;
  readonly logLines: string[];
  /** gRPC methods called so far, to prove every one was reached. */
  readonly grpcCalled: Set<string>;
  readonly grpcMethods: readonly string[];
  http(method: string, path: string, options?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<{ status: number; body: unknown; text: string; headers: Headers }>;
  grpc<T = Record<string, unknown>>(method: string, request: object, token?: string, metadata?: Record<string, string>): Promise<GrpcResult<T>>;
  /** Signed bank-channel headers for a body. */
  bankHeaders(body: string, options?: { nonce?: string; timestamp?: string; secret?: string }): Record<string, string>;
  eventCount(type?: string): Promise<number>;
  stop(): Promise<void>;
}

type TaxServiceClient = grpc.Client & Record<string, (req: object, md: grpc.Metadata, cb: (err: grpc.ServiceError | null, res: unknown) => void) => void>;

export async function startTaxTestKit(label: string, extraEnv: Record<string, string> = {}): Promise<TaxTestKit> {
  const logLines: string[] = [];
  const logger = new JsonLogger('tax', 'info', (line) => void logLines.push(line));
  const started = await startServiceUnderTest(label, (env) => createTaxApp(env, { httpPort: 0, logger }), {
    env: { LOG_LEVEL: 'info', BANK_HMAC_SECRET: TEST_BANK_SECRET, ...extraEnv },
  });
  const { svc, db, topicPrefix, grpcPort } = started;

  const definition = protoLoader.loadSync(protoPathOf(TAX_SERVICE), { keepCase: true, longs: String, enums: String, defaults: false, oneofs: true });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as { gov: { tax: { v1: { TaxService: grpc.ServiceClientConstructor } } } };
  const Service = pkg.gov.tax.v1.TaxService;
  const client = new Service(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure()) as unknown as TaxServiceClient;
  const grpcMethods = Object.keys(Service.service);
  const grpcCalled = new Set<string>();

  return {
    svc,
    db,
    topicPrefix,
    logLines,
    grpcCalled,
    grpcMethods,
    async http(method, path, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined = options.raw;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(`${svc.httpUrl}${path}`, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON
      }
      return { status: res.status, body: parsed, text, headers: res.headers };
    },
    grpc<T>(method: string, request: object, token?: string, metadata: Record<string, string> = {}) {
      grpcCalled.add(method);
      const md = new grpc.Metadata();
      if (token) md.set('authorization', `Bearer ${token}`);
      for (const [k, v] of Object.entries(metadata)) md.set(k, v);
      return new Promise<GrpcResult<T>>((resolve) => client[method](request, md, (err, res) => resolve({ err, res: res as T })));
    },
    bankHeaders(body, options = {}) {
      const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
      const nonce = options.nonce ?? `nonce-${randomBytes(8).toString('hex')}`;
      return {
        'content-type': 'application/json',
        'x-bank-timestamp': timestamp,
        'x-bank-nonce': nonce,
        'x-bank-signature': signBankRequest(options.secret ?? TEST_BANK_SECRET, timestamp, nonce, body),
      };
    },
    eventCount: started.eventCount,
    async stop() {
      client.close();
      await started.stop();
    },
  };
}

export const tokens = {
  ...roleTokens,
  taxClerk: () => roleTokens.clerk('tax', 'clerk-tax-01'),
  otherClerk: () => roleTokens.clerk('real-estate', 'clerk-re-01'),
};

let sequence = 100;
/** A fresh valid resident identity number (GB 11643) per call. */
export function newResidentId(): string {
  sequence += 2;
  return makeResidentId({ birthDate: '1982-03-04', sequence: sequence % 999 || 1 });
}

let unitSerial = 0;
export function newUnitNumber(): string {
  unitSerial++;
  // GB/T 37346: the fixture serial is 8 digits.
  return `500102001001GB00001F${String(unitSerial).padStart(4, '0')}${String(randomInt(10_000)).padStart(4, '0')}`;
}

/** An assessment request whose totals the 2016-05 policy makes: see `expectedTotals`. */
export function assessmentRequest(unitNumber: string, sellers: readonly string[], buyers: readonly string[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    transferId: `transfer-${randomBytes(6).toString('hex')}`,
    unitNumber,
    sellers: sellers.map((residentId) => ({ residentId })),
    buyers: buyers.map((residentId) => ({ residentId })),
    contractPriceFen: 85_000_000,
    areaM2: '90.00',
    buyerFamilyHome: 'first',
    sellerAcquiredOn: '2015-06-30',
    contractDate: '2018-06-30',
    sellerOnlyHome: true,
    originalCostFen: 60_000_000,
    ...overrides,
  };
}

/** 85,000,000 fen, first home, 90 m², held 3 years, gain 25,000,000: deed tax 1% + income tax 20% of the gain. */
export const expectedTotals = { sellerFen: 5_000_000, buyerFen: 850_000, totalFen: 5_850_000 };
