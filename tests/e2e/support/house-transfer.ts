import { randomInt } from 'node:crypto';
import { makeResidentId } from '@gov/identity';
import { eventually } from '@gov/testing';
import { bankSigned, call, tokens, type Stack } from './stack';

export interface Person {
  readonly name: string;
  readonly idType: 'resident-id';
  readonly idNumber: string;
}

let people = 0;
export function newPerson(name: string): Person {
  people++;
  return { name, idType: 'resident-id', idNumber: makeResidentId({ birthDate: `19${60 + (people % 39)}-0${1 + (people % 9)}-1${people % 9}`, sequence: 1 + ((people * 7 + randomInt(900)) % 999) }) };
}

/** A fresh GB/T 37346 unit number in Fuling. */
export function newUnitNumber(): string {
  return `500102001001GB${String(randomInt(100_000)).padStart(5, '0')}F${String(randomInt(100_000_000)).padStart(8, '0')}`;
}

export async function registerUnit(stack: Stack, unitNumber: string, owner: Person, acquisitionDate = '2015-05-01'): Promise<void> {
  const res = await call(stack.url('real-estate-registration'), 'POST', '/units', await tokens.registryClerk(), {
    unitNumber,
    location: '重庆市涪陵区崇义街道太极大道18号1幢3-2',
    areaHundredthsM2: 8950,
    use: 'residential',
    owners: [{ ...owner, share: { numerator: 1, denominator: 1 } }],
    acquisitionDate,
    originalPriceFen: 60_000_000,
  });
  if (res.status !== 201) throw new Error(`registering unit ${unitNumber}: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function importReferencePrices(stack: Stack, unitNumbers: readonly string[], totalYuan = '880000.00'): Promise<void> {
  const body = unitNumbers.map((unitNumber) => JSON.stringify({ unitNumber, totalYuan })).join('\n');
  const res = await call(stack.url('tax'), 'POST', '/reference-prices/imports?format=jsonl', await tokens.taxClerk(), body, { 'content-type': 'application/x-ndjson' });
  if (res.status >= 300) throw new Error(`importing reference prices: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function seizeUnit(stack: Stack, unitNumber: string): Promise<void> {
  const res = await call(stack.url('real-estate-registration'), 'POST', `/units/${unitNumber}/seizures`, await tokens.registryClerk(), {
    court: '重庆市涪陵区人民法院',
    orderNumber: `(2026)渝0102执${randomInt(10_000)}号`,
  });
  if (res.status >= 300) throw new Error(`seizing ${unitNumber}: ${res.status} ${JSON.stringify(res.body)}`);
}

let requirements: string[] | undefined;

export async function submitHouseTransfer(stack: Stack, unitNumber: string, seller: Person, buyer: Person): Promise<string> {
  const jp = stack.url('joint-processing');
  const clerk = await tokens.windowClerk();
  requirements ??= ((await call<{ requiredMaterials: string[] }>(jp, 'GET', '/house-transfers/requirements', clerk)).body.requiredMaterials);
  const ticket = await call<{ day: string; number: string }>(jp, 'POST', '/hall/tickets', clerk, { category: 'house-transfer' });
  const called = await call<{ number: string }>(jp, 'POST', '/hall/calls', clerk, { category: 'house-transfer', window: '35' });
  if (called.status !== 200) throw new Error(`calling a ticket: ${called.status} ${JSON.stringify(called.body)}`);
  const res = await call<{ caseId: string }>(jp, 'POST', '/house-transfers', clerk, {
    ticket: { day: ticket.body.day, number: called.body.number },
    sellers: [seller],
    buyers: [{ ...buyer, share: { numerator: 1, denominator: 1 } }],
    unit: { unitNumber, areaHundredthsM2: 8950, acquisitionDate: '2015-05-01', originalPriceFen: 60_000_000 },
    contract: { number: `HT-${unitNumber.slice(-8)}`, priceFen: 90_000_000, signedOn: '2026-11-20' },
    taxFacts: { buyerFamilyHome: 'first', sellerOnlyHome: true },
    materials: requirements.map((type, i) => ({ type, fileName: `material-${i}.pdf`, sha256: `${i}`.padStart(64, 'a') })),
  });
  if (res.status !== 201) throw new Error(`submitting: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.caseId;
}

export interface Assessment {
  readonly status: string;
  readonly paymentOrderId: string | null;
  readonly totals: { totalFen: number };
}

export async function assessment(stack: Stack, caseId: string): Promise<Assessment | undefined> {
  const res = await call<Assessment>(stack.url('tax'), 'GET', `/assessments/${caseId}`, await tokens.taxClerk());
  return res.status === 200 ? res.body : undefined;
}

/** The bank confirms the exact amount of the payment order the joint case shows, once tax has issued it. */
export async function payWhenAssessed(stack: Stack, caseId: string, bankTransactionId = `BT-${caseId.slice(0, 8)}`): Promise<void> {
  const order = await eventually(async () => (await caseView(stack, caseId)).paymentOrder ?? undefined, 60_000);
  const signed = bankSigned({ paymentOrderId: order.paymentOrderId, bankTransactionId, amountFen: order.amountFen, paidAt: new Date().toISOString() });
  const res = await call(stack.url('tax'), 'POST', '/bank/payment-confirmations', undefined, signed.body, signed.headers);
  if (res.status >= 300) throw new Error(`bank confirmation: ${res.status} ${JSON.stringify(res.body)}`);
}

export interface CaseView {
  readonly caseId: string;
  readonly status: string;
  readonly certificateNumber: string | null;
  readonly rejection: { department: string; code: string; reason: string } | null;
  readonly paymentOrder: { paymentOrderId: string; amountFen: number; status: string; dueAt: string } | null;
  readonly timeline: { step: string; at: string; durationSeconds: number; elapsedSeconds: number; actor?: string }[];
}

export async function caseView(stack: Stack, caseId: string): Promise<CaseView> {
  return (await call<CaseView>(stack.url('joint-processing'), 'GET', `/house-transfers/${caseId}`, await tokens.windowClerk())).body;
}

export function waitForCase(stack: Stack, caseId: string, status: 'completed' | 'rejected', timeoutMs = 90_000, intervalMs = 250): Promise<CaseView> {
  return eventually(async () => {
    const v = await caseView(stack, caseId);
    return v.status === status ? v : undefined;
  }, timeoutMs, intervalMs);
}
