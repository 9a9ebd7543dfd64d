import { DeciderSpecification, IllegalStateError, RuleViolation, ValidationError } from '@gov/event-sourcing';
import { makeResidentId } from '@gov/identity';
import { jointCaseDecider } from './joint-case.decider';
import type { JointCaseEvent } from './joint-case.events';
import type { SubmitHouseTransfer, RecordDepartmentEvent } from './joint-case.commands';
import type { DepartmentEvent } from './joint-case.types';
import type { RealEstateEventDataV1, RealEstateEventName, TaxEventDataV1, TaxEventName } from '@gov/contracts';

const caseId = '0b6d3c2e-1f7a-4c1e-9a51-3a2d4c5e6f70';
const at = '2026-11-28T01:00:00.000Z';
const later = (minutes: number) => new Date(Date.parse(at) + minutes * 60_000).toISOString();
const seller = { name: '张三', idType: 'resident-id' as const, idNumber: makeResidentId({ birthDate: '1970-03-01', sequence: 11 }) };
const buyer = { name: '李四', idType: 'resident-id' as const, idNumber: makeResidentId({ birthDate: '1990-07-01', sequence: 22 }), share: { numerator: 1, denominator: 1 } };

const submit = (over: Partial<SubmitHouseTransfer['data']> = {}): SubmitHouseTransfer => ({
  type: 'SubmitHouseTransfer',
  data: {
    caseId,
    ticket: { number: 'B007', category: 'real-estate-and-tax', window: '8' },
    application: {
      sellers: [seller],
      buyers: [buyer],
      unit: { unitNumber: '500102001001GB00001F00010001', areaHundredthsM2: 8950, acquisitionDate: '2015-05-01', originalPriceFen: 60_000_000 },
      contract: { number: 'HT-2026-001', priceFen: 90_000_000, signedOn: '2026-11-20' },
      taxFacts: { buyerFamilyHome: 'first', sellerOnlyHome: true },
      lenderConsentMortgageIds: [],
    },
    materials: [
      { type: 'identity-documents', fileName: 'ids.pdf', sha256: 'a'.repeat(64) },
      { type: 'sale-contract', fileName: 'contract.pdf', sha256: 'b'.repeat(64) },
      { type: 'real-estate-certificate', fileName: 'cert.pdf', sha256: 'c'.repeat(64) },
    ],
    requiredMaterials: ['identity-documents', 'sale-contract', 'real-estate-certificate'],
    clerk: 'clerk-8',
    catalogVersion: '2018-08',
    at,
    promiseMinutes: 60,
    warnMinutes: 45,
    paymentWindowMinutes: 30,
    ...over,
  },
});

// Department events as their contracts define them (libs/contracts), about this case.
const unitNumber = '500102001001GB00001F00010001';
const registry = <N extends RealEstateEventName>(type: N, data: RealEstateEventDataV1[N]): DepartmentEvent =>
  ({ department: 'real-estate-registration', event: { type, version: 2, data } }) as DepartmentEvent;
const taxEvent = <N extends TaxEventName>(type: N, data: TaxEventDataV1[N]): DepartmentEvent => ({ department: 'tax', event: { type, version: 2, data } }) as DepartmentEvent;
const dept = (event: DepartmentEvent, minutes = 1): RecordDepartmentEvent => ({
  type: 'RecordDepartmentEvent',
  data: { ...event, eventId: `${event.event.type}-${minutes}`, at: later(minutes) },
});
const transferApplied = registry('TransferApplied', {
  transferId: caseId,
  caseId,
  unitNumber,
  sellers: [seller],
  buyers: [buyer],
  contractNumber: 'HT-2026-001',
  contractPriceFen: 90_000_000,
  lenderConsentMortgageIds: [],
  appliedAt: at,
});
const taxesAssessed = taxEvent('HouseTransferTaxAssessed', {
  assessmentId: caseId,
  transferId: caseId,
  caseId,
  paymentOrderId: 'po-1',
  unitNumber,
  sellers: [{ residentId: seller.idNumber }],
  buyers: [{ residentId: buyer.idNumber }],
  policyVersion: '2026-01',
  referencePriceFen: 80_000_000,
  taxableBaseFen: 90_000_000,
  taxableBaseSource: 'contract-price',
  sellerHeldFullYears: 11,
  lines: [],
  totals: { totalFen: 900_000, sellerFen: 0, buyerFen: 900_000 },
  assessedAt: at,
});
const clearanceGranted = taxEvent('TaxClearanceGranted', {
  assessmentId: caseId,
  transferId: caseId,
  caseId,
  paymentOrderId: 'po-1',
  bankTransactionId: 'BT1',
  paidFen: 900_000,
  grantedAt: at,
});
const clearanceRecorded = registry('TaxClearanceRecorded', { transferId: caseId, caseId, clearanceId: 'clr-1', assessmentId: caseId, clearedAt: at });
const certificateIssued = (certificateNumber: string) => registry('CertificateIssued', { transferId: caseId, caseId, unitNumber, certificateNumber, owners: [buyer], issuedAt: at });
const transferRefused = (code: string, reason: string, stage: 'application' | 'registration' = 'application') =>
  registry('TransferRefused', { transferId: caseId, caseId, unitNumber, code, reason, stage, taxClearanceId: null, refusedAt: at });
const taxRefused = (code: string, reason: string) =>
  taxEvent('HouseTransferTaxAssessmentRefused', { commandId: `${caseId}:AssessHouseTransferTax`, assessmentId: caseId, transferId: caseId, caseId, code, reason, refusedAt: at });

const accepted = (): JointCaseEvent[] => jointCaseDecider.decide(submit(), jointCaseDecider.initialState()) as JointCaseEvent[];
const sent = (name: string, target: 'real-estate-registration' | 'tax', data: Record<string, unknown>, minutes: number): JointCaseEvent => ({
  type: 'DepartmentCommandSent',
  data: { commandId: `${caseId}:${name}`, target, name, data, sentAt: later(minutes) },
});
const locked: JointCaseEvent = { type: 'PropertyLocked', data: { transferId: caseId, at: later(1) } };
const assessed: JointCaseEvent = { type: 'TaxesAssessed', data: { assessmentId: caseId, paymentOrderId: 'po-1', totalFen: 900_000, sellerFen: 0, buyerFen: 900_000, at: later(2) } };
const paid: JointCaseEvent = { type: 'PaymentReceived', data: { bankTransactionId: 'BT1', paidFen: 900_000, at: later(10) } };

describe('joint case workflow', () => {
  const given = DeciderSpecification.for(jointCaseDecider);

  it('accepts a complete application and sends both departments their commands at once', () => {
    const events = accepted();
    expect(events.map((e) => e.type)).toEqual(['HouseTransferAccepted', 'DepartmentCommandSent', 'DepartmentCommandSent']);
    expect(events[0].data).toMatchObject({ acceptedAt: at, warnAt: later(45), deadlineAt: later(60), paymentDueAt: later(30) });
    const commands = events.slice(1).map((e) => (e.type === 'DepartmentCommandSent' ? [e.data.target, e.data.name, e.data.commandId] : []));
    expect(commands).toEqual([
      ['real-estate-registration', 'ApplyForSaleTransfer', `${caseId}:ApplyForSaleTransfer`],
      ['tax', 'AssessHouseTransferTax', `${caseId}:AssessHouseTransferTax`],
    ]);
  });

  it('lists every missing material in one notice and starts nothing', () => {
    const error = given([])
      .when(submit({ materials: [] }))
      .thenThrows<RuleViolation>(RuleViolation);
    expect(error.details).toEqual({ missing: ['identity-documents', 'sale-contract', 'real-estate-certificate'] });
  });

  it('refuses buyer shares that do not add up to one', () => {
    given([]).when(submit({ application: { ...submit().data.application, buyers: [{ ...buyer, share: { numerator: 1, denominator: 2 } }] } })).thenThrows(ValidationError);
  });

  it('refuses a second submission of the same case', () => {
    given(accepted()).when(submit()).thenThrows(IllegalStateError);
  });

  it('records the lock and the assessment, each once', () => {
    given(accepted()).when(dept(transferApplied)).then([locked]);
    given([...accepted(), locked]).when(dept(transferApplied)).thenNothingHappened();
    given([...accepted(), locked])
      .when(dept(taxesAssessed, 2))
      .then([assessed]);
  });

  it('waits for the registry to hold the tax clearance, then has it register the owners', () => {
    given([...accepted(), locked, assessed]).when(dept(clearanceGranted, 10)).then([paid]);
    given([...accepted(), locked, assessed, paid])
      .when(dept(clearanceRecorded, 11))
      .then([{ type: 'ClearanceRecordedByRegistry', data: { at: later(11) } }, sent('RegisterTransfer', 'real-estate-registration', { transferId: caseId, caseId }, 11)]);
  });

  it('completes when the certificate is issued, within the promise', () => {
    const history = [...accepted(), locked, assessed, paid, { type: 'ClearanceRecordedByRegistry', data: { at: later(11) } } as JointCaseEvent, sent('RegisterTransfer', 'real-estate-registration', { transferId: caseId, caseId }, 11)];
    given(history)
      .when(dept(certificateIssued('渝(2026)涪陵区不动产权第0000001号'), 12))
      .then([
        { type: 'CertificateIssued', data: { certificateNumber: '渝(2026)涪陵区不动产权第0000001号', at: later(12) } },
        { type: 'HouseTransferCompleted', data: { at: later(12), elapsedSeconds: 720, withinPromise: true } },
      ]);
  });

  it('ends rejected with the registry reason when the unit is seized, and cancels the assessment once it exists', () => {
    const refusal = dept(transferRefused('unit-seized', 'the unit is seized by court order'), 1);
    const refusedEvents: JointCaseEvent[] = [
      { type: 'DepartmentRefused', data: { department: 'real-estate-registration', code: 'unit-seized', reason: 'the unit is seized by court order', at: later(1) } },
      { type: 'HouseTransferRejected', data: { department: 'real-estate-registration', code: 'unit-seized', reason: 'the unit is seized by court order', at: later(1) } },
    ];
    // Tax has not answered yet: nothing to cancel until the assessment exists.
    given(accepted()).when(refusal).then(refusedEvents);
    given([...accepted(), ...refusedEvents])
      .when(dept(taxesAssessed, 2))
      .then([assessed, sent('CancelAssessment', 'tax', { assessmentId: caseId, caseId, reason: 'joint case rejected: the unit is seized by court order' }, 2)]);
    given([...accepted(), assessed])
      .when(refusal)
      .then([...refusedEvents, sent('CancelAssessment', 'tax', { assessmentId: caseId, caseId, reason: 'joint case rejected: the unit is seized by court order' }, 1)]);
  });

  it('unlocks the unit when tax refuses', () => {
    given([...accepted(), locked])
      .when(dept(taxRefused('no-reference-price', 'no reference price for the unit'), 3))
      .then([
        { type: 'DepartmentRefused', data: { department: 'tax', code: 'no-reference-price', reason: 'no reference price for the unit', at: later(3) } },
        { type: 'HouseTransferRejected', data: { department: 'tax', code: 'no-reference-price', reason: 'no reference price for the unit', at: later(3) } },
        sent('CancelTransfer', 'real-estate-registration', { transferId: caseId, caseId, reason: 'joint case rejected: no reference price for the unit' }, 3),
      ]);
  });

  it('compensates when the payment window passes unpaid', () => {
    const reason = 'the transfer taxes were not paid within the payment window';
    given([...accepted(), locked, assessed])
      .when({ type: 'FireTimer', data: { timer: 'payment-window', at: later(30) } })
      .then([
        { type: 'PaymentWindowExpired', data: { at: later(30) } },
        { type: 'HouseTransferRejected', data: { department: 'joint-window', code: 'payment-window-expired', reason, at: later(30) } },
        sent('CancelTransfer', 'real-estate-registration', { transferId: caseId, caseId, reason: `joint case rejected: ${reason}` }, 30),
        sent('CancelAssessment', 'tax', { assessmentId: caseId, caseId, reason: `joint case rejected: ${reason}` }, 30),
      ]);
    given([...accepted(), locked, assessed, paid]).when({ type: 'FireTimer', data: { timer: 'payment-window', at: later(30) } }).thenNothingHappened();
  });

  it('warns at 45 minutes and records the breach at 60, once each, and the case goes on', () => {
    given(accepted()).when({ type: 'FireTimer', data: { timer: 'promise-warning', at: later(45) } }).then([{ type: 'PromiseWarningRaised', data: { at: later(45), deadlineAt: later(60) } }]);
    const warned: JointCaseEvent = { type: 'PromiseWarningRaised', data: { at: later(45), deadlineAt: later(60) } };
    given([...accepted(), warned]).when({ type: 'FireTimer', data: { timer: 'promise-warning', at: later(46) } }).thenNothingHappened();
    const breached: JointCaseEvent = { type: 'PromiseBreached', data: { at: later(60), deadlineAt: later(60) } };
    given([...accepted(), paid, warned]).when({ type: 'FireTimer', data: { timer: 'promise-breach', at: later(60) } }).then([breached]);
    given([...accepted(), locked, assessed, paid, warned, breached, { type: 'ClearanceRecordedByRegistry', data: { at: later(61) } } as JointCaseEvent])
      .when(dept(certificateIssued('N'), 70))
      .then([
        { type: 'CertificateIssued', data: { certificateNumber: 'N', at: later(70) } },
        { type: 'HouseTransferCompleted', data: { at: later(70), elapsedSeconds: 4200, withinPromise: false } },
      ]);
  });

  it('ignores timers after the case ended', () => {
    const done: JointCaseEvent = { type: 'HouseTransferCompleted', data: { at: later(20), elapsedSeconds: 1200, withinPromise: true } };
    given([...accepted(), done]).when({ type: 'FireTimer', data: { timer: 'promise-breach', at: later(60) } }).thenNothingHappened();
  });

  it('confirms compensations as the departments report them', () => {
    const rejected: JointCaseEvent = { type: 'HouseTransferRejected', data: { department: 'tax', code: 'x', reason: 'x', at: later(3) } };
    given([...accepted(), locked, rejected])
      .when(dept(registry('TransferCancelled', { transferId: caseId, caseId, unitNumber, reason: 'x', taxClearanceId: null, cancelledAt: at }), 4))
      .then([{ type: 'CompensationConfirmed', data: { step: 'unlock-unit', at: later(4) } }]);
    given([...accepted(), assessed, rejected])
      .when(dept(taxEvent('TaxAssessmentCancelled', { assessmentId: caseId, transferId: caseId, caseId, reason: 'x', cancelledAt: at }), 4))
      .then([{ type: 'CompensationConfirmed', data: { step: 'cancel-assessment', at: later(4) } }]);
  });

  it('takes the payment from PaymentConfirmed as from the clearance, once', () => {
    const confirmed = taxEvent('PaymentConfirmed', { paymentOrderId: 'po-1', assessmentId: caseId, transferId: caseId, caseId, bankTransactionId: 'BT1', amountFen: 900_000, paidAt: at });
    given([...accepted(), locked, assessed]).when(dept(confirmed, 10)).then([paid]);
    given([...accepted(), locked, assessed, paid]).when(dept(clearanceGranted, 10)).thenNothingHappened();
  });

  it('counts a refusal at registration as the unit unlocked: no CancelTransfer follows', () => {
    const refusal = dept(transferRefused('unit-seized', 'seized since the lock', 'registration'), 12);
    given([...accepted(), locked, assessed, paid])
      .when(refusal)
      .then([
        { type: 'DepartmentRefused', data: { department: 'real-estate-registration', code: 'unit-seized', reason: 'seized since the lock', at: later(12) } },
        { type: 'HouseTransferRejected', data: { department: 'real-estate-registration', code: 'unit-seized', reason: 'seized since the lock', at: later(12) } },
        { type: 'CompensationConfirmed', data: { step: 'unlock-unit', at: later(12) } },
        sent('CancelAssessment', 'tax', { assessmentId: caseId, caseId, reason: 'joint case rejected: seized since the lock' }, 12),
      ]);
  });

  it('refuses department events for a case it does not know', () => {
    given([]).when(dept(taxesAssessed)).thenThrows(IllegalStateError);
  });
});
