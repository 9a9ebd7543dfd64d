import { expectIdempotencyHeaderDocumented, expectIdempotencyRule, issueTestToken, type IdempotentRoute } from '@gov/testing';
import { assessmentRequest, newResidentId, newUnitNumber, startTaxTestKit, tokens, type TaxTestKit } from './testing/tax-test-kit';

// The one Idempotency-Key rule on every command POST of the tax service (libs/platform/src/edge).
describe('tax: the one idempotency rule', () => {
  let kit: TaxTestKit;
  let imports = 0;
  const materials = { setId: 'materials-0001', documentIds: ['doc-id-card', 'doc-form'] };
  const otherTaxClerk = () => issueTestToken({ roles: ['clerk'], department: 'tax', subject: 'clerk-tax-02' });
  const target = () => ({ apiUrl: `${kit.svc.httpUrl}/api/v1`, eventCount: () => kit.eventCount() });
  const route = (name: string, request: IdempotentRoute['request']): IdempotentRoute => ({ name, caller: tokens.taxClerk, otherCaller: otherTaxClerk, request });
  const registration = () => ({ taxpayer: { kind: 'person', residentId: newResidentId(), name: '张三丰' }, materials });
  const post = async (path: string, body: unknown) => {
    const reply = await kit.http('POST', `/api/v1${path}`, { token: await tokens.taxClerk(), body });
    expect(reply.status).toBeLessThan(300);
    return reply.body as Record<string, unknown>;
  };
  /** An assessment request for a unit with a reference price on file. */
  const pricedAssessment = async () => {
    const unit = newUnitNumber();
    const csv = ['unit_number,total_yuan', `${unit},800000.00`].join('\n');
    expect((await kit.http('POST', '/api/v1/reference-prices/imports', { token: await tokens.taxClerk(), raw: csv, headers: { 'content-type': 'text/csv' } })).status).toBe(201);
    return assessmentRequest(unit, [newResidentId()], [newResidentId()]);
  };

  beforeAll(async () => {
    kit = await startTaxTestKit('tax_idempotency');
  });
  afterAll(async () => {
    await kit?.stop();
  });

  it.each([
    route('POST /taxpayers', async () => ({ path: '/taxpayers', body: registration() })),
    route('POST /taxpayers/{taxpayerId}/deregistration', async () => {
      const { taxpayerId } = await post('/taxpayers', registration());
      return { path: `/taxpayers/${String(taxpayerId)}/deregistration`, body: { reason: '个人迁出本市', materials } };
    }),
    route('POST /assessments', async () => ({ path: '/assessments', body: await pricedAssessment() })),
    route('POST /assessments/{assessmentId}/cancellation', async () => {
      const { assessmentId } = await post('/assessments', await pricedAssessment());
      return { path: `/assessments/${String(assessmentId)}/cancellation`, body: { reason: '合同解除' } };
    }),
    // A bulk import: the key covers the whole file, hashed as it streams; files differ in length, so reports differ.
    route('POST /reference-prices/imports', async () => {
      imports += 1;
      const rows = Array.from({ length: imports }, () => `${newUnitNumber()},800000.00`);
      return { path: '/reference-prices/imports', contentType: 'text/csv', body: ['unit_number,total_yuan', ...rows].join('\n') };
    }),
  ])('$name', async (r) => {
    await expectIdempotencyRule(target(), r);
  });

  it('documents the Idempotency-Key header once on every command POST and on no read', async () => {
    await expectIdempotencyHeaderDocumented(kit.svc.httpUrl, ['POST /api/v1/bank/payment-confirmations', 'POST /api/v1/bank/refund-confirmations']);
  });
});
