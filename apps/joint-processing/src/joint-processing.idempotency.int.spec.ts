import { randomUUID } from 'node:crypto';
import { makeResidentId } from '@gov/identity';
import { provisionTopics } from '@gov/messaging';
import { JsonLogger } from '@gov/platform';
import { expectIdempotencyHeaderDocumented, expectIdempotencyRule, httpCall, issueTestToken, startServiceUnderTest, testKafka, type IdempotentRoute, type ServiceUnderTest } from '@gov/testing';
import { createJointProcessingApp } from './joint-processing.app';

// The one Idempotency-Key rule on every command POST of the joint window (libs/platform/src/edge).
describe('joint-processing: the one idempotency rule', () => {
  let sut: ServiceUnderTest<Awaited<ReturnType<typeof createJointProcessingApp>>>;
  let calls = 0;
  let takes = 0;
  // The house-transfer windows of the packaged hall; another window makes another request.
  const nextWindow = () => ['35', '36'][calls++ % 2];
  let requirements: string[] = [];
  let categories: string[] = [];
  const clerk = () => issueTestToken({ roles: ['clerk'], department: 'joint-window', subject: 'clerk-35' });
  const otherClerk = () => issueTestToken({ roles: ['clerk'], department: 'joint-window', subject: 'clerk-36' });
  const api = async (path: string, body?: unknown) => httpCall(sut.apiUrl, body === undefined ? 'GET' : 'POST', path, { token: await clerk(), body });
  const target = () => ({ apiUrl: sut.apiUrl, eventCount: () => sut.eventCount() });
  const route = (name: string, request: IdempotentRoute['request']): IdempotentRoute => ({ name, caller: clerk, otherCaller: otherClerk, request });
  /** A ticket taken and called to a window, as the hall hands it to a clerk. */
  const calledTicket = async () => {
    expect((await api('/hall/tickets', { category: 'house-transfer' })).status).toBe(201);
    const called = await api('/hall/calls', { category: 'house-transfer', window: nextWindow() });
    expect(called.status).toBe(200);
    return { day: String(called.body.day), number: String(called.body.number) };
  };
  const application = async () => ({
    ticket: await calledTicket(),
    sellers: [{ name: '张三', idType: 'resident-id', idNumber: makeResidentId({ birthDate: '1970-03-01', sequence: 11 }) }],
    buyers: [{ name: '李四', idType: 'resident-id', idNumber: makeResidentId({ birthDate: '1990-07-01', sequence: 22 }), share: { numerator: 1, denominator: 1 } }],
    unit: { unitNumber: '500102001001GB00001F00010001', areaHundredthsM2: 8950, acquisitionDate: '2015-05-01', originalPriceFen: 60_000_000 },
    contract: { number: `HT-${randomUUID().slice(0, 8)}`, priceFen: 90_000_000, signedOn: '2026-11-20' },
    taxFacts: { buyerFamilyHome: 'first', sellerOnlyHome: true },
    materials: requirements.map((type, i) => ({ type, fileName: `m${i}.pdf`, sha256: String(i).repeat(64).slice(0, 64) })),
  });

  beforeAll(async () => {
    sut = await startServiceUnderTest('jp_idempotency', (env) => createJointProcessingApp(env, { httpPort: 0, logger: new JsonLogger('joint-processing', 'warn', () => undefined) }), {
      // The department topics it subscribes to.
      beforeStart: (prefix) =>
        provisionTopics(testKafka(), ['real-estate-registration', 'tax'].map((service) => ({ topic: `${prefix}gov.${service}.events.v1`, withDlq: true }))),
    });
    requirements = (await api('/house-transfers/requirements')).body.requiredMaterials as string[];
    categories = ((await api('/hall/categories')).body as unknown as { code: string }[]).map((c) => c.code);
  });
  afterAll(async () => {
    await sut?.stop();
  });

  it.each([
    // Another category makes another request.
    route('POST /hall/tickets', async () => ({ path: '/hall/tickets', body: { category: categories[takes++ % categories.length] } })),
    route('POST /hall/calls', async () => {
      // Someone waits to be called; each request calls to another window.
      expect((await api('/hall/tickets', { category: 'house-transfer' })).status).toBe(201);
      return { path: '/hall/calls', body: { category: 'house-transfer', window: nextWindow() } };
    }),
    route('POST /house-transfers', async () => ({ path: '/house-transfers', body: await application() })),
  ])('$name', async (r) => {
    await expectIdempotencyRule(target(), r);
  });

  it('documents the Idempotency-Key header once on every command POST and on no read', async () => {
    await expectIdempotencyHeaderDocumented(sut.svc.httpUrl);
  });
});
