import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Body, Controller, Get, Param, Post, Module } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { RuleViolation, type Decider, type AggregateType } from '@gov/event-sourcing';
import { AggregateRepository } from '@gov/event-sourcing/postgres';
import { IsResidentId, makeResidentId } from '@gov/identity';
import { createTestDatabase, freePort, issueTestToken, serviceTestEnv, testTopicPrefix, type TestDatabase } from '@gov/testing';
import { JsonLogger, PlatformConfig, PlatformModule, Roles, loadConfig, startService, ConfigError, type RunningService } from './index';

type Visitor = { status: 'new' } | { status: 'registered'; name: string };
type VisitorCommand = { type: 'RegisterVisitor'; data: { name: string; idNumber: string; age: number } };
type VisitorEvent = { type: 'VisitorRegistered'; data: { name: string; idNumber: string; age: number } };
const visitorDecider: Decider<Visitor, VisitorCommand, VisitorEvent> = {
  initialState: () => ({ status: 'new' }),
  evolve: (_s, e) => ({ status: 'registered', name: e.data.name }),
  decide: (c, s) => {
    if (s.status !== 'new') throw new RuleViolation('already-registered', 'visitor already registered');
    return [{ type: 'VisitorRegistered', data: c.data }];
  },
};
const VisitorAggregate: AggregateType<Visitor, VisitorCommand, VisitorEvent> = { name: 'visitor', decider: visitorDecider };

class RegisterVisitorDto {
  @IsString() @Length(1, 50) name!: string;
  @IsResidentId() idNumber!: string;
  @IsInt() @Min(0) @Max(150) age!: number;
}

@Controller('visitors')
class VisitorsController {
  constructor(private readonly aggregates: AggregateRepository) {}

  @Post()
  @Roles('clerk', 'applicant')
  async register(@Body() dto: RegisterVisitorDto) {
    const id = randomUUID();
    const r = await this.aggregates.handle(VisitorAggregate, id, { type: 'RegisterVisitor', data: { ...dto } });
    return { id, version: r.version };
  }

  @Get(':id')
  @Roles('supervisor')
  async get(@Param('id') id: string) {
    return (await this.aggregates.load(VisitorAggregate, id)).state;
  }

  /** A request still running when shutdown starts must finish (graceful shutdown). */
  @Post('slow')
  @Roles('clerk')
  async slow(@Body() dto: RegisterVisitorDto) {
    await new Promise((r) => setTimeout(r, 800));
    return this.register(dto);
  }

  @GrpcMethod('Visitors', 'RegisterVisitor')
  async registerRpc(dto: RegisterVisitorDto) {
    return this.register(dto);
  }
}

describe('platform', () => {
  let db: TestDatabase;
  let svc: RunningService;
  let logLines: string[];
  let grpcPort: number;

  beforeAll(async () => {
    db = await createTestDatabase('platform');
    grpcPort = await freePort();
    const config = loadConfig(PlatformConfig, serviceTestEnv(db.url, testTopicPrefix('platform'), { GRPC_PORT: String(grpcPort), LOG_LEVEL: 'info' }));
    logLines = [];
    const logger = new JsonLogger('platform-test', 'info', (l) => void logLines.push(l));
    @Module({ imports: [PlatformModule.forRoot({ service: 'platform-test', config, logger })], controllers: [VisitorsController] })
    class TestModule {}
    svc = await startService({
      service: 'platform-test',
      title: 'Platform test',
      module: TestModule,
      config,
      logger,
      httpPort: 0,
      grpc: { package: 'gov.platformtest.v1', protoPath: join(__dirname, 'testing', 'visitors.proto') },
    });
  });
  let closed = false;
  afterAll(async () => {
    if (!closed) await svc?.app.close();
    await db.drop();
  });

  const clerk = () => issueTestToken({ roles: ['clerk'], department: 'test' });
  const post = async (body: string, token?: string) =>
    fetch(`${svc.httpUrl}/api/v1/visitors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });
  const eventCount = async () => Number((await db.pool.query('SELECT count(*) FROM es_events')).rows[0].count);
  const valid = { name: '张三', idNumber: makeResidentId({ birthDate: '1985-06-15', sequence: 123 }), age: 41 };

  it('accepts a valid command and appends its event', async () => {
    const before = await eventCount();
    const res = await post(JSON.stringify(valid), await clerk());
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ version: 1 });
    expect(await eventCount()).toBe(before + 1);
  });

  it.each([
    ['invalid JSON', '{"name": "李四", "age": ', 'body'],
    ['a wrong type', JSON.stringify({ ...valid, age: 'forty' }), 'age'],
    ['an unknown field', JSON.stringify({ ...valid, role: 'admin' }), 'role'],
    ['a bad identity number', JSON.stringify({ ...valid, idNumber: '500102198506151230' }), 'idNumber'],
  ])('refuses %s with a 400 problem naming the field, and writes nothing', async (_what, body, field) => {
    const before = await eventCount();
    const res = await post(body, await clerk());
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const text = await res.text();
    const problem = JSON.parse(text);
    expect(problem).toMatchObject({ status: 400, title: expect.any(String), type: expect.stringMatching(/^urn:gov:problem:/) });
    expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack trace
    expect(text).not.toMatch(/stack/i);
    expect(await eventCount()).toBe(before);
  });

  it('answers 401 without a valid token and 403 for the wrong role', async () => {
    expect((await post(JSON.stringify(valid))).status).toBe(401);
    expect((await post(JSON.stringify(valid), 'not-a-jwt')).status).toBe(401);
    const foreign = await issueTestToken({ roles: ['clerk'], issuer: 'someone-else' });
    expect((await post(JSON.stringify(valid), foreign)).status).toBe(401);
    const res = await fetch(`${svc.httpUrl}/api/v1/visitors/${randomUUID()}`, { headers: { authorization: `Bearer ${await clerk()}` } });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ status: 403, code: 'role-required' });
    const ok = await fetch(`${svc.httpUrl}/api/v1/visitors/${randomUUID()}`, { headers: { authorization: `Bearer ${await issueTestToken({ roles: ['supervisor'] })}` } });
    expect(ok.status).toBe(200);
  });

  it('serves health, metrics and OpenAPI', async () => {
    expect(await (await fetch(`${svc.httpUrl}/health/live`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${svc.httpUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', checks: { postgres: 'up', kafka: 'up' } });
    const metrics = await (await fetch(`${svc.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/http_request_duration_seconds_bucket/);
    expect(metrics).toMatch(/relay_published_events/);
    const openapi = (await (await fetch(`${svc.httpUrl}/docs/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toContain('/api/v1/visitors');
  });

  it('reaches the same command over gRPC, with status codes for bad input and missing auth', async () => {
    const def = protoLoader.loadSync(join(__dirname, 'testing', 'visitors.proto'), { keepCase: true });
    const pkg = grpc.loadPackageDefinition(def) as unknown as { gov: { platformtest: { v1: { Visitors: grpc.ServiceClientConstructor } } } };
    const client = new pkg.gov.platformtest.v1.Visitors(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure());
    const call = (req: object, token?: string) =>
      new Promise<{ err: grpc.ServiceError | null; res: { id: string; version: number } }>((resolve) => {
        const md = new grpc.Metadata();
        if (token) md.set('authorization', `Bearer ${token}`);
        client.RegisterVisitor(req, md, (err: grpc.ServiceError | null, res: { id: string; version: number }) => resolve({ err, res }));
      });
    const ok = await call(valid, await clerk());
    expect(ok.err).toBeNull();
    expect(ok.res.version).toBe(1);
    const unauth = await call(valid);
    expect(unauth.err?.code).toBe(grpc.status.UNAUTHENTICATED);
    const bad = await call({ ...valid, idNumber: '123' }, await clerk());
    expect(bad.err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(String(bad.err?.metadata.get('problem-fields')[0])).toContain('idNumber');
    client.close();
  });

  it('keeps identity numbers and phones out of the logs', async () => {
    await post(JSON.stringify({ ...valid, idNumber: 'bad' }), await clerk());
    const logger = new JsonLogger('x', 'info', (l) => void logLines.push(l));
    logger.info('applicant called', { note: `id ${valid.idNumber}, phone 13812345678` });
    const all = logLines.join('\n');
    expect(all).toContain('applicant called');
    expect(all).not.toContain(valid.idNumber);
    expect(all).not.toContain('13812345678');
  });
  it('drains in-flight requests on shutdown and then stops taking new ones (runs last)', async () => {
    const before = await eventCount();
    const inFlight = fetch(`${svc.httpUrl}/api/v1/visitors/slow`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await clerk()}` },
      body: JSON.stringify(valid),
    });
    await new Promise((r) => setTimeout(r, 200));
    const closing = svc.app.close();
    closed = true;
    const res = await inFlight;
    expect(res.status).toBe(201);
    await closing;
    await expect(fetch(`${svc.httpUrl}/health/live`)).rejects.toThrow();
    const check = db.newPool();
    expect(Number((await check.query('SELECT count(*) FROM es_events')).rows[0].count)).toBe(before + 1);
    await check.end();
  });

});

describe(loadConfig.name, () => {
  it('stops start-up naming the bad or missing variable, hiding secrets', () => {
    let error: unknown;
    try {
      loadConfig(PlatformConfig, { HTTP_PORT: 'eighty', DATABASE_URL: undefined, NODE_ENV: 'test' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/HTTP_PORT: .*"eighty"/);
    expect(message).toMatch(/DATABASE_URL: .*missing/);
  });

  it('refuses the development token issuer in production', () => {
    expect(() =>
      loadConfig(PlatformConfig, { NODE_ENV: 'production', DATABASE_URL: 'postgres://x@y/z', DEV_TOKEN_ISSUER: 'enabled', AUTH_PUBLIC_KEY: 'k' }),
    ).toThrow(/DEV_TOKEN_ISSUER/);
  });
});
