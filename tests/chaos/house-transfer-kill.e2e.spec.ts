import { Stack } from '../e2e/support/stack';
import { importReferencePrices, newPerson, newUnitNumber, payWhenAssessed, registerUnit, submitHouseTransfer, waitForCase } from '../e2e/support/house-transfer';
import { sleep } from '@gov/testing';

const CASES = 20;

/** The bank keeps delivering its confirmation until the tax service answers (as a payment channel does). */
async function payUntilAccepted(stack: Stack, caseId: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await payWhenAssessed(stack, caseId);
      return;
    } catch (error) {
      if (attempt > 60) throw error;
      await sleep(1000);
    }
  }
}

async function countPerStream(stack: Stack, service: 'real-estate-registration' | 'tax', eventType: string): Promise<Map<string, number>> {
  const { rows } = await stack.db(service).pool.query<{ stream_id: string; n: string }>('SELECT stream_id, count(*) AS n FROM es_events WHERE event_type = $1 GROUP BY stream_id', [eventType]);
  return new Map(rows.map((r) => [r.stream_id, Number(r.n)]));
}

// Fault test: kill -9 a service with 20 cases in flight; after a restart every case
// completes, each certificate is issued once and each payment is taken once.
describe('house transfers survive kill -9', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start(['real-estate-registration', 'tax', 'joint-processing'], { 'joint-processing': { PAYMENT_WINDOW_MINUTES: '30', TIMER_POLL_MS: '500' } });
  }, 180_000);
  afterAll(() => stack?.stop(), 60_000);

  async function inFlight(): Promise<{ caseIds: string[]; paying: Promise<void[]> }> {
    const parties = Array.from({ length: CASES }, (_, i) => ({ seller: newPerson(`卖方${i}`), buyer: newPerson(`买方${i}`), unit: newUnitNumber() }));
    for (const p of parties) await registerUnit(stack, p.unit, p.seller);
    await importReferencePrices(stack, parties.map((p) => p.unit));
    const caseIds = await Promise.all(parties.map((p) => submitHouseTransfer(stack, p.unit, p.seller, p.buyer)));
    const paying = Promise.all(caseIds.map((id) => payUntilAccepted(stack, id)));
    return { caseIds, paying };
  }

  async function assertAllCompletedOnce(caseIds: readonly string[]): Promise<void> {
    const views = await Promise.all(caseIds.map((id) => waitForCase(stack, id, 'completed', 180_000)));
    const numbers = views.map((v) => v.certificateNumber);
    expect(new Set(numbers).size).toBe(CASES);
    const certificates = await countPerStream(stack, 'real-estate-registration', 'CertificateIssued');
    for (const id of caseIds) expect(certificates.get(`sale-transfer-${id}`)).toBe(1);
    const payments = await countPerStream(stack, 'tax', 'PaymentConfirmed');
    const { rows } = await stack.db('tax').pool.query<{ stream_id: string }>(
      `SELECT DISTINCT stream_id FROM es_events WHERE event_type = 'PaymentConfirmed' AND data->>'transferId' = ANY($1)`,
      [caseIds],
    );
    expect(rows).toHaveLength(CASES);
    for (const r of rows) expect(payments.get(r.stream_id)).toBe(1);
  }

  it('completes all 20 cases when joint processing is killed mid-flight', async () => {
    const { caseIds, paying } = await inFlight();
    await stack.kill('joint-processing', 'SIGKILL');
    await sleep(1500);
    await stack.launch('joint-processing');
    await paying;
    await assertAllCompletedOnce(caseIds);
  }, 420_000);

  it('completes all 20 cases when the tax service is killed mid-flight', async () => {
    const { caseIds, paying } = await inFlight();
    await sleep(500);
    await stack.kill('tax', 'SIGKILL');
    await sleep(1500);
    await stack.launch('tax');
    await paying;
    await assertAllCompletedOnce(caseIds);
  }, 420_000);
});
