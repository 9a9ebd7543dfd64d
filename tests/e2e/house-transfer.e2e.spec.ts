import { call, Stack, tokens } from './support/stack';
import {
  assessment,
  caseView,
  importReferencePrices,
  newPerson,
  newUnitNumber,
  payWhenAssessed,
  registerUnit,
  seizeUnit,
  submitHouseTransfer,
  waitForCase,
} from './support/house-transfer';
import { eventually } from '@gov/testing';

// The three services as separate processes on the real PostgreSQL and Kafka.
describe('second-hand house transfer, end to end', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start(['real-estate-registration', 'tax', 'joint-processing', 'supervision'], {
      'joint-processing': { PAYMENT_WINDOW_MINUTES: '0.4', TIMER_POLL_MS: '250' },
    });
  }, 180_000);
  afterAll(() => stack?.stop(), 60_000);

  it('accepts at one window, the bank confirms payment, the certificate is issued; the timeline shows every step', async () => {
    const seller = newPerson('张三');
    const buyer = newPerson('李四');
    const unit = newUnitNumber();
    await registerUnit(stack, unit, seller);
    await importReferencePrices(stack, [unit]);
    const caseId = await submitHouseTransfer(stack, unit, seller, buyer);
    await payWhenAssessed(stack, caseId);
    const done = await waitForCase(stack, caseId, 'completed');
    expect(done.certificateNumber).toMatch(/^渝\(\d{4}\)涪陵区不动产权第\d{7}号$/);
    // The case view named tax's own payment order and amount (the bank was paid from it), now paid.
    const taxes = await assessment(stack, caseId);
    expect(done.paymentOrder).toMatchObject({ paymentOrderId: taxes?.paymentOrderId, amountFen: taxes?.totals.totalFen, status: 'paid' });
    const steps = done.timeline.map((s) => s.step);
    for (const step of ['accepted', 'property checked and locked', 'taxes assessed', 'payment confirmed', 'tax clearance recorded by the registry', 'ownership transferred', 'certificate issued', 'completed']) {
      expect(steps).toContain(step);
    }
    for (const s of done.timeline) {
      expect(s.durationSeconds).toBeGreaterThanOrEqual(0);
      expect(s.elapsedSeconds).toBeLessThan(3600);
    }
    // The registry knows the new owner; the certificate verifies.
    const cert = await call<{ valid: boolean }>(stack.url('real-estate-registration'), 'GET', `/certificates/${encodeURIComponent(done.certificateNumber!)}`, await tokens.supervisor());
    expect(cert.status).toBe(200);
    expect(cert.body.valid).toBe(true);
    const unitView = await call<{ owners: { idNumber: string }[] }>(stack.url('real-estate-registration'), 'GET', `/units/${unit}`, await tokens.registryClerk());
    expect(unitView.body.owners.map((o) => o.idNumber)).toEqual([buyer.idNumber]);

    // Supervision saw the joint case and both departments' transfers, with steps and standing.
    for (const [service, itemCode] of [
      ['joint-processing', 'LB-01'],
      ['real-estate-registration', 'BDC-01'],
      ['tax', 'SW-03'],
    ] as const) {
      let last: unknown;
      const supervised = await eventually(async () => {
        const r = await call<{ itemCode: string; completedAt: string | null; standing: string | null; timeline: { event: string }[] }>(
          stack.url('supervision'),
          'GET',
          `/cases/${service}/${caseId}`,
          await tokens.supervisor(),
        );
        last = { status: r.status, body: r.body };
        return r.status === 200 && r.body.completedAt ? r.body : undefined;
      }, 120_000).catch((e: Error) => {
        throw new Error(`${service} case not complete in supervision: ${e.message}; last answer ${JSON.stringify(last).slice(0, 1500)}`);
      });
      expect(supervised.itemCode).toBe(itemCode);
      expect(supervised.timeline.map((t) => t.event)).toEqual(expect.arrayContaining(['CaseAccepted', 'CaseCompleted']));
      expect(['early', 'on-time']).toContain(supervised.standing);
    }
  }, 180_000);

  it('rejects a seized unit with the registry reason; nothing stays locked, no assessment stays open', async () => {
    const seller = newPerson('王五');
    const buyer = newPerson('赵六');
    const unit = newUnitNumber();
    await registerUnit(stack, unit, seller);
    await importReferencePrices(stack, [unit]);
    await seizeUnit(stack, unit);
    const caseId = await submitHouseTransfer(stack, unit, seller, buyer);
    const rejected = await waitForCase(stack, caseId, 'rejected');
    expect(rejected.rejection).toMatchObject({ department: 'real-estate-registration', code: 'unit-seized' });
    await eventually(async () => (await assessment(stack, caseId))?.status === 'cancelled', 60_000);
    const unitView = await call<{ lock: unknown; status?: string }>(stack.url('real-estate-registration'), 'GET', `/units/${unit}`, await tokens.registryClerk());
    expect(unitView.body.lock ?? null).toBeNull();
  }, 180_000);

  it('compensates when nobody pays within the window: unit unlocked, assessment cancelled', async () => {
    const seller = newPerson('孙七');
    const buyer = newPerson('周八');
    const unit = newUnitNumber();
    await registerUnit(stack, unit, seller);
    await importReferencePrices(stack, [unit]);
    const caseId = await submitHouseTransfer(stack, unit, seller, buyer);
    const rejected = await waitForCase(stack, caseId, 'rejected');
    expect(rejected.rejection).toMatchObject({ code: 'payment-window-expired' });
    await eventually(async () => (await assessment(stack, caseId))?.status === 'cancelled', 60_000);
    await eventually(async () => {
      const u = await call<{ lock: unknown }>(stack.url('real-estate-registration'), 'GET', `/units/${unit}`, await tokens.registryClerk());
      return (u.body.lock ?? null) === null;
    }, 60_000);
    expect((await caseView(stack, caseId)).timeline.map((s) => s.step)).toEqual(expect.arrayContaining(['payment window expired', 'rejected']));
    await eventually(async () => (await caseView(stack, caseId)).paymentOrder?.status === 'cancelled', 60_000);
  }, 180_000);
});
