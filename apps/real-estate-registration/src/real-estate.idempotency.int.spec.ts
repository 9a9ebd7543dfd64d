import { randomUUID } from 'node:crypto';
import { expectIdempotencyHeaderDocumented, expectIdempotencyRule, issueTestToken, type IdempotentRoute } from '@gov/testing';
import { applyBody, call, startTestService, tokens, unitBody, type TestService } from './testing/real-estate.test-kit';
import { newPerson, newUnitNumber, owning } from './testing/real-estate.factories';

// The one Idempotency-Key rule on every command POST of the register (libs/platform/src/edge).
describe('real-estate-registration: the one idempotency rule', () => {
  let t: TestService;
  let n = 7000;
  const otherRegistrar = () => issueTestToken({ roles: ['clerk'], department: 'real-estate', subject: 'clerk-re-002' });
  const seller = newPerson(61, '钱七');
  const target = () => ({
    apiUrl: `${t.svc.httpUrl}/api/v1`,
    eventCount: async () => Number((await t.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM es_events')).rows[0].n),
  });
  /** A freshly registered unit, written without a key. */
  const registeredUnit = async (): Promise<{ unitNumber: string; n: number }> => {
    n += 1;
    const reply = await call(t.svc.httpUrl, 'POST', '/units', { token: await tokens.registrar(), body: unitBody(n, [seller]) });
    expect(reply.status).toBe(201);
    return { unitNumber: newUnitNumber(n), n };
  };
  /** A command the request needs first, written without a key. */
  const setup = async (path: string, body: unknown) => {
    const reply = await call(t.svc.httpUrl, 'POST', path, { token: await tokens.registrar(), body });
    expect(reply.status).toBeLessThan(300);
  };
  const route = (name: string, request: IdempotentRoute['request']): IdempotentRoute => ({ name, caller: tokens.registrar, otherCaller: otherRegistrar, request });

  beforeAll(async () => {
    t = await startTestService('re_idempotency');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it.each([
    route('POST /units', async () => ({ path: '/units', body: unitBody(++n) })),
    route('POST /units/{unitNumber}/mortgages', async () => {
      const { unitNumber } = await registeredUnit();
      return { path: `/units/${unitNumber}/mortgages`, body: { mortgageId: `M-${randomUUID()}`, lender: '中国建设银行涪陵分行', amountFen: 20_000_000 } };
    }),
    route('POST /units/{unitNumber}/seizures', async () => {
      const { unitNumber } = await registeredUnit();
      return { path: `/units/${unitNumber}/seizures`, body: { court: '重庆市涪陵区人民法院', orderNumber: `(2026)渝0102执${n}号` } };
    }),
    route('POST /units/{unitNumber}/objections', async () => {
      const { unitNumber } = await registeredUnit();
      return { path: `/units/${unitNumber}/objections`, body: { objectionId: `OBJ-${n}`, applicantName: '赵六', reason: '主张该房屋为夫妻共同财产' } };
    }),
    route('POST /transfers', async () => {
      const unit = await registeredUnit();
      return { path: '/transfers', body: applyBody(`TR-${randomUUID()}`, unit.n, [seller], [owning(newPerson(62, '孙八'))]) };
    }),
    route('POST /transfers/{transferId}/cancellation', async () => {
      const unit = await registeredUnit();
      const transferId = `TR-${randomUUID()}`;
      await setup('/transfers', applyBody(transferId, unit.n, [seller], [owning(newPerson(62, '孙八'))]));
      return { path: `/transfers/${transferId}/cancellation`, body: { reason: '买卖双方协商解除合同' } };
    }),
    route('POST /units/{unitNumber}/mortgages/{mortgageId}/release', async () => {
      const { unitNumber } = await registeredUnit();
      await setup(`/units/${unitNumber}/mortgages`, { mortgageId: 'M-1', lender: '中国建设银行涪陵分行', amountFen: 20_000_000 });
      return { path: `/units/${unitNumber}/mortgages/M-1/release` };
    }),
    route('POST /units/{unitNumber}/seizures/lift', async () => {
      const { unitNumber } = await registeredUnit();
      const order = { court: '重庆市涪陵区人民法院', orderNumber: '(2026)渝0102执1号' };
      await setup(`/units/${unitNumber}/seizures`, order);
      return { path: `/units/${unitNumber}/seizures/lift`, body: order };
    }),
    route('POST /units/{unitNumber}/objections/{objectionId}/withdraw', async () => {
      const { unitNumber } = await registeredUnit();
      await setup(`/units/${unitNumber}/objections`, { objectionId: 'OBJ-1', applicantName: '赵六', reason: '主张该房屋为夫妻共同财产' });
      return { path: `/units/${unitNumber}/objections/OBJ-1/withdraw` };
    }),
    route('POST /transfers/{transferId}/refusal', async () => {
      const unit = await registeredUnit();
      const transferId = `TR-${randomUUID()}`;
      await setup('/transfers', applyBody(transferId, unit.n, [seller], [owning(newPerson(62, '孙八'))]));
      return { path: `/transfers/${transferId}/refusal`, body: { reason: '申请材料与登记簿记载不符' } };
    }),
    // A bulk import: the key covers the whole file, hashed as it streams.
    route('POST /units/import', async () => {
      const rows = [1, 2].map(() => {
        n += 1;
        return `${newUnitNumber(n)},"涪陵区太极大道${n}号",89.52,住宅,${seller.name}|${seller.idType}|${seller.idNumber}|1/1,2012-05-20,35000000`;
      });
      return { path: '/units/import', contentType: 'text/csv', body: ['unitNumber,location,areaM2,use,owners,acquisitionDate,originalPriceFen', ...rows].join('\n') };
    }),
  ])('$name', async (r) => {
    await expectIdempotencyRule(target(), r);
  });

  it('documents the Idempotency-Key header once on every command POST and on no read', async () => {
    await expectIdempotencyHeaderDocumented(t.svc.httpUrl);
  });
});
