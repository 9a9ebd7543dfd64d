import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { makeResidentId } from '@gov/identity';
import { cloudEventHeaders, provisionTopics } from '@gov/messaging';
import { JsonLogger, type RunningService, protoPathOf } from '@gov/platform';
import {
  collectMessages,
  createTestDatabase,
  eventually,
  freePort,
  issueTestToken,
  serviceTestEnv,
  testKafka,
  testTopicPrefix,
  type CollectedMessage,
  type TestDatabase,
} from '@gov/testing';
import {
  realEstateCloudEventType,
  taxCloudEventType,
  type RealEstateEventDataV1,
  type RealEstateEventName,
  type TaxEventDataV1,
  type TaxEventName,
} from '@gov/contracts';
import { dlqTopic } from '@gov/messaging';
import { createJointProcessingApp, JOINT_PROCESSING_SERVICE } from './joint-processing.app';

const seller = { name: '张三', idType: 'resident-id', idNumber: makeResidentId({ birthDate: '1970-03-01', sequence: 11 }) };
const buyer = { name: '李四', idType: 'resident-id', idNumber: makeResidentId({ birthDate: '1990-07-01', sequence: 22 }), share: { numerator: 1, denominator: 1 } };
const UNIT = '500102001001GB00001F00010001';
const now = () => new Date().toISOString();

/** The departments' events about a case, whole, as their contracts (libs/contracts) define them. */
const registryEvents = {
  TransferApplied: (caseId: string): RealEstateEventDataV1['TransferApplied'] => ({
    transferId: caseId,
    caseId,
    unitNumber: UNIT,
    sellers: [{ name: seller.name, idType: 'resident-id', idNumber: seller.idNumber }],
    buyers: [{ name: buyer.name, idType: 'resident-id', idNumber: buyer.idNumber, share: buyer.share }],
    contractNumber: 'HT-1',
    contractPriceFen: 90_000_000,
    lenderConsentMortgageIds: [],
    appliedAt: now(),
  }),
  TaxClearanceRecorded: (caseId: string): RealEstateEventDataV1['TaxClearanceRecorded'] => ({ transferId: caseId, caseId, clearanceId: randomUUID(), assessmentId: caseId, clearedAt: now() }),
  OwnershipTransferred: (caseId: string): RealEstateEventDataV1['OwnershipTransferred'] => ({
    transferId: caseId,
    caseId,
    unitNumber: UNIT,
    buyers: [{ name: buyer.name, idType: 'resident-id', idNumber: buyer.idNumber, share: buyer.share }],
    contractPriceFen: 90_000_000,
    transferredAt: now(),
  }),
  CertificateIssued: (caseId: string, certificateNumber: string): RealEstateEventDataV1['CertificateIssued'] => ({
    transferId: caseId,
    caseId,
    unitNumber: UNIT,
    certificateNumber,
    owners: [{ name: buyer.name, idType: 'resident-id', idNumber: buyer.idNumber, share: buyer.share }],
    issuedAt: now(),
  }),
};
const taxEvents = {
  HouseTransferTaxAssessed: (caseId: string, paymentOrderId: string): TaxEventDataV1['HouseTransferTaxAssessed'] => ({
    assessmentId: caseId,
    transferId: caseId,
    caseId,
    paymentOrderId,
    unitNumber: UNIT,
    sellers: [{ residentId: seller.idNumber }],
    buyers: [{ residentId: buyer.idNumber }],
    policyVersion: '2026-01',
    referencePriceFen: 80_000_000,
    taxableBaseFen: 90_000_000,
    taxableBaseSource: 'contract-price',
    sellerHeldFullYears: 11,
    lines: [{ tax: 'deed-tax', payer: 'buyer', baseFen: 90_000_000, rate: '0.01', amountFen: 900_000, policyLine: { id: 'deed-tax.first-home', version: '2026-01' } }],
    totals: { totalFen: 900_000, sellerFen: 0, buyerFen: 900_000 },
    assessedAt: now(),
  }),
  TaxClearanceGranted: (caseId: string, paymentOrderId: string): TaxEventDataV1['TaxClearanceGranted'] => ({
    assessmentId: caseId,
    transferId: caseId,
    caseId,
    paymentOrderId,
    bankTransactionId: 'BT-1',
    paidFen: 900_000,
    grantedAt: now(),
  }),
};

describe('joint processing service', () => {
  let db: TestDatabase;
  let svc: RunningService;
  let prefix: string;
  let grpcPort: number;
  const kafka = testKafka();
  const logs: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('joint_processing');
    prefix = testTopicPrefix('joint');
    grpcPort = await freePort();
    await provisionTopics(kafka, [
      { topic: `${prefix}gov.real-estate-registration.events.v1`, withDlq: true },
      { topic: `${prefix}gov.tax.events.v1`, withDlq: true },
    ]);
    svc = await createJointProcessingApp(
      serviceTestEnv(db.url, prefix, { GRPC_PORT: String(grpcPort), PAYMENT_WINDOW_MINUTES: '0.2', TIMER_POLL_MS: '200', LOG_LEVEL: 'info' }),
      { httpPort: 0, logger: new JsonLogger('joint-processing', 'info', (l) => void logs.push(l)) },
    );
  });
  const producer = kafka.producer();
  beforeAll(() => producer.connect());
  afterAll(async () => {
    await producer.disconnect();
    await svc?.app.close();
    await db.drop();
  });

  const clerkToken = () => issueTestToken({ roles: ['clerk'], department: 'joint-window', subject: 'clerk-35' });
  const api = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${svc.httpUrl}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? (await clerkToken())}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const calledTicket = async () => {
    const t = await api('POST', '/hall/tickets', { category: 'house-transfer' });
    expect(t.status).toBe(201);
    const called = await api('POST', '/hall/calls', { category: 'house-transfer', window: '35' });
    expect(called.status).toBe(200);
    return { day: t.body.day as string, number: called.body.number as string };
  };
  let KEY_MATERIALS: string[] = [];
  beforeAll(async () => {
    const req = await api('GET', '/house-transfers/requirements');
    KEY_MATERIALS = req.body.requiredMaterials;
    expect(KEY_MATERIALS.length).toBeGreaterThan(2);
  });
  const application = (ticket: { day: string; number: string }, materials = KEY_MATERIALS) => ({
    ticket,
    sellers: [seller],
    buyers: [buyer],
    unit: { unitNumber: '500102001001GB00001F00010001', areaHundredthsM2: 8950, acquisitionDate: '2015-05-01', originalPriceFen: 60_000_000 },
    contract: { number: `HT-${randomUUID().slice(0, 8)}`, priceFen: 90_000_000, signedOn: '2026-11-20' },
    taxFacts: { buyerFamilyHome: 'first', sellerOnlyHome: true },
    materials: materials.map((type, i) => ({ type, fileName: `m${i}.pdf`, sha256: String(i).repeat(64).slice(0, 64) })),
  });
  /** Publishes raw: `type` is the whole ce_type, `value` any JSON (a malformed message included). */
  // One producer for the test file: the payment must reach the case within its (short) payment window.
  const publishRaw = async (department: 'real-estate-registration' | 'tax', type: string, key: string, value: unknown, id: string = randomUUID()) => {
    await producer.send({
      topic: `${prefix}gov.${department}.events.v1`,
      messages: [{ key, value: JSON.stringify(value), headers: cloudEventHeaders({ id, source: `/gov/${department}`, type }) }],
    });
  };
  const fromRegistry = <N extends RealEstateEventName>(name: N, data: RealEstateEventDataV1[N], id?: string) =>
    publishRaw('real-estate-registration', realEstateCloudEventType(name), `sale-transfer-${(data as { transferId: string }).transferId}`, data, id);
  const fromTax = <N extends TaxEventName>(name: N, data: TaxEventDataV1[N], id?: string) =>
    publishRaw('tax', taxCloudEventType(name), `tax-assessment-${(data as { assessmentId: string }).assessmentId}`, data, id);
  const commandsFor = (caseId: string, topic: string, count: number) =>
    collectMessages(kafka, [`${prefix}gov.${topic}.commands.v1`], (m) => m.filter((x) => x.headers.ce_id.startsWith(caseId)).length >= count, 30_000).then((all) =>
      all.filter((x: CollectedMessage) => x.headers.ce_id.startsWith(caseId)),
    );
  const view = async (caseId: string, token?: string) => (await api('GET', `/house-transfers/${caseId}`, undefined, token)).body;

  it('sends one notice naming every missing material and starts nothing', async () => {
    const ticket = await calledTicket();
    const res = await api('POST', '/house-transfers', application(ticket, [KEY_MATERIALS[0]]));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'materials-incomplete', details: { missing: KEY_MATERIALS.slice(1) } });
    expect(Number((await db.pool.query('SELECT count(*) FROM es_events')).rows[0].count)).toBe(
      Number((await db.pool.query(`SELECT count(*) FROM es_events WHERE stream_id LIKE 'hall-queue-%'`)).rows[0].count),
    );
  });

  it('takes a case from the window to the certificate, with a timeline', async () => {
    const ticket = await calledTicket();
    const res = await api('POST', '/house-transfers', application(ticket));
    expect(res.status).toBe(201);
    const { caseId } = res.body;
    const [toRegistry] = await commandsFor(caseId, 'real-estate-registration', 1);
    expect(toRegistry.headers).toMatchObject({ ce_id: `${caseId}:ApplyForSaleTransfer`, ce_type: 'gov.real-estate-registration.ApplyForSaleTransfer.v2', ce_source: '/gov/joint-processing' });
    expect(toRegistry.value).toMatchObject({ transferId: caseId, caseId, unitNumber: '500102001001GB00001F00010001', contractPriceFen: 90_000_000 });
    const [toTax] = await commandsFor(caseId, 'tax', 1);
    expect(toTax.headers.ce_type).toBe('gov.tax.AssessHouseTransferTax.v1');

    const applied = randomUUID();
    await fromRegistry('TransferApplied', registryEvents.TransferApplied(caseId), applied);
    // A redelivery (same id, caught by the inbox) and a repeat of the fact (new id, ignored by the decider).
    await fromRegistry('TransferApplied', registryEvents.TransferApplied(caseId), applied);
    await fromRegistry('TransferApplied', registryEvents.TransferApplied(caseId));
    const paymentOrderId = `po-${caseId}`;
    await fromTax('HouseTransferTaxAssessed', taxEvents.HouseTransferTaxAssessed(caseId, paymentOrderId));
    await fromTax('TaxClearanceGranted', taxEvents.TaxClearanceGranted(caseId, paymentOrderId));
    await fromRegistry('TaxClearanceRecorded', registryEvents.TaxClearanceRecorded(caseId));
    const registry = await commandsFor(caseId, 'real-estate-registration', 2);
    const register = registry.find((m) => m.headers.ce_type === 'gov.real-estate-registration.RegisterTransfer.v2');
    expect(register?.value).toEqual({ transferId: caseId, caseId });
    await fromRegistry('OwnershipTransferred', registryEvents.OwnershipTransferred(caseId));
    await fromRegistry('CertificateIssued', registryEvents.CertificateIssued(caseId, '渝(2026)涪陵区不动产权第0000001号'));
    const done = await eventually(async () => {
      const v = await view(caseId);
      return v.status === 'completed' ? v : undefined;
    });
    expect(done.certificateNumber).toBe('渝(2026)涪陵区不动产权第0000001号');
    // The case view names tax's payment order with its amount, paid.
    expect(done.paymentOrder).toEqual({ paymentOrderId, amountFen: 900_000, status: 'paid', dueAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    expect(done.ticket).toEqual({ day: ticket.day, number: ticket.number, window: '35' });
    const steps = done.timeline.map((s: { step: string }) => s.step);
    expect(steps).toEqual(
      expect.arrayContaining(['accepted', 'property checked and locked', 'taxes assessed', 'payment confirmed', 'ownership transferred', 'certificate issued', 'completed']),
    );
    expect(steps.filter((s: string) => s === 'property checked and locked')).toHaveLength(1);
    for (const s of done.timeline) expect(s.durationSeconds).toBeGreaterThanOrEqual(0);
    // One visibility rule: a party to the case (the parties signed one contract), the joint window's
    // clerks and supervisors see it in clear; another department's clerk sees it masked; a stranger gets 403.
    const asBuyer = await view(caseId, await issueTestToken({ roles: ['applicant'], partyId: buyer.idNumber }));
    expect(asBuyer.buyers[0].idNumber).toBe(buyer.idNumber);
    expect(asBuyer.sellers[0]).toEqual({ name: seller.name, idNumber: seller.idNumber });
    expect(done.sellers[0].idNumber).toBe(seller.idNumber);
    const asTaxClerk = await view(caseId, await issueTestToken({ roles: ['clerk'], department: 'tax', subject: 'clerk-tax-07' }));
    expect(asTaxClerk.sellers[0]).toEqual({ name: '张*', idNumber: `${seller.idNumber.slice(0, 3)}***********${seller.idNumber.slice(-4)}` });
    expect(JSON.stringify(asTaxClerk)).not.toContain(buyer.idNumber);
    const asSupervisor = await view(caseId, await issueTestToken({ roles: ['supervisor'], subject: 'supervisor-01' }));
    expect(asSupervisor.buyers[0].name).toBe(buyer.name);
    const stranger = await api('GET', `/house-transfers/${caseId}`, undefined, await issueTestToken({ roles: ['applicant'], partyId: makeResidentId({ sequence: 99 }) }));
    expect(stranger.status).toBe(403);
    expect(logs.join('\n')).not.toContain(seller.idNumber);
  });

  it('compensates when the payment window passes unpaid', async () => {
    const ticket = await calledTicket();
    const { caseId } = (await api('POST', '/house-transfers', application(ticket))).body;
    await fromRegistry('TransferApplied', registryEvents.TransferApplied(caseId));
    await fromTax('HouseTransferTaxAssessed', taxEvents.HouseTransferTaxAssessed(caseId, `po-${caseId}`));
    const rejected = await eventually(async () => {
      const v = await view(caseId);
      return v.status === 'rejected' ? v : undefined;
    }, 40_000);
    expect(rejected.rejection).toMatchObject({ code: 'payment-window-expired' });
    // The order the view named was never paid; tax has not confirmed its cancellation here (no tax service runs).
    const unpaid = await eventually(async () => (await view(caseId)).paymentOrder ?? undefined);
    expect(unpaid).toEqual({ paymentOrderId: `po-${caseId}`, amountFen: 900_000, status: 'issued', dueAt: expect.any(String) });
    const registry = await commandsFor(caseId, 'real-estate-registration', 2);
    expect(registry.map((m) => m.headers.ce_type)).toContain('gov.real-estate-registration.CancelTransfer.v2');
    const tax = await commandsFor(caseId, 'tax', 2);
    expect(tax.find((m) => m.headers.ce_type === 'gov.tax.CancelAssessment.v2')?.value).toMatchObject({ assessmentId: caseId, caseId });
  });

  it('dead-letters a department event that breaks its contract at once, naming the field, and the partition moves on', async () => {
    const ticket = await calledTicket();
    const { caseId } = (await api('POST', '/house-transfers', application(ticket))).body;
    const key = `sale-transfer-${caseId}`;
    // Same key, so the same partition, in this order: a wrong type, a missing case id, then a good event.
    const wrongType = randomUUID();
    await publishRaw('real-estate-registration', realEstateCloudEventType('TransferApplied'), key, { ...registryEvents.TransferApplied(caseId), contractPriceFen: '90000000' }, wrongType);
    const { caseId: _omitted, ...withoutCase } = registryEvents.TaxClearanceRecorded(caseId);
    const noCase = randomUUID();
    await publishRaw('real-estate-registration', realEstateCloudEventType('TaxClearanceRecorded'), key, withoutCase, noCase);
    await fromRegistry('TransferApplied', registryEvents.TransferApplied(caseId));
    const locked = await eventually(async () => {
      const v = await view(caseId);
      return v.timeline.some((s: { step: string }) => s.step === 'property checked and locked') ? v : undefined;
    });
    // Neither broken message changed the case: the registry's clearance was never recorded.
    expect(locked.timeline.map((s: { step: string }) => s.step)).not.toContain('tax clearance recorded by the registry');
    const dead = await collectMessages(kafka, [dlqTopic(`${prefix}gov.real-estate-registration.events.v1`)], (ms) =>
      [wrongType, noCase].every((id) => ms.some((m) => m.headers.ce_id === id)),
    );
    const headersOf = (id: string) => dead.find((m) => m.headers.ce_id === id)?.headers;
    expect(headersOf(wrongType)).toMatchObject({ dlq_error_type: 'ContractViolation', dlq_field: 'contractPriceFen', dlq_attempts: '1' });
    expect(headersOf(wrongType)?.dlq_error).toMatch(/contractPriceFen: expected an integer/);
    expect(headersOf(noCase)).toMatchObject({ dlq_error_type: 'ContractViolation', dlq_field: 'caseId', dlq_attempts: '1' });
    expect(headersOf(noCase)?.dlq_error).toMatch(/caseId: is required/);
  });

  it('reaches the hall and the case over gRPC', async () => {
    const def = protoLoader.loadSync(protoPathOf(JOINT_PROCESSING_SERVICE), { keepCase: true });
    const pkg = grpc.loadPackageDefinition(def) as unknown as { gov: { jointprocessing: { v1: { JointProcessing: grpc.ServiceClientConstructor } } } };
    const client = new pkg.gov.jointprocessing.v1.JointProcessing(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure());
    const md = new grpc.Metadata();
    md.set('authorization', `Bearer ${await clerkToken()}`);
    const call = <T>(method: string, req: object) =>
      new Promise<T>((resolve, reject) => (client[method] as grpc.handleUnaryCall<object, T> & ((...a: unknown[]) => void))(req, md, (err: grpc.ServiceError | null, res: T) => (err ? reject(err) : resolve(res))));
    const t = await call<{ number: string; day: string }>('TakeTicket', { category: 'house-transfer' });
    const c = await call<{ number: string; window: string }>('CallNext', { category: 'house-transfer', window: '36' });
    expect(c.window).toBe('36');
    const submitted = await call<{ caseId: string }>('SubmitHouseTransfer', application({ day: t.day, number: c.number }));
    const got = await call<{ status: string; caseId: string }>('GetHouseTransfer', { caseId: submitted.caseId });
    expect(got).toMatchObject({ caseId: submitted.caseId, status: 'in-progress' });
    await expect(call('SubmitHouseTransfer', { ...application({ day: t.day, number: c.number }), sellers: [] })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    client.close();
  });
});
