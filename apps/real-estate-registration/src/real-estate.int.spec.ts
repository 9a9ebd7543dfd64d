import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { verifyEventLog } from '@gov/event-sourcing/postgres';
import { loadConfig, internalCommandContext } from '@gov/platform';
import { RealEstateConfig } from './real-estate.config';
import { createRealEstateApp } from './real-estate.app';
import { applyBody, call, grpcClient, startTestService, tokens, unitBody, type TestService } from './testing/real-estate.test-kit';
import { newPerson, newUnitNumber, owning } from './testing/real-estate.factories';
import { SaleTransferHandler } from './transfer/sale-transfer.handler';

const CSV_HEADER = 'unitNumber,location,areaM2,use,owners,acquisitionDate,originalPriceFen';

describe('real-estate-registration service', () => {
  let t: TestService;
  let client: ReturnType<typeof grpcClient>;
  let registrar: string;
  const owner1 = newPerson(31, '张三');
  const owner2 = newPerson(32, '李四');
  const buyer = owning(newPerson(41, '王五'));
  const stranger = newPerson(51, '赵六');
  const badId = `${owner1.idNumber.slice(0, 17)}${owner1.idNumber[17] === '0' ? '1' : '0'}`;
  const base = () => t.svc.httpUrl;

  beforeAll(async () => {
    t = await startTestService('re_service');
    client = grpcClient(t.grpcPort);
    registrar = await tokens.registrar();
  });

  afterAll(async () => {
    client?.close();
    await t?.stop();
  });

  describe('REST', () => {
    it('registers a unit, its mortgage, seizure and objection, and shows them with the history', async () => {
      const unitNumber = newUnitNumber(1);
      expect((await call(base(), 'POST', '/units', { token: registrar, body: unitBody(1, [owner1, owner2]) })).body).toEqual({ unitNumber, version: 1 });
      const steps: [string, string, object | undefined, number][] = [
        ['POST', `/units/${unitNumber}/mortgages`, { mortgageId: 'M-1', lender: '中国建设银行涪陵分行', amountFen: 20_000_000 }, 201],
        ['POST', `/units/${unitNumber}/seizures`, { court: '重庆市涪陵区人民法院', orderNumber: '(2026)渝0102执1号' }, 201],
        ['POST', `/units/${unitNumber}/objections`, { objectionId: 'OBJ-1', applicantName: '赵六', reason: '主张该房屋为夫妻共同财产' }, 201],
      ];
      for (const [method, path, body, status] of steps) expect((await call(base(), method, path, { token: registrar, body })).status).toBe(status);

      const encumbered = await call<Record<string, unknown[]>>(base(), 'GET', `/units/${unitNumber}`, { token: registrar });
      expect(encumbered.status).toBe(200);
      expect(encumbered.body).toMatchObject({
        status: 'registered',
        owners: [expect.objectContaining({ idNumber: owner1.idNumber }), expect.objectContaining({ idNumber: owner2.idNumber })],
        mortgages: [expect.objectContaining({ mortgageId: 'M-1', amountFen: 20_000_000 })],
        seizures: [expect.objectContaining({ orderNumber: '(2026)渝0102执1号' })],
        objections: [expect.objectContaining({ objectionId: 'OBJ-1' })],
        version: 4,
      });

      const releases: [string, object | undefined][] = [
        [`/units/${unitNumber}/mortgages/M-1/release`, undefined],
        [`/units/${unitNumber}/seizures/lift`, { court: '重庆市涪陵区人民法院', orderNumber: '(2026)渝0102执1号' }],
        [`/units/${unitNumber}/objections/OBJ-1/withdraw`, undefined],
      ];
      for (const [path, body] of releases) expect((await call(base(), 'POST', path, { token: registrar, body })).status).toBe(200);
      const clear = await call<{ history: { type: string }[] }>(base(), 'GET', `/units/${unitNumber}`, { token: registrar });
      expect(clear.body).toMatchObject({ mortgages: [], seizures: [], objections: [], lock: null, version: 7 });
      expect(clear.body.history.map((h) => h.type)).toEqual([
        'UnitRegistered',
        'MortgageRegistered',
        'SeizureRegistered',
        'ObjectionRegistered',
        'MortgageReleased',
        'SeizureLifted',
        'ObjectionWithdrawn',
      ]);
    });

    it('refuses a lift of a seizure that is not registered, and an unknown unit', async () => {
      const lift = await call(base(), 'POST', `/units/${newUnitNumber(1)}/seizures/lift`, { token: registrar, body: { court: '某法院', orderNumber: 'X-1' } });
      expect(lift.status).toBe(404);
      expect((await call(base(), 'GET', `/units/${newUnitNumber(999)}`, { token: registrar })).status).toBe(404);
      expect((await call(base(), 'GET', '/units/not-a-unit', { token: registrar })).status).toBe(400);
    });

    it('lets only the registry change the register', async () => {
      expect((await call(base(), 'POST', '/units', { body: unitBody(2) })).status).toBe(401);
      const taxClerk = await call(base(), 'POST', '/units', { token: await tokens.taxClerk(), body: unitBody(2) });
      expect(taxClerk.status).toBe(403);
      expect(taxClerk.body).toMatchObject({ code: 'registrar-required' });
      expect((await call(base(), 'POST', '/units', { token: await tokens.applicant(owner1.idNumber), body: unitBody(2) })).status).toBe(403);
    });

    it('returns the first result for a retried Idempotency-Key and refuses the key for another request', async () => {
      expect((await call(base(), 'POST', '/units', { token: registrar, body: unitBody(3) })).status).toBe(201);
      const body = { mortgageId: 'M-IDEM', lender: '农业银行', amountFen: 1_000_000 };
      const headers = { 'idempotency-key': `key-${randomUUID()}` };
      const first = await call(base(), 'POST', `/units/${newUnitNumber(3)}/mortgages`, { token: registrar, body, headers });
      const again = await call(base(), 'POST', `/units/${newUnitNumber(3)}/mortgages`, { token: registrar, body, headers });
      expect(first.status).toBe(201);
      expect(again.body).toEqual(first.body);
      const { rows } = await t.db.pool.query(`SELECT count(*)::int AS n FROM es_events WHERE stream_id = $1 AND event_type = 'MortgageRegistered'`, [`real-estate-unit-${newUnitNumber(3)}`]);
      expect(rows[0].n).toBe(1);
      const reused = await call(base(), 'POST', `/units/${newUnitNumber(3)}/mortgages`, { token: registrar, body: { ...body, amountFen: 2 }, headers });
      expect(reused.status).toBe(422);
      expect(reused.body).toMatchObject({ code: 'idempotency-key-reused' });
    });

    it('lists every operation in the OpenAPI document at /docs', async () => {
      const doc = (await (await fetch(`${base()}/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
      const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
      expect(operations).toEqual(
        expect.arrayContaining([
          'POST /api/v1/units',
          'POST /api/v1/units/import',
          'GET /api/v1/units/{unitNumber}',
          'POST /api/v1/units/{unitNumber}/mortgages',
          'POST /api/v1/units/{unitNumber}/mortgages/{mortgageId}/release',
          'POST /api/v1/units/{unitNumber}/seizures',
          'POST /api/v1/units/{unitNumber}/seizures/lift',
          'POST /api/v1/units/{unitNumber}/objections',
          'POST /api/v1/units/{unitNumber}/objections/{objectionId}/withdraw',
          'POST /api/v1/transfers',
          'GET /api/v1/transfers/{transferId}',
          'POST /api/v1/transfers/{transferId}/registration',
          'POST /api/v1/transfers/{transferId}/cancellation',
          'POST /api/v1/transfers/{transferId}/refusal',
          'GET /api/v1/certificates/{certificateNumber}',
        ]),
      );
    });
  });

  describe('gRPC', () => {
    it('reaches every method of gov.realestate.v1.RealEstateRegistration', async () => {
      const unitNumber = newUnitNumber(10);
      const owners = [owning(owner1, 1, 2), owning(owner2, 1, 2)];
      const ok = async (method: string, req: object, token = registrar) => {
        const reply = await client.unary(method, req, token);
        expect(reply.err).toBeNull();
        return reply.res;
      };
      expect(
        await ok('RegisterUnit', { unitNumber, location: '涪陵区兴华中路1号', areaHundredthsM2: 12050, use: 'residential', owners, acquisitionDate: '2008-08-08', originalPriceFen: '98000000' }),
      ).toMatchObject({ unitNumber, version: 1 });
      expect(await ok('RegisterMortgage', { unitNumber, mortgageId: 'M-G', lender: '工商银行', amountFen: '5000000000' })).toMatchObject({ version: 2 });
      await ok('ReleaseMortgage', { unitNumber, mortgageId: 'M-G' });
      await ok('RegisterSeizure', { unitNumber, court: '涪陵区法院', orderNumber: 'S-G' });
      await ok('LiftSeizure', { unitNumber, court: '涪陵区法院', orderNumber: 'S-G' });
      await ok('RegisterObjection', { unitNumber, objectionId: 'O-G', applicantName: '孙七', reason: '权属争议' });
      expect(await ok('WithdrawObjection', { unitNumber, objectionId: 'O-G' })).toMatchObject({ version: 7 });
      const unit = await ok('GetUnit', { unitNumber });
      expect(unit).toMatchObject({ unitNumber, areaHundredthsM2: 12050, originalPriceFen: '98000000', personalDataVisible: true });
      expect((unit.history as { type: string }[]).map((h) => h.type)).toHaveLength(7);

      const sellers = [owner1, owner2];
      const applied = await ok('ApplyForSaleTransfer', { ...applyBody('TR-GRPC-1', 10, sellers, [buyer]), contractPriceFen: '120000000' }, await tokens.service());
      expect(applied).toMatchObject({ transferId: 'TR-GRPC-1', status: 'awaiting-tax-clearance' });
      const early = await client.unary('RegisterTransfer', { transferId: 'TR-GRPC-1' }, registrar);
      expect(early.err?.code).toBe(grpc.status.ABORTED);
      await t.svc.app.get(SaleTransferHandler).handle(
        { type: 'RecordTaxClearance', data: { transferId: 'TR-GRPC-1', clearanceId: 'CLR-G', assessmentId: 'ASM-G', at: new Date().toISOString() } },
        internalCommandContext({ subject: 'test' }),
      );
      const registered = await ok('RegisterTransfer', { transferId: 'TR-GRPC-1' });
      expect(registered).toMatchObject({ status: 'completed', certificateNumber: expect.stringMatching(/^渝\(\d{4}\)涪陵区不动产权第\d{7}号$/) });
      expect(await ok('GetTransfer', { transferId: 'TR-GRPC-1' })).toMatchObject({ status: 'completed', contractPriceFen: '120000000', taxClearance: { clearanceId: 'CLR-G' } });
      const verification = await ok('VerifyCertificate', { certificateNumber: registered.certificateNumber as string }, '');
      expect(verification).toMatchObject({ valid: true, status: 'valid', unitNumber });
      expect(JSON.stringify(verification)).not.toContain(buyer.idNumber);

      // Cancel and refuse, each on a transfer of its own.
      const newOwners = [{ name: buyer.name, idType: buyer.idType, idNumber: buyer.idNumber }];
      await ok('ApplyForSaleTransfer', applyBody('TR-GRPC-2', 10, newOwners, [owning(stranger)]));
      expect(await ok('CancelTransfer', { transferId: 'TR-GRPC-2', reason: '买方放弃购买' })).toMatchObject({ status: 'cancelled' });
      await ok('ApplyForSaleTransfer', applyBody('TR-GRPC-3', 10, newOwners, [owning(stranger)]));
      expect(await ok('RefuseTransfer', { transferId: 'TR-GRPC-3', reason: '合同与登记簿不符' })).toMatchObject({ status: 'refused' });
      expect(await ok('GetTransfer', { transferId: 'TR-GRPC-3' })).toMatchObject({ status: 'refused', refusalCode: 'registration-refused', reason: '合同与登记簿不符' });

      const report = await client.importRegister('jsonl', [Buffer.from(`${jsonLine(11, [owner1])}\n`), Buffer.from(`${jsonLine(12, [owner2])}\n{bad\n`)], registrar);
      expect(report.err).toBeNull();
      expect(report.res).toMatchObject({ linesRead: 3, imported: 2, rejected: 1, errors: [{ line: 3, field: 'line' }] });
      expect((await client.importRegister('jsonl', [Buffer.from(jsonLine(13, [owner1]))])).err?.code).toBe(grpc.status.UNAUTHENTICATED);
      expect((await client.importRegister('jsonl', [Buffer.from(jsonLine(13, [owner1]))], await tokens.taxClerk())).err?.code).toBe(grpc.status.PERMISSION_DENIED);
      expect((await client.importRegister('xml', [Buffer.from('<units/>')], registrar)).err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    });

    it('answers with status codes: no token, a wrong role, a bad identity number, a broken rule', async () => {
      const unitNumber = newUnitNumber(20);
      const req = { unitNumber, location: '涪陵区', areaHundredthsM2: 5000, use: 'office', owners: [owning(owner1)], acquisitionDate: '2001-01-01' };
      expect((await client.unary('RegisterUnit', req)).err?.code).toBe(grpc.status.UNAUTHENTICATED);
      expect((await client.unary('RegisterUnit', req, await tokens.taxClerk())).err?.code).toBe(grpc.status.PERMISSION_DENIED);
      const bad = await client.unary('RegisterUnit', { ...req, owners: [{ ...owning(owner1), idNumber: badId }] }, registrar);
      expect(bad.err?.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(String(bad.err?.metadata.get('problem-fields')[0])).toContain('owners[0].idNumber');
      expect(String(bad.err?.metadata.get('problem-fields')[0])).not.toContain(badId);
      expect((await client.unary('RegisterUnit', req, registrar)).err).toBeNull();
      const seized = await client.unary('RegisterSeizure', { unitNumber, court: '法院', orderNumber: 'S-1' }, registrar);
      expect(seized.err).toBeNull();
      const refused = await client.unary('ApplyForSaleTransfer', applyBody('TR-GRPC-S', 20, [owner1], [buyer]), registrar);
      expect(refused.err?.code).toBe(grpc.status.FAILED_PRECONDITION);
      expect(String(refused.err?.metadata.get('problem-code')[0])).toBe('unit-seized');
    });
  });

  describe('identity numbers', () => {
    it('are checked (GB 11643) on every input', async () => {
      const unit = unitBody(30, [owner1]);
      const badUnit = await call<{ errors: { field: string }[] }>(base(), 'POST', '/units', {
        token: registrar,
        body: { ...unit, owners: [{ ...owning(owner1), idNumber: badId }] },
      });
      expect(badUnit.status).toBe(400);
      expect(badUnit.body.errors.map((e) => e.field)).toEqual(['owners[0].idNumber']);
      expect(badUnit.text).not.toContain(badId);

      expect((await call(base(), 'POST', '/units', { token: registrar, body: unit })).status).toBe(201);
      const badBuyer = await call<{ errors: { field: string }[] }>(base(), 'POST', '/transfers', {
        token: registrar,
        body: applyBody('TR-BAD', 30, [{ ...owner1, idNumber: badId }], [{ ...buyer, idNumber: `${buyer.idNumber.slice(0, 17)}Y` }]),
      });
      expect(badBuyer.status).toBe(400);
      expect(badBuyer.body.errors.map((e) => e.field)).toEqual(['sellers[0].idNumber', 'buyers[0].idNumber']);

      const lowercase = await call(base(), 'POST', '/units', { token: registrar, body: { ...unitBody(31), owners: [{ ...owning(newPerson(9)), idNumber: '11010519491231002x' }] } });
      expect(lowercase.status).toBe(400);

      const imported = await importFile('text/csv', [CSV_HEADER, csvRow(32, [{ ...owner1, idNumber: badId }])].join('\n'));
      expect(imported.body).toMatchObject({ imported: 0, rejected: 1, errors: [{ line: 2, field: 'owners[0].idNumber', message: 'check character does not match (GB 11643)' }] });
    });

    it('are masked for anyone but the parties and the registry', async () => {
      expect((await call(base(), 'POST', '/units', { token: registrar, body: unitBody(40, [owner1]) })).status).toBe(201);
      const asSeen = async (token: string) => call<{ personalDataVisible: boolean }>(base(), 'GET', `/units/${newUnitNumber(40)}`, { token });
      for (const token of [registrar, await tokens.applicant(owner1.idNumber), await tokens.supervisor()]) {
        const seen = await asSeen(token);
        expect(seen.text).toContain(owner1.idNumber);
        expect(seen.body.personalDataVisible).toBe(true);
      }
      for (const token of [await tokens.taxClerk(), await tokens.applicant(stranger.idNumber)]) {
        const seen = await asSeen(token);
        expect(seen.status).toBe(200);
        expect(seen.text).not.toContain(owner1.idNumber);
        expect(seen.text).not.toContain(owner1.name);
        expect(seen.text).toContain(`500***********${owner1.idNumber.slice(-4)}`);
        expect(seen.body.personalDataVisible).toBe(false);
      }

      const transfer = await call(base(), 'POST', '/transfers', { token: await tokens.applicant(buyer.idNumber), body: applyBody('TR-MASK', 40, [owner1], [buyer]) });
      expect(transfer.status).toBe(201);
      const byBuyer = await call(base(), 'GET', '/transfers/TR-MASK', { token: await tokens.applicant(buyer.idNumber) });
      expect(byBuyer.text).toContain(owner1.idNumber);
      const byTaxClerk = await call(base(), 'GET', '/transfers/TR-MASK', { token: await tokens.taxClerk() });
      expect(byTaxClerk.status).toBe(200);
      expect(byTaxClerk.text).not.toContain(owner1.idNumber);
      expect(byTaxClerk.text).not.toContain(buyer.idNumber);
      const byStranger = await call(base(), 'GET', '/transfers/TR-MASK', { token: await tokens.applicant(stranger.idNumber) });
      expect(byStranger.status).toBe(403);
      const strangerApplies = await call(base(), 'POST', '/transfers', { token: await tokens.applicant(stranger.idNumber), body: applyBody('TR-X', 40, [owner1], [buyer]) });
      expect(strangerApplies.status).toBe(403);
      const cancelledByStranger = await call(base(), 'POST', '/transfers/TR-MASK/cancellation', { token: await tokens.applicant(stranger.idNumber), body: { reason: '不买了' } });
      expect(cancelledByStranger.status).toBe(403);
      const cancelledBySeller = await call(base(), 'POST', '/transfers/TR-MASK/cancellation', { token: await tokens.applicant(owner1.idNumber), body: { reason: '卖方撤回' } });
      expect(cancelledBySeller.body).toMatchObject({ status: 'cancelled' });
    });

    it('appear in no log line', async () => {
      // A failing request carrying one, and a refusal naming a party.
      await call(base(), 'POST', '/units', { token: registrar, body: { ...unitBody(50, [owner1]), owners: [{ ...owning(owner1), idNumber: badId }] } });
      await call(base(), 'POST', '/transfers', { token: registrar, body: applyBody('TR-LOG', 999, [owner1], [buyer]) });
      const logs = t.logLines.join('\n');
      expect(logs.length).toBeGreaterThan(0);
      for (const id of [owner1.idNumber, owner2.idNumber, buyer.idNumber, stranger.idNumber, badId]) expect(logs).not.toContain(id);
    });
  });

  describe('bulk import', () => {
    it('imports a CSV file streamed in, reporting each bad line and importing the good ones', async () => {
      const lines = [
        CSV_HEADER,
        csvRow(100, [owner1]),
        csvRow(101, [owner1, owner2]),
        '',
        csvRow(102, [{ ...owner1, idNumber: badId }]),
        csvRow(103, [owner1]).replace('89.52', '89.523'),
        csvRow(100, [owner2]),
        csvRow(104, [owner1]).replace('住宅', '城堡'),
        `${newUnitNumber(105)},"未闭合,89.52`,
        csvRow(1, [owner1]),
        csvRow(106, [owner2]),
      ];
      const reply = await importFile('text/csv; charset=utf-8', lines.join('\r\n'));
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ linesRead: 9, imported: 3, rejected: 6, errorsNotShown: 0 });
      expect((reply.body.errors as { line: number; field: string }[]).map((e) => [e.line, e.field])).toEqual([
        [5, 'owners[0].idNumber'],
        [6, 'areaM2'],
        [7, 'unitNumber'],
        [8, 'use'],
        [9, 'line'],
        [10, 'unitNumber'],
      ]);
      for (const n of [100, 101, 106]) expect((await call(base(), 'GET', `/units/${newUnitNumber(n)}`, { token: registrar })).status).toBe(200);
      expect((await call(base(), 'GET', `/units/${newUnitNumber(103)}`, { token: registrar })).status).toBe(404);
    });

    it('imports JSON lines, and the imported streams keep the hash chain', async () => {
      const body = [jsonLine(200, [owner1]), '{"unitNumber": 1}', jsonLine(201, [owner2]), jsonLine(200, [owner2])].join('\n');
      const reply = await importFile('application/x-ndjson', body);
      expect(reply.body).toMatchObject({ linesRead: 4, imported: 2, rejected: 2 });
      const errors = reply.body.errors as { line: number; field: string; message: string }[];
      expect(errors.map((e) => e.line)).toEqual([2, 4]);
      expect(errors[1]).toMatchObject({ field: 'unitNumber', message: 'the same unit is on line 1' });
      expect(await verifyEventLog(t.db.pool, { streamId: `real-estate-unit-${newUnitNumber(200)}` })).toMatchObject({ ok: true, events: 1 });
      const unit = await call(base(), 'GET', `/units/${newUnitNumber(201)}`, { token: registrar });
      expect(unit.body).toMatchObject({ areaHundredthsM2: 8952, owners: [expect.objectContaining({ idNumber: owner2.idNumber })] });
    });

    it('refuses a JSON body and a caller who is not a registrar', async () => {
      expect((await importFile('application/json', '{}')).status).toBe(415);
      const res = await fetch(`${base()}/api/v1/units/import`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${await tokens.taxClerk()}` },
        body: CSV_HEADER,
      });
      expect(res.status).toBe(403);
    });
  });

  async function importFile(contentType: string, body: string) {
    const res = await fetch(`${base()}/api/v1/units/import`, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${registrar}` }, body });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
});

function csvRow(n: number, owners: readonly { name: string; idType: string; idNumber: string }[]): string {
  const cell = owners.map((o) => `${o.name}|${o.idType}|${o.idNumber}|1/${owners.length}`).join(';');
  return `${newUnitNumber(n)},"涪陵区太极大道${n}号, 1幢",89.52,住宅,${cell},2012-05-20,35000000`;
}

function jsonLine(n: number, owners: readonly { name: string; idType: string; idNumber: string }[]): string {
  return JSON.stringify({
    unitNumber: newUnitNumber(n),
    location: `涪陵区太极大道${n}号`,
    areaM2: '89.52',
    use: 'residential',
    owners: owners.map((o) => ({ ...o, share: `1/${owners.length}` })),
    acquisitionDate: '2012-05-20',
    originalPriceFen: 35_000_000,
  });
}

describe(RealEstateConfig.name, () => {
  it('defaults to Fuling, ports 3101/50101, and names a bad setting at start', async () => {
    const sut = loadConfig(RealEstateConfig, { DATABASE_URL: 'postgres://x@y/z' });
    expect(sut).toMatchObject({ HTTP_PORT: 3101, GRPC_PORT: 50101, CERTIFICATE_PROVINCE: '渝', CERTIFICATE_DISTRICT: '涪陵区', TRANSFER_ITEM_CODE: 'BDC-01' });
    await expect(createRealEstateApp({ DATABASE_URL: 'postgres://x@y/z', CERTIFICATE_PROVINCE: 'CQ' })).rejects.toThrow(/CERTIFICATE_PROVINCE/);
  });
});
