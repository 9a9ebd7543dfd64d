import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { creditCodes } from './testing/tax-fixtures';
import { assessmentRequest, expectedTotals, newResidentId, newUnitNumber, startTaxTestKit, tokens, type TaxTestKit } from './testing/tax-test-kit';
import { createTaxApp } from './tax.app';

type Json = Record<string, unknown>;

describe(createTaxApp.name, () => {
  let kit: TaxTestKit;
  const usedIdentityNumbers = new Set<string>();
  const person = () => {
    const id = newResidentId();
    usedIdentityNumbers.add(id);
    return id;
  };

  beforeAll(async () => {
    kit = await startTaxTestKit('tax-api');
  });
  afterAll(async () => {
    await kit?.stop();
  });

  const materials = { setId: 'materials-0001', documentIds: ['doc-id-card', 'doc-form'] };

  /** Imports a reference price (a total, below the contract price) for each unit. */
  async function priced(...units: string[]): Promise<void> {
    const csv = ['unit_number,total_yuan', ...units.map((u) => `${u},800000.00`)].join('\n');
    const res = await kit.http('POST', '/api/v1/reference-prices/imports', { token: await tokens.taxClerk(), raw: csv, headers: { 'content-type': 'text/csv' } });
    expect(res.status).toBe(201);
  }

  async function assess(sellers: string[], buyers: string[], overrides: Json = {}): Promise<Json> {
    const unit = newUnitNumber();
    await priced(unit);
    const res = await kit.http('POST', '/api/v1/assessments', { token: await tokens.taxClerk(), body: assessmentRequest(unit, sellers, buyers, overrides) });
    expect(res.status).toBe(201);
    return res.body as Json;
  }

  function paymentBody(paymentOrderId: string, amountFen: number, bankTransactionId = `bank-${randomBytes(6).toString('hex')}`): string {
    return JSON.stringify({ paymentOrderId, bankTransactionId, amountFen, paidAt: new Date().toISOString() });
  }

  const confirm = (body: string, headers = kit.bankHeaders(body)) => kit.http('POST', '/api/v1/bank/payment-confirmations', { raw: body, headers });

  describe('taxpayers', () => {
    it('registers a person, refuses the same identity twice, and masks it for anyone but the taxpayer and tax staff', async () => {
      const residentId = person();
      const registered = await kit.http('POST', '/api/v1/taxpayers', {
        token: await tokens.applicant(residentId),
        body: { taxpayer: { kind: 'person', residentId, name: '张三丰' }, materials },
      });
      expect(registered.status).toBe(201);
      const view = registered.body as Json;
      expect(view).toMatchObject({ status: 'registered', taxpayer: { kind: 'person', residentId, name: '张三丰' }, materials });

      const again = await kit.http('POST', '/api/v1/taxpayers', { token: await tokens.taxClerk(), body: { taxpayer: { kind: 'person', residentId, name: '张三丰' }, materials } });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'taxpayer-identity-registered' });
      expect(again.text).not.toContain(residentId);

      const path = `/api/v1/taxpayers/${view.taxpayerId as string}`;
      const stranger = await kit.http('GET', path, { token: await tokens.applicant(person()) });
      expect(stranger.status).toBe(200);
      expect(stranger.text).not.toContain(residentId);
      expect(stranger.body).toMatchObject({ taxpayer: { residentId: `${residentId.slice(0, 3)}***********${residentId.slice(-4)}`, name: '张**' } });
      const otherDepartment = await kit.http('GET', path, { token: await tokens.otherClerk() });
      expect(otherDepartment.text).not.toContain(residentId);
      for (const token of [await tokens.applicant(residentId), await tokens.taxClerk(), await tokens.supervisor()]) {
        expect((await kit.http('GET', path, { token })).body).toMatchObject({ taxpayer: { residentId } });
      }
    });

    it('checks identity numbers and credit codes (GB 11643, GB 32100) and lets an applicant register only themself', async () => {
      const residentId = person();
      const wrongCheck = residentId.slice(0, 17) + (residentId[17] === '0' ? '1' : '0');
      const bad = await kit.http('POST', '/api/v1/taxpayers', { token: await tokens.taxClerk(), body: { taxpayer: { kind: 'person', residentId: wrongCheck, name: '李四' }, materials } });
      expect(bad.status).toBe(400);
      expect((bad.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain('taxpayer.residentId');
      expect(bad.text).not.toContain(wrongCheck);
      const badCode = await kit.http('POST', '/api/v1/taxpayers', {
        token: await tokens.taxClerk(),
        body: { taxpayer: { kind: 'business', creditCode: '91500102MA5U000013', name: '涪陵某某有限公司' }, materials },
      });
      expect(badCode.status).toBe(400);
      const forSomeoneElse = await kit.http('POST', '/api/v1/taxpayers', {
        token: await tokens.applicant(person()),
        body: { taxpayer: { kind: 'person', residentId, name: '李四' }, materials },
      });
      expect(forSomeoneElse.status).toBe(403);
      expect(await kit.db.pool.query('SELECT 1 FROM tax_taxpayers WHERE identifier = $1', [residentId])).toMatchObject({ rowCount: 0 });
    });

    it('registers and reads a business over gRPC, masking for a non-party', async () => {
      const registered = await kit.grpc<Json>('RegisterTaxpayer', { taxpayer: { kind: 'business', creditCode: creditCodes.company, name: '涪陵某某有限公司' }, materials }, await tokens.taxClerk());
      expect(registered.err).toBeNull();
      expect(registered.res).toMatchObject({ status: 'registered', taxpayer: { kind: 'business', creditCode: creditCodes.company } });
      const taxpayerId = registered.res.taxpayerId as string;
      const masked = await kit.grpc<Json>('GetTaxpayer', { taxpayerId }, await tokens.applicant(person()));
      expect(masked.res).toMatchObject({ taxpayer: { name: '涪*******' } });
      const own = await kit.grpc<Json>('GetTaxpayer', { taxpayerId }, await tokens.applicant(creditCodes.company));
      expect(own.res).toMatchObject({ taxpayer: { name: '涪陵某某有限公司' } });
      const bad = await kit.grpc('RegisterTaxpayer', { taxpayer: { kind: 'person', residentId: '500102198001010010', name: 'x' }, materials }, await tokens.taxClerk());
      expect(bad.err?.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(String(bad.err?.metadata.get('problem-fields')[0])).toContain('taxpayer.residentId');
    });

    it('refuses deregistration while anything is unpaid and allows it once paid', async () => {
      const seller = person();
      const registered = await kit.http('POST', '/api/v1/taxpayers', { token: await tokens.taxClerk(), body: { taxpayer: { kind: 'person', residentId: seller, name: '王五' }, materials } });
      const taxpayerId = (registered.body as Json).taxpayerId as string;
      const assessment = await assess([seller], [person()]);

      const before = await kit.eventCount();
      const refused = await kit.http('POST', `/api/v1/taxpayers/${taxpayerId}/deregistration`, {
        token: await tokens.applicant(seller),
        body: { reason: 'moving away', materials },
      });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'taxpayer-has-unpaid-items', details: { unpaidCount: 1, unpaidAmountFen: expectedTotals.sellerFen } });
      expect(await kit.eventCount()).toBe(before);

      const body = paymentBody(assessment.paymentOrderId as string, expectedTotals.totalFen);
      expect((await confirm(body)).status).toBe(200);
      const done = await kit.grpc<Json>('DeregisterTaxpayer', { taxpayerId, reason: 'moving away', materials }, await tokens.applicant(seller));
      expect(done.err).toBeNull();
      expect(done.res).toMatchObject({ status: 'deregistered', deregistrationReason: 'moving away' });
      // Only one registered taxpayer per identity: a deregistered one may register anew.
      const anew = await kit.http('POST', '/api/v1/taxpayers', { token: await tokens.taxClerk(), body: { taxpayer: { kind: 'person', residentId: seller, name: '王五' }, materials } });
      expect(anew.status).toBe(201);
      const lifecycle = await kit.db.pool.query<{ event_type: string; item: string }>(
        `SELECT event_type, data->>'itemCode' AS item FROM es_events WHERE stream_id = $1 ORDER BY stream_version`,
        [`case-lifecycle-taxpayer-deregistration-${taxpayerId}`],
      );
      expect(lifecycle.rows.map((r) => r.event_type)).toEqual(['CaseAccepted', 'CaseStepCompleted', 'CaseDecided', 'CaseCompleted']);
      expect(lifecycle.rows[0].item).toBe('SW-02');
    });
  });

  describe('reference prices', () => {
    it('imports CSV as it streams, reporting each bad line, and looks prices up', async () => {
      const unit = newUnitNumber();
      const csv = [`community,unit_number,price_per_m2_yuan,total_yuan`, `,${unit},,1200000.00`, `江东花园,,9800.50,`, `,${unit},,1.00`, `,BAD UNIT?,x,`, ''].join('\r\n');
      const res = await kit.http('POST', '/api/v1/reference-prices/imports', { token: await tokens.taxClerk(), raw: csv, headers: { 'content-type': 'text/csv' } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ format: 'csv', linesRead: 5, imported: 2, rejected: 2, errorsTruncated: false });
      expect((res.body as { errors: { line: number }[] }).errors.map((e) => e.line)).toEqual([4, 5]);

      const token = await tokens.applicant(person());
      expect((await kit.http('GET', `/api/v1/reference-prices/${unit}`, { token })).body).toEqual({ source: 'unit', price: { kind: 'total', totalFen: 120_000_000 } });
      const community = await kit.http('GET', `/api/v1/reference-prices/${newUnitNumber()}?community=${encodeURIComponent('江东花园')}`, { token });
      expect(community.body).toEqual({ source: 'community', price: { kind: 'per-m2', fenPerM2: 980_050 } });
      expect((await kit.http('GET', `/api/v1/reference-prices/${newUnitNumber()}`, { token })).status).toBe(404);
      const badHeader = await kit.http('POST', '/api/v1/reference-prices/imports?format=csv', { token: await tokens.taxClerk(), raw: 'unit,price\nU-1,1\n', headers: { 'content-type': 'text/plain' } });
      expect(badHeader.status).toBe(201);
      expect(badHeader.body).toMatchObject({ imported: 0, rejected: 1, errors: [{ line: 1, message: 'header: unknown column unit, price' }] });
      const json = await kit.http('POST', '/api/v1/reference-prices/imports', { token: await tokens.taxClerk(), body: [{ unitNumber: unit }] });
      expect(json.status).toBe(400);
      expect((await kit.http('POST', '/api/v1/reference-prices/imports', { token: await tokens.otherClerk(), raw: csv, headers: { 'content-type': 'text/csv' } })).status).toBe(403);
    });

    it('imports JSON lines and looks up over gRPC', async () => {
      const unit = newUnitNumber();
      const content = [`{"unitNumber":"${unit}","pricePerM2Yuan":"12000"}`, '{not json'].join('\n');
      const report = await kit.grpc<Json>('ImportReferencePrices', { format: 'jsonl', content }, await tokens.taxClerk());
      expect(report.err).toBeNull();
      expect(report.res).toMatchObject({ format: 'jsonl', imported: 1, rejected: 1, errors: [{ line: 2, message: 'not valid JSON' }] });
      const found = await kit.grpc<Json>('GetReferencePrice', { unitNumber: unit }, await tokens.taxClerk());
      expect(found.res).toEqual({ source: 'unit', price: { kind: 'per-m2', fenPerM2: '1200000' } });
      const missing = await kit.grpc('GetReferencePrice', { unitNumber: newUnitNumber() }, await tokens.taxClerk());
      expect(missing.err?.code).toBe(grpc.status.NOT_FOUND);
    });
  });

  describe('assessments', () => {
    it('assesses itemised, naming the policy line of every tax, and issues one payment order for the total', async () => {
      const [seller, buyer] = [person(), person()];
      const view = await assess([seller], [buyer], { caseId: 'case-0001' });
      expect(view).toMatchObject({
        status: 'assessed',
        caseId: 'case-0001',
        policyVersion: '2016-05',
        referencePriceFen: 80_000_000,
        taxableBaseFen: 85_000_000,
        taxableBaseSource: 'contract-price',
        sellerHeldFullYears: 3,
        totals: expectedTotals,
        rounding: expect.stringContaining('half up'),
        sellers: [{ residentId: seller }],
        buyers: [{ residentId: buyer }],
      });
      const lines = view.lines as { tax: string; payer: string; amountFen: number; policyLine: { id: string; source: string } }[];
      expect(lines.map((l) => [l.tax, l.payer, l.amountFen, l.policyLine.id])).toEqual([
        ['deed-tax', 'buyer', 850_000, 'deed-tax.first-home.up-to-threshold'],
        ['value-added-tax', 'seller', 0, 'vat.held-2-years-or-more-exempt'],
        ['individual-income-tax', 'seller', 5_000_000, 'iit.on-gain'],
        ['stamp-duty', 'seller', 0, 'stamp-duty.individual-housing-exempt'],
        ['stamp-duty', 'buyer', 0, 'stamp-duty.individual-housing-exempt'],
      ]);
      expect(lines.every((l) => l.policyLine.source.length > 0)).toBe(true);

      const order = await kit.http('GET', `/api/v1/payment-orders/${view.paymentOrderId as string}`, { token: await tokens.applicant(buyer) });
      expect(order.status).toBe(200);
      expect(order.body).toMatchObject({ assessmentId: view.assessmentId, amountFen: expectedTotals.totalFen, status: 'issued' });
      expect((await kit.http('GET', `/api/v1/payment-orders/${view.paymentOrderId as string}`, { token: await tokens.applicant(person()) })).status).toBe(403);

      const { rows } = await kit.db.pool.query<{ event_type: string }>(
        `SELECT event_type FROM es_events WHERE stream_id IN ($1, $2, $3) ORDER BY global_position`,
        [`tax-assessment-${view.assessmentId as string}`, `payment-order-${view.paymentOrderId as string}`, `case-lifecycle-${view.assessmentId as string}`],
      );
      expect(rows.map((r) => r.event_type)).toEqual(['HouseTransferTaxAssessed', 'CaseAccepted', 'CaseStepCompleted', 'PaymentOrderIssued']);
    });

    it('masks identity numbers for a non-party applicant and another department, in full for parties and tax staff', async () => {
      const [seller, buyer] = [person(), person()];
      const view = await assess([seller], [buyer]);
      const path = `/api/v1/assessments/${view.assessmentId as string}`;
      for (const token of [await tokens.applicant(person()), await tokens.otherClerk()]) {
        const res = await kit.http('GET', path, { token });
        expect(res.status).toBe(200);
        expect(res.text).not.toContain(seller);
        expect(res.text).not.toContain(buyer);
        expect(res.body).toMatchObject({ sellers: [{ residentId: expect.stringMatching(/^\d{3}\*{11}[\dX]{4}$/) }], totals: expectedTotals });
      }
      for (const token of [await tokens.applicant(seller), await tokens.applicant(buyer), await tokens.taxClerk(), await tokens.supervisor(), await tokens.service()]) {
        expect((await kit.http('GET', path, { token })).body).toMatchObject({ sellers: [{ residentId: seller }], buyers: [{ residentId: buyer }] });
      }
      const masked = await kit.grpc<Json>('GetAssessment', { assessmentId: view.assessmentId }, await tokens.applicant(person()));
      expect(JSON.stringify(masked.res)).not.toContain(seller);
    });

    it('refuses, writing nothing: no reference price (422), a bad identity number (400), a caller who is not tax staff (403)', async () => {
      const before = await kit.eventCount();
      const token = await tokens.taxClerk();
      const noPrice = await kit.http('POST', '/api/v1/assessments', { token, body: assessmentRequest(newUnitNumber(), [person()], [person()]) });
      expect(noPrice.status).toBe(422);
      expect(noPrice.body).toMatchObject({ code: 'reference-price-not-found' });
      const unit = newUnitNumber();
      await priced(unit);
      const afterPrice = await kit.eventCount();
      const badId = await kit.http('POST', '/api/v1/assessments', { token, body: assessmentRequest(unit, ['500102198001010010'], [person()]) });
      expect(badId.status).toBe(400);
      expect((badId.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['sellers[0].residentId']);
      const sameParty = person();
      const bothSides = await kit.http('POST', '/api/v1/assessments', { token, body: assessmentRequest(unit, [sameParty], [sameParty]) });
      expect(bothSides.status).toBe(400);
      for (const caller of [await tokens.otherClerk(), await tokens.applicant(person())]) {
        expect((await kit.http('POST', '/api/v1/assessments', { token: caller, body: assessmentRequest(unit, [person()], [person()]) })).status).toBe(403);
      }
      expect(afterPrice).toBe(before + 1); // the reference price import
      expect(await kit.eventCount()).toBe(afterPrice);
    });

    it('answers a retry with the same Idempotency-Key with the first result and writes nothing', async () => {
      const unit = newUnitNumber();
      await priced(unit);
      const body = assessmentRequest(unit, [person()], [person()]);
      const headers = { 'idempotency-key': `assess-${randomBytes(6).toString('hex')}` };
      const first = await kit.http('POST', '/api/v1/assessments', { token: await tokens.taxClerk(), body, headers });
      const count = await kit.eventCount();
      const retry = await kit.http('POST', '/api/v1/assessments', { token: await tokens.taxClerk(), body, headers });
      expect(retry.status).toBe(201);
      expect((retry.body as Json).assessmentId).toBe((first.body as Json).assessmentId);
      expect((retry.body as Json).paymentOrderId).toBe((first.body as Json).paymentOrderId);
      expect(await kit.eventCount()).toBe(count);
      const reused = await kit.http('POST', '/api/v1/assessments', { token: await tokens.taxClerk(), body: { ...body, contractPriceFen: 1 }, headers });
      expect(reused.status).toBe(422);
      expect(reused.body).toMatchObject({ code: 'idempotency-key-reused' });
    });

    it('assesses, reads and cancels over gRPC; cancelling an unpaid assessment cancels its order', async () => {
      const unit = newUnitNumber();
      await priced(unit);
      const [seller, buyer] = [person(), person()];
      const request = {
        ...assessmentRequest(unit, [seller], [buyer]),
        contractPriceFen: '85000000',
        originalCostFen: '0',
        originalCostUnproven: true,
        sellerAcquiredOn: '2017-01-01',
      };
      const assessed = await kit.grpc<Json>('AssessHouseTransferTax', request, await tokens.service());
      expect(assessed.err).toBeNull();
      // Held under 2 years, cost unproven: VAT 5% ÷ 1.05 with surcharges, income tax 1% of the price.
      expect((assessed.res.lines as { tax: string }[]).map((l) => l.tax)).toEqual([
        'deed-tax',
        'value-added-tax',
        'urban-maintenance-tax',
        'education-surcharge',
        'local-education-surcharge',
        'individual-income-tax',
        'stamp-duty',
        'stamp-duty',
      ]);
      expect(assessed.res.totals).toEqual({ sellerFen: '5383333', buyerFen: '850000', totalFen: '6233333' });
      const assessmentId = assessed.res.assessmentId as string;
      const read = await kit.grpc<Json>('GetAssessment', { assessmentId }, await tokens.applicant(seller));
      expect(read.res).toMatchObject({ assessmentId, status: 'assessed', sellers: [{ residentId: seller }] });

      const cancelled = await kit.grpc<Json>('CancelAssessment', { assessmentId, reason: 'transfer refused: unit seized' }, await tokens.taxClerk());
      expect(cancelled.err).toBeNull();
      expect(cancelled.res).toMatchObject({ status: 'cancelled', cancelReason: 'transfer refused: unit seized' });
      const order = await kit.grpc<Json>('GetPaymentOrder', { paymentOrderId: assessed.res.paymentOrderId }, await tokens.taxClerk());
      expect(order.res).toMatchObject({ status: 'cancelled', reason: 'transfer refused: unit seized' });
      const unknown = await kit.grpc('CancelAssessment', { assessmentId: 'no-such-assessment', reason: 'x' }, await tokens.taxClerk());
      expect(unknown.err?.code).toBe(grpc.status.NOT_FOUND);
      const unauthenticated = await kit.grpc('GetAssessment', { assessmentId });
      expect(unauthenticated.err?.code).toBe(grpc.status.UNAUTHENTICATED);
    });
  });

  describe('bank channel', () => {
    const state = async (paymentOrderId: string) => ({
      events: await kit.eventCount(),
      nonces: Number((await kit.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM tax_bank_nonces')).rows[0].n),
      order: (await kit.db.pool.query('SELECT status, bank_transaction_id FROM tax_payment_orders WHERE payment_order_id = $1', [paymentOrderId])).rows[0],
    });

    it('refuses a bad signature (401), a stale timestamp (401), a replayed nonce (409) and a wrong amount (422): none changes anything', async () => {
      const view = await assess([person()], [person()]);
      const paymentOrderId = view.paymentOrderId as string;
      // A nonce used once, on another order's good notification.
      const other = await assess([person()], [person()]);
      const usedNonce = `used-${randomBytes(6).toString('hex')}`;
      const otherBody = paymentBody(other.paymentOrderId as string, expectedTotals.totalFen);
      expect((await confirm(otherBody, kit.bankHeaders(otherBody, { nonce: usedNonce }))).status).toBe(200);

      const before = await state(paymentOrderId);
      expect(before.order.status).toBe('issued');
      const body = paymentBody(paymentOrderId, expectedTotals.totalFen);

      const forged = await confirm(body, kit.bankHeaders(body, { secret: 'not-the-bank-secret-000' }));
      expect(forged.status).toBe(401);
      expect(forged.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(forged.body).toMatchObject({ status: 401, code: 'bank-bad-signature' });
      const tampered = await confirm(body.replace(String(expectedTotals.totalFen), '1'), kit.bankHeaders(body));
      expect(tampered.status).toBe(401);
      const stale = await confirm(body, kit.bankHeaders(body, { timestamp: String(Math.floor(Date.now() / 1000) - 3600) }));
      expect(stale.body).toMatchObject({ status: 401, code: 'bank-stale-timestamp' });
      const unsigned = await kit.http('POST', '/api/v1/bank/payment-confirmations', { raw: body, headers: { 'content-type': 'application/json' } });
      expect(unsigned.status).toBe(401);
      const replayed = await confirm(body, kit.bankHeaders(body, { nonce: usedNonce }));
      expect(replayed.status).toBe(409);
      expect(replayed.body).toMatchObject({ code: 'replayed-nonce' });
      const wrongAmount = paymentBody(paymentOrderId, expectedTotals.totalFen - 1);
      const short = await confirm(wrongAmount);
      expect(short.status).toBe(422);
      expect(short.body).toMatchObject({ code: 'payment-amount-mismatch', details: { expectedFen: expectedTotals.totalFen, receivedFen: expectedTotals.totalFen - 1 } });

      expect(await state(paymentOrderId)).toEqual(before);
    });

    it('confirms the exact amount: payment recorded, clearance granted, case completed; the same notice again is harmless', async () => {
      const [seller, buyer] = [person(), person()];
      const view = await assess([seller], [buyer]);
      const paymentOrderId = view.paymentOrderId as string;
      const body = paymentBody(paymentOrderId, expectedTotals.totalFen, 'bank-tx-0001');
      const paid = await confirm(body);
      expect(paid.status).toBe(200);
      expect(paid.body).toMatchObject({ paymentOrderId, status: 'paid', bankTransactionId: 'bank-tx-0001', amountFen: expectedTotals.totalFen });

      const assessment = await kit.http('GET', `/api/v1/assessments/${view.assessmentId as string}`, { token: await tokens.applicant(buyer) });
      expect(assessment.body).toMatchObject({ status: 'cleared', bankTransactionId: 'bank-tx-0001' });
      const lifecycle = await kit.db.pool.query<{ event_type: string; data: Json }>(`SELECT event_type, data FROM es_events WHERE stream_id = $1 ORDER BY stream_version`, [
        `case-lifecycle-${view.assessmentId as string}`,
      ]);
      expect(lifecycle.rows.map((r) => r.event_type)).toEqual(['CaseAccepted', 'CaseStepCompleted', 'CaseStepCompleted', 'CaseDecided', 'CaseCompleted']);
      expect(lifecycle.rows[0].data).toMatchObject({ itemCode: 'SW-03', catalogVersion: '2018-08', department: 'tax', applicantIds: [seller, buyer] });
      expect(lifecycle.rows[4].data).toMatchObject({ outcome: 'approved' });

      const count = await kit.eventCount();
      const again = await confirm(body);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(paid.body);
      expect(await kit.eventCount()).toBe(count);
      const anotherPayment = await confirm(paymentBody(paymentOrderId, expectedTotals.totalFen, 'bank-tx-0002'));
      expect(anotherPayment.status).toBe(409);
      expect(await kit.eventCount()).toBe(count);
    });

    it('refunds when a paid assessment is cancelled; the refund notice completes it, once', async () => {
      const view = await assess([person()], [person()]);
      const paymentOrderId = view.paymentOrderId as string;
      expect((await confirm(paymentBody(paymentOrderId, expectedTotals.totalFen))).status).toBe(200);
      const cancelled = await kit.http('POST', `/api/v1/assessments/${view.assessmentId as string}/cancellation`, {
        token: await tokens.service(),
        body: { reason: 'payment window expired' },
      });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', clearanceRevokedAt: expect.any(String) });
      expect((await kit.http('GET', `/api/v1/payment-orders/${paymentOrderId}`, { token: await tokens.taxClerk() })).body).toMatchObject({ status: 'refunding' });

      const refund = JSON.stringify({ paymentOrderId, bankRefundTransactionId: 'bank-rf-0001', amountFen: expectedTotals.totalFen, refundedAt: new Date().toISOString() });
      const done = await kit.http('POST', '/api/v1/bank/refund-confirmations', { raw: refund, headers: kit.bankHeaders(refund) });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ status: 'refunded', bankRefundTransactionId: 'bank-rf-0001' });
      const count = await kit.eventCount();
      expect((await kit.http('POST', '/api/v1/bank/refund-confirmations', { raw: refund, headers: kit.bankHeaders(refund) })).status).toBe(200);
      expect(await kit.eventCount()).toBe(count);
      const types = await kit.db.pool.query<{ event_type: string }>(`SELECT event_type FROM es_events WHERE stream_id = $1 ORDER BY stream_version`, [`payment-order-${paymentOrderId}`]);
      expect(types.rows.map((r) => r.event_type)).toEqual(['PaymentOrderIssued', 'PaymentConfirmed', 'RefundStarted', 'RefundCompleted']);
    });

    it('takes the same signed notifications over gRPC', async () => {
      const view = await assess([person()], [person()]);
      const paymentOrderId = view.paymentOrderId as string;
      const body = paymentBody(paymentOrderId, expectedTotals.totalFen);
      const headers = kit.bankHeaders(body);
      const signed = { timestamp: headers['x-bank-timestamp'], nonce: headers['x-bank-nonce'], signature: headers['x-bank-signature'], body: Buffer.from(body) };
      const forged = await kit.grpc('ConfirmPayment', { ...signed, body: Buffer.from(body.replace('"amountFen":', '"amountFen":1')) });
      expect(forged.err?.code).toBe(grpc.status.UNAUTHENTICATED);
      const paid = await kit.grpc<Json>('ConfirmPayment', signed);
      expect(paid.err).toBeNull();
      expect(paid.res).toMatchObject({ status: 'paid' });
      const replay = await kit.grpc('ConfirmPayment', signed);
      expect(replay.err?.code).toBe(grpc.status.ABORTED);

      await kit.http('POST', `/api/v1/assessments/${view.assessmentId as string}/cancellation`, { token: await tokens.taxClerk(), body: { reason: 'withdrawn by the parties' } });
      const refund = JSON.stringify({ paymentOrderId, bankRefundTransactionId: 'bank-rf-0002', amountFen: expectedTotals.totalFen, refundedAt: new Date().toISOString() });
      const refundHeaders = kit.bankHeaders(refund);
      const refunded = await kit.grpc<Json>('CompleteRefund', {
        timestamp: refundHeaders['x-bank-timestamp'],
        nonce: refundHeaders['x-bank-nonce'],
        signature: refundHeaders['x-bank-signature'],
        body: Buffer.from(refund),
      });
      expect(refunded.err).toBeNull();
      expect(refunded.res).toMatchObject({ status: 'refunded' });
    });
  });

  describe('edges', () => {
    it('lists every REST operation in OpenAPI', async () => {
      const doc = (await kit.http('GET', '/docs/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
      const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
      expect(operations).toEqual(
        expect.arrayContaining([
          'POST /api/v1/taxpayers',
          'GET /api/v1/taxpayers/{taxpayerId}',
          'POST /api/v1/taxpayers/{taxpayerId}/deregistration',
          'POST /api/v1/reference-prices/imports',
          'GET /api/v1/reference-prices/{unitNumber}',
          'POST /api/v1/assessments',
          'GET /api/v1/assessments/{assessmentId}',
          'POST /api/v1/assessments/{assessmentId}/cancellation',
          'GET /api/v1/payment-orders/{paymentOrderId}',
          'POST /api/v1/bank/payment-confirmations',
          'POST /api/v1/bank/refund-confirmations',
        ]),
      );
    });

    it('has reached every gRPC method of TaxService', () => {
      expect([...kit.grpcCalled].sort()).toEqual([...kit.grpcMethods].sort());
    });

    it('never writes an identity number to the log', () => {
      const log = kit.logLines.join('\n');
      expect(log).toContain('tax listening');
      expect(usedIdentityNumbers.size).toBeGreaterThan(10);
      for (const id of usedIdentityNumbers) expect(log).not.toContain(id);
    });
  });
});
