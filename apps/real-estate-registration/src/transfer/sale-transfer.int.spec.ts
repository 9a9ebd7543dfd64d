import { randomUUID } from 'node:crypto';
import { internalCommandContext } from '@gov/platform';
import { Readable } from 'node:stream';
import type { Producer } from 'kafkajs';
import { cloudEventHeaders } from '@gov/messaging';
import { collectMessages, eventually, testKafka } from '@gov/testing';
import { SERVICES, realEstateCloudEventType } from '@gov/contracts';
import { drawCertificateSerial } from '../certificate/certificate-serials';
import type { Owner, Party } from '../domain/party';
import { RegisterImportService } from '../register-import/register-import.service';
import { applyBody, call, startTestService, tokens, unitBody, type TestService } from '../testing/real-estate.test-kit';
import { newPerson, newUnitNumber, owning } from '../testing/real-estate.factories';
import { SaleTransferHandler } from './sale-transfer.handler';

describe(SaleTransferHandler.name, () => {
  let t: TestService;
  let sut: SaleTransferHandler;
  let producer: Producer;
  const kafka = testKafka();
  const seller = newPerson(11, '张三');
  const seller2 = newPerson(12, '李四');
  const buyer = owning(newPerson(21, '王五'));
  const sellers: Party[] = [seller, seller2];
  const buyers: Owner[] = [buyer];
  let registrar: string;
  let nextUnit = 1000;

  const commandsTopic = () => `${t.topicPrefix}gov.${SERVICES.realEstate}.commands.v1`;
  const eventsTopic = () => `${t.topicPrefix}gov.${SERVICES.realEstate}.events.v1`;
  const taxTopic = () => `${t.topicPrefix}gov.${SERVICES.tax}.events.v1`;
  const base = () => t.svc.httpUrl;

  async function newRegisteredUnit(): Promise<number> {
    const n = nextUnit++;
    const res = await call(base(), 'POST', '/units', { token: registrar, body: unitBody(n, sellers) });
    expect(res.status).toBe(201);
    return n;
  }

  async function streamEvents(streamId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
    const { rows } = await t.db.pool.query<{ event_type: string; data: Record<string, unknown> }>(
      'SELECT event_type, data FROM es_events WHERE stream_id = $1 ORDER BY stream_version',
      [streamId],
    );
    return rows.map((r) => ({ type: r.event_type, data: r.data }));
  }

  async function sendCommand(name: string, data: object, id: string = randomUUID(), correlationId?: string): Promise<string> {
    const transferId = (data as { transferId: string }).transferId;
    await producer.send({
      topic: commandsTopic(),
      messages: [
        {
          key: transferId,
          value: JSON.stringify(data),
          headers: cloudEventHeaders({ id, source: '/gov/joint-processing', type: `gov.${SERVICES.realEstate}.${name}.v1`, subject: transferId, correlationId }),
        },
      ],
    });
    return id;
  }

  async function grantClearance(transferId: string, id: string = randomUUID()): Promise<void> {
    await producer.send({
      topic: taxTopic(),
      messages: [
        {
          key: `tax-assessment-${transferId}`,
          value: JSON.stringify({ assessmentId: `ASM-${transferId}`, transferId, paymentOrderId: `PO-${transferId}`, bankTransactionId: 'BANK-1', paidFen: 123_456, grantedAt: new Date().toISOString() }),
          headers: cloudEventHeaders({ id, source: '/gov/tax', type: 'gov.tax.TaxClearanceGranted.v1', subject: `tax-assessment-${transferId}` }),
        },
      ],
    });
  }

  const transferStatus = async (transferId: string): Promise<string | undefined> =>
    (await t.db.pool.query<{ status: string }>('SELECT status FROM re_transfers WHERE transfer_id = $1', [transferId])).rows[0]?.status;
  const unitRow = async (n: number) =>
    (await t.db.pool.query<{ status: string; lock: { transferId: string } | null; owners: Owner[] }>('SELECT status, lock, owners FROM re_units WHERE unit_number = $1', [newUnitNumber(n)])).rows[0];

  beforeAll(async () => {
    t = await startTestService('re_transfer');
    sut = t.svc.app.get(SaleTransferHandler);
    registrar = await tokens.registrar();
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await t?.stop();
  });

  it('applies, records the clearance from the tax topic, registers the buyers and issues a certificate', async () => {
    const n = await newRegisteredUnit();
    const transferId = `TR-${randomUUID()}`;
    const applied = await call(base(), 'POST', '/transfers', { token: registrar, body: applyBody(transferId, n, sellers, buyers) });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ transferId, status: 'awaiting-tax-clearance' });
    expect(await unitRow(n)).toMatchObject({ status: 'locked-for-transfer', lock: { transferId } });

    const early = await call(base(), 'POST', `/transfers/${transferId}/registration`, { token: registrar });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'awaiting-tax-clearance' });

    await grantClearance(transferId);
    await eventually(async () => (await transferStatus(transferId)) === 'tax-cleared', 30_000);

    const registered = await call<{ certificateNumber: string; status: string }>(base(), 'POST', `/transfers/${transferId}/registration`, { token: registrar });
    expect(registered.status).toBe(200);
    expect(registered.body.status).toBe('completed');
    expect(registered.body.certificateNumber).toMatch(/^渝\(\d{4}\)涪陵区不动产权第\d{7}号$/);
    expect(await unitRow(n)).toMatchObject({ status: 'registered', lock: null, owners: [buyer] });
    expect((await streamEvents(`sale-transfer-${transferId}`)).map((e) => e.type)).toEqual([
      'TransferApplied',
      'TaxClearanceRecorded',
      'OwnershipTransferred',
      'CertificateIssued',
    ]);

    const verified = await call(base(), 'GET', `/certificates/${encodeURIComponent(registered.body.certificateNumber)}`);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ valid: true, status: 'valid', unitNumber: newUnitNumber(n) });
    expect(verified.text).not.toContain(buyer.idNumber);
    expect(verified.text).toContain(buyer.idNumber.slice(-4));

    // Supervision hears the case from acceptance to completion, under the catalog item and version.
    const lifecycle = await streamEvents(`case-lifecycle-${transferId}`);
    expect(lifecycle.map((e) => [e.type, e.data.step ?? e.data.outcome ?? null])).toEqual([
      ['CaseAccepted', null],
      ['CaseStepCompleted', 'tax-cleared'],
      ['CaseStepCompleted', 'ownership-registered'],
      ['CaseDecided', 'approved'],
      ['CaseStepCompleted', 'certificate-issued'],
      ['CaseCompleted', 'approved'],
    ]);
    expect(lifecycle[0].data).toMatchObject({ caseId: transferId, itemCode: 'BDC-01', catalogVersion: '2018-08', department: 'real-estate' });

    // Selling the unit on supersedes the first certificate.
    const next = `TR-${randomUUID()}`;
    expect((await call(base(), 'POST', '/transfers', { token: registrar, body: applyBody(next, n, [{ name: buyer.name, idType: buyer.idType, idNumber: buyer.idNumber }], [owning(seller)]) })).status).toBe(201);
    await sut.handle({ type: 'RecordTaxClearance', data: { transferId: next, clearanceId: 'CLR-2', assessmentId: 'ASM-2', at: new Date().toISOString() } }, internalCommandContext({ subject: 'test' }));
    const second = await sut.handle({ type: 'RegisterTransfer', data: { transferId: next, at: new Date().toISOString() } }, internalCommandContext({ subject: 'test' }));
    const old = await call(base(), 'GET', `/certificates/${encodeURIComponent(registered.body.certificateNumber)}`);
    expect(old.body).toMatchObject({ valid: false, status: 'superseded', supersededBy: second.certificateNumber });
  });

  it('accepts exactly one of two applications racing for one unit', async () => {
    const n = await newRegisteredUnit();
    const ids = Array.from({ length: 6 }, () => `TR-${randomUUID()}`);
    const replies = await Promise.all(ids.map((id) => call(base(), 'POST', '/transfers', { token: registrar, body: applyBody(id, n, sellers, buyers) })));
    const accepted = replies.filter((r) => r.status === 201);
    expect(accepted).toHaveLength(1);
    for (const r of replies.filter((x) => x.status !== 201)) expect(r.body).toMatchObject({ status: 409, code: 'unit-locked-for-transfer' });
    const winner = (accepted[0].body as { transferId: string }).transferId;
    expect(await unitRow(n)).toMatchObject({ status: 'locked-for-transfer', lock: { transferId: winner } });
    const { rows } = await t.db.pool.query(`SELECT count(*)::int AS n FROM es_events WHERE event_type = 'TransferApplied' AND data->>'unitNumber' = $1`, [newUnitNumber(n)]);
    expect(rows[0].n).toBe(1);
    expect((await streamEvents(`real-estate-unit-${newUnitNumber(n)}`)).map((e) => e.type)).toEqual(['UnitRegistered', 'UnitLockedForTransfer']);
  });

  it('issues 200 certificates concurrently with 200 distinct consecutive numbers', async () => {
    const COUNT = 200;
    const first = nextUnit;
    nextUnit += COUNT;
    const owners = `${seller.name}|resident-id|${seller.idNumber}|1/2;${seller2.name}|resident-id|${seller2.idNumber}|1/2`;
    const csv = ['unitNumber,location,areaM2,use,owners,acquisitionDate,originalPriceFen']
      .concat(Array.from({ length: COUNT }, (_, i) => `${newUnitNumber(first + i)},涪陵区某街${i}号,89.52,住宅,${owners},2010-01-01,30000000`))
      .join('\n');
    const report = await t.svc.app.get(RegisterImportService).import(Readable.from([Buffer.from(csv)]), 'csv', internalCommandContext({ subject: 'test' }));
    expect(report).toMatchObject({ imported: COUNT, rejected: 0 });
    const ids = Array.from({ length: COUNT }, () => `TR-${randomUUID()}`);
    const at = () => new Date().toISOString();
    await Promise.all(
      ids.map(async (transferId, i) => {
        const data = { transferId, caseId: null, unitNumber: newUnitNumber(first + i), sellers, buyers, contractNumber: `FL-${i}`, contractPriceFen: 68_000_000 };
        await sut.handle({ type: 'ApplyForSaleTransfer', data: { ...data, lenderConsentMortgageIds: [], at: at(), unit: null } }, internalCommandContext({ subject: 'test' }));
        await sut.handle({ type: 'RecordTaxClearance', data: { transferId, clearanceId: `C-${i}`, assessmentId: `A-${i}`, at: at() } }, internalCommandContext({ subject: 'test' }));
      }),
    );
    const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
    const before = (await t.db.pool.query<{ last_serial: number }>('SELECT last_serial FROM re_certificate_serials WHERE year = $1', [year])).rows[0]?.last_serial ?? 0;

    const outcomes = await Promise.all(ids.map((transferId) => sut.handle({ type: 'RegisterTransfer', data: { transferId, at: at() } }, internalCommandContext({ subject: 'test' }))));
    const serials = outcomes.map((o) => Number(/第(\d{7})号$/.exec(o.certificateNumber ?? '')?.[1])).sort((a, b) => a - b);
    expect(new Set(serials).size).toBe(COUNT);
    expect(serials).toEqual(Array.from({ length: COUNT }, (_, i) => before + 1 + i));
    const { rows } = await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM re_certificates WHERE year = $1 AND serial > $2', [year, before]);
    expect(rows[0].n).toBe(COUNT);
  });

  it('gives a serial back when the issuing transaction rolls back', async () => {
    const client = await t.db.pool.connect();
    try {
      await client.query('BEGIN');
      const drawn = await drawCertificateSerial(client, '涪陵区', 1999);
      await client.query('ROLLBACK');
      await client.query('BEGIN');
      expect(await drawCertificateSerial(client, '涪陵区', 1999)).toBe(drawn);
      expect(await drawCertificateSerial(client, '涪陵区', 1999)).toBe(drawn + 1);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });

  it('refuses an application for a seized unit with the reason, and locks nothing', async () => {
    const n = await newRegisteredUnit();
    const seizure = { court: '重庆市涪陵区人民法院', orderNumber: '(2026)渝0102执1号' };
    expect((await call(base(), 'POST', `/units/${newUnitNumber(n)}/seizures`, { token: registrar, body: seizure })).status).toBe(201);
    const transferId = `TR-${randomUUID()}`;
    const refused = await call(base(), 'POST', '/transfers', { token: registrar, body: applyBody(transferId, n, sellers, buyers) });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'unit-seized', detail: 'the unit is seized by court order' });
    expect(await unitRow(n)).toMatchObject({ status: 'registered', lock: null });
    expect(await streamEvents(`sale-transfer-${transferId}`)).toEqual([]);

    // The same application from the joint window is answered on the events topic.
    const viaKafka = `TR-${randomUUID()}`;
    await sendCommand('ApplyForSaleTransfer', { ...applyBody(viaKafka, n, sellers, buyers), caseId: 'JC-seized' });
    const events = await eventually(async () => {
      const e = await streamEvents(`sale-transfer-${viaKafka}`);
      return e.length > 0 ? e : undefined;
    }, 30_000);
    expect(events).toEqual([
      {
        type: 'TransferRefused',
        data: expect.objectContaining({ transferId: viaKafka, code: 'unit-seized', reason: 'the unit is seized by court order', stage: 'application', taxClearanceId: null }),
      },
    ]);
    expect(await unitRow(n)).toMatchObject({ status: 'registered', lock: null });
    expect(await transferStatus(viaKafka)).toBe('application-refused');
  });

  it('takes a command sent twice on the command topic once, and answers on the events topic with CloudEvents headers', async () => {
    const n = await newRegisteredUnit();
    const transferId = `TR-${randomUUID()}`;
    const caseId = `JC-${randomUUID()}`;
    const data = { ...applyBody(transferId, n, sellers, buyers), caseId };
    const commandId = await sendCommand('ApplyForSaleTransfer', data, randomUUID(), caseId);
    await sendCommand('ApplyForSaleTransfer', data, commandId, caseId);
    // A different command id for the same transfer is answered already, too.
    await sendCommand('ApplyForSaleTransfer', data, randomUUID(), caseId);
    await eventually(async () => (await transferStatus(transferId)) === 'awaiting-tax-clearance', 30_000);

    const messages = await collectMessages(
      kafka,
      [eventsTopic()],
      (ms) => ms.some((m) => m.key === `real-estate-unit-${newUnitNumber(n)}` && m.headers.ce_type?.endsWith('UnitLockedForTransfer.v1')) && ms.some((m) => m.key === `sale-transfer-${transferId}`),
    );
    const applied = messages.find((m) => m.key === `sale-transfer-${transferId}`);
    expect(applied?.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      ce_source: `/gov/${SERVICES.realEstate}`,
      ce_type: realEstateCloudEventType('TransferApplied'),
      ce_subject: `sale-transfer-${transferId}`,
      ce_time: expect.any(String),
      'content-type': 'application/json',
      ce_correlationid: caseId,
      ce_causationid: commandId,
    });
    expect(applied?.value).toMatchObject({ transferId, caseId, unitNumber: newUnitNumber(n) });

    // One effect: one application, one lock, whatever was redelivered.
    expect((await streamEvents(`sale-transfer-${transferId}`)).map((e) => e.type)).toEqual(['TransferApplied']);
    expect((await streamEvents(`real-estate-unit-${newUnitNumber(n)}`)).map((e) => e.type)).toEqual(['UnitRegistered', 'UnitLockedForTransfer']);
  });

  it('keeps a clearance that arrives before the application, and records it when the application does', async () => {
    const n = await newRegisteredUnit();
    const transferId = `TR-${randomUUID()}`;
    // The tax topic and the command topic are not ordered with each other.
    await grantClearance(transferId);
    await eventually(async () => (await t.db.pool.query('SELECT 1 FROM re_pending_tax_clearances WHERE transfer_id = $1', [transferId])).rowCount === 1, 30_000);
    await sendCommand('ApplyForSaleTransfer', { ...applyBody(transferId, n, sellers, buyers), caseId: 'JC-early' });
    await eventually(async () => (await transferStatus(transferId)) === 'tax-cleared', 30_000);
    expect((await streamEvents(`sale-transfer-${transferId}`)).map((e) => e.type)).toEqual(['TransferApplied', 'TaxClearanceRecorded']);
    expect((await t.db.pool.query('SELECT 1 FROM re_pending_tax_clearances WHERE transfer_id = $1', [transferId])).rowCount).toBe(0);
  });

  it('registers when RegisterTransfer arrives before the clearance, as soon as the clearance does', async () => {
    const n = await newRegisteredUnit();
    const transferId = `TR-${randomUUID()}`;
    await sendCommand('ApplyForSaleTransfer', { ...applyBody(transferId, n, sellers, buyers), caseId: 'JC-1' });
    await eventually(async () => (await transferStatus(transferId)) === 'awaiting-tax-clearance', 30_000);
    await sendCommand('RegisterTransfer', { transferId });
    await eventually(async () => (await streamEvents(`sale-transfer-${transferId}`)).some((e) => e.type === 'TransferRegistrationRequested'), 30_000);
    // Clearances of transfers this service never saw are someone else's.
    await grantClearance(`TR-unknown-${randomUUID()}`);
    await grantClearance(transferId);
    await eventually(async () => (await transferStatus(transferId)) === 'completed', 30_000);
    expect((await streamEvents(`sale-transfer-${transferId}`)).map((e) => e.type)).toEqual([
      'TransferApplied',
      'TransferRegistrationRequested',
      'TaxClearanceRecorded',
      'OwnershipTransferred',
      'CertificateIssued',
    ]);
    expect(await unitRow(n)).toMatchObject({ status: 'registered', owners: [buyer] });
  });

  it('refuses a registration over Kafka when the unit was seized after the lock, and unlocks it', async () => {
    const n = await newRegisteredUnit();
    const transferId = `TR-${randomUUID()}`;
    expect((await call(base(), 'POST', '/transfers', { token: registrar, body: applyBody(transferId, n, sellers, buyers) })).status).toBe(201);
    await sut.handle({ type: 'RecordTaxClearance', data: { transferId, clearanceId: 'CLR-S', assessmentId: 'ASM-S', at: new Date().toISOString() } }, internalCommandContext({ subject: 'test' }));
    const seizure = { court: '重庆市第三中级人民法院', orderNumber: '(2026)渝03执9号' };
    expect((await call(base(), 'POST', `/units/${newUnitNumber(n)}/seizures`, { token: registrar, body: seizure })).status).toBe(201);
    await sendCommand('RegisterTransfer', { transferId });
    await eventually(async () => (await transferStatus(transferId)) === 'refused', 30_000);
    const last = (await streamEvents(`sale-transfer-${transferId}`)).at(-1);
    expect(last).toMatchObject({ type: 'TransferRefused', data: { code: 'unit-seized', stage: 'registration', taxClearanceId: 'CLR-S' } });
    expect(await unitRow(n)).toMatchObject({ status: 'registered', lock: null, owners: expect.arrayContaining([expect.objectContaining({ idNumber: seller.idNumber })]) });
  });

  it('refuses a registration at the registrar\'s decision (不予登记), unlocking the unit, and only for the registrar', async () => {
    const n = await newRegisteredUnit();
    const transferId = `TR-${randomUUID()}`;
    expect((await call(base(), 'POST', '/transfers', { token: await tokens.service(), body: applyBody(transferId, n, sellers, buyers) })).status).toBe(201);
    const byService = await call(base(), 'POST', `/transfers/${transferId}/refusal`, { token: await tokens.service(), body: { reason: '合同与登记簿不符' } });
    expect(byService.status).toBe(403);
    const refused = await call(base(), 'POST', `/transfers/${transferId}/refusal`, { token: registrar, body: { reason: '合同与登记簿不符' } });
    expect(refused.body).toMatchObject({ transferId, status: 'refused' });
    expect(await unitRow(n)).toMatchObject({ status: 'registered', lock: null });
    const view = await call(base(), 'GET', `/transfers/${transferId}`, { token: registrar });
    expect(view.body).toMatchObject({ status: 'refused', refusalCode: 'registration-refused', reason: '合同与登记簿不符', closedAt: expect.any(String) });
    expect((await streamEvents(`case-lifecycle-${transferId}`)).map((e) => [e.type, e.data.outcome ?? null])).toEqual([
      ['CaseAccepted', null],
      ['CaseDecided', 'refused'],
      ['CaseCompleted', 'refused'],
    ]);
  });

  it('cancels over Kafka with the reason, unlocking the unit, and ends the case withdrawn', async () => {
    const n = await newRegisteredUnit();
    const transferId = `TR-${randomUUID()}`;
    await sendCommand('ApplyForSaleTransfer', { ...applyBody(transferId, n, sellers, buyers), caseId: 'JC-2' });
    await eventually(async () => (await transferStatus(transferId)) === 'awaiting-tax-clearance', 30_000);
    await sendCommand('CancelTransfer', { transferId, reason: '缴费期限已过' });
    await eventually(async () => (await transferStatus(transferId)) === 'cancelled', 30_000);
    expect((await streamEvents(`real-estate-unit-${newUnitNumber(n)}`)).at(-1)).toMatchObject({ type: 'UnitUnlocked', data: { transferId, reason: '缴费期限已过' } });
    expect((await streamEvents(`case-lifecycle-${transferId}`)).map((e) => e.type)).toEqual(['CaseAccepted', 'CaseCompleted']);
  });

  it('records a malformed application from another service as refused, naming the bad fields', async () => {
    const transferId = `TR-${randomUUID()}`;
    const badSeller = { ...seller, idNumber: `${seller.idNumber.slice(0, 17)}${seller.idNumber[17] === '0' ? '1' : '0'}` };
    await sendCommand('ApplyForSaleTransfer', { ...applyBody(transferId, 1, [badSeller], buyers), caseId: 'JC-3' });
    const events = await eventually(async () => {
      const e = await streamEvents(`sale-transfer-${transferId}`);
      return e.length > 0 ? e : undefined;
    }, 30_000);
    expect(events[0]).toMatchObject({ type: 'TransferRefused', data: { code: 'validation-failed', stage: 'application' } });
    expect(String(events[0].data.reason)).toContain('sellers[0].idNumber');
    expect(JSON.stringify(events)).not.toContain(badSeller.idNumber);
  });
});
