import { IllegalStateError, RuleViolation, ValidationError, assertNever, fold, type Decider } from '@gov/event-sourcing';
import type { JointCaseCommand, RecordDepartmentEvent, SubmitHouseTransfer, FireTimer } from './joint-case.commands';
import type { JointCaseEvent, DepartmentCommandSent } from './joint-case.events';
import type { Department, DepartmentCommand } from './joint-case.types';
import { missingMaterials } from './materials.policy';
import type { ApplyForSaleTransferV1, AssessHouseTransferTaxV1, CancelAssessmentV1, CancelTransferV1, RegisterTransferV1 } from '@gov/contracts';

type Phase<T> = 'pending' | T;

interface Progress {
  readonly caseId: string;
  /** The catalog version the case was accepted under: it keeps it to the end. */
  readonly catalogVersion: string;
  readonly acceptedAt: string;
  readonly warnAt: string;
  readonly deadlineAt: string;
  readonly paymentDueAt: string;
  readonly property: Phase<'locked' | 'refused'>;
  readonly tax: Phase<'assessed' | 'refused'>;
  readonly paid: boolean;
  readonly clearanceAtRegistry: boolean;
  readonly ownershipRegistered: boolean;
  readonly certificateNumber?: string;
  readonly warned: boolean;
  readonly breached: boolean;
  /** Command names already sent: each is sent once. */
  readonly sent: readonly string[];
  readonly confirmed: readonly string[];
}

export type JointCase =
  | { readonly status: 'none' }
  | ({ readonly status: 'in-progress' } & Progress)
  | ({ readonly status: 'completed'; readonly completedAt: string } & Progress)
  | ({ readonly status: 'rejected'; readonly rejection: { department: string; code: string; reason: string; at: string } } & Progress);

const minutesAfter = (iso: string, minutes: number): string => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

// Department ids are derived from the case id: a retried command names the same transfer and assessment.
export const transferIdOf = (caseId: string): string => caseId;
export const assessmentIdOf = (caseId: string): string => caseId;
const commandId = (caseId: string, name: string): string => `${caseId}:${name}`;

function send(caseId: string, target: Department, name: string, data: Record<string, unknown>, at: string): DepartmentCommandSent {
  const command: DepartmentCommand = { commandId: commandId(caseId, name), target, name, data };
  return { type: 'DepartmentCommandSent', data: { ...command, sentAt: at } };
}

function submit(c: SubmitHouseTransfer['data'], state: JointCase): JointCaseEvent[] {
  if (state.status !== 'none') throw new IllegalStateError('case-exists', `case ${c.caseId} was already accepted`);
  const a = c.application;
  const issues: { field: string; message: string }[] = [];
  if (a.sellers.length === 0) issues.push({ field: 'application.sellers', message: 'at least one seller is required' });
  if (a.buyers.length === 0) issues.push({ field: 'application.buyers', message: 'at least one buyer is required' });
  const shareSum = a.buyers.reduce((acc, b) => acc + b.share.numerator / b.share.denominator, 0);
  if (a.buyers.length && Math.abs(shareSum - 1) > 1e-9) issues.push({ field: 'application.buyers', message: 'buyer shares must add up to 1' });
  if (issues.length) throw new ValidationError(issues);
  const missing = missingMaterials(c.requiredMaterials, c.materials);
  if (missing.length) {
    throw new RuleViolation('materials-incomplete', `materials missing: ${missing.join(', ')}`, { missing });
  }
  const transferId = transferIdOf(c.caseId);
  const assessmentId = assessmentIdOf(c.caseId);
  const registryCommand: ApplyForSaleTransferV1 = {
    transferId,
    caseId: c.caseId,
    unitNumber: a.unit.unitNumber,
    sellers: a.sellers.map(({ name, idType, idNumber }) => ({ name, idType, idNumber })),
    buyers: a.buyers.map(({ name, idType, idNumber, share }) => ({ name, idType, idNumber, share })),
    contractNumber: a.contract.number,
    contractPriceFen: a.contract.priceFen,
    lenderConsentMortgageIds: a.lenderConsentMortgageIds,
  };
  const taxCommand: AssessHouseTransferTaxV1 = {
    assessmentId,
    transferId,
    caseId: c.caseId,
    unitNumber: a.unit.unitNumber,
    sellers: a.sellers.map((s) => ({ residentId: s.idNumber })),
    buyers: a.buyers.map((b) => ({ residentId: b.idNumber })),
    contractPriceFen: a.contract.priceFen,
    // Hundredths of m² to the certificate's decimal notation, exactly.
    areaM2: `${Math.floor(a.unit.areaHundredthsM2 / 100)}.${String(a.unit.areaHundredthsM2 % 100).padStart(2, '0')}`,
    buyerFamilyHome: a.taxFacts.buyerFamilyHome,
    sellerAcquiredOn: a.unit.acquisitionDate,
    contractDate: a.contract.signedOn,
    sellerOnlyHome: a.taxFacts.sellerOnlyHome,
    originalCostFen: a.unit.originalPriceFen,
  };
  const accepted: JointCaseEvent = {
    type: 'HouseTransferAccepted',
    data: {
      caseId: c.caseId,
      ticket: c.ticket,
      application: a,
      materials: c.materials,
      clerk: c.clerk,
      catalogVersion: c.catalogVersion,
      acceptedAt: c.at,
      warnAt: minutesAfter(c.at, c.warnMinutes),
      deadlineAt: minutesAfter(c.at, c.promiseMinutes),
      paymentDueAt: minutesAfter(c.at, c.paymentWindowMinutes),
    },
  };
  // Both departments start at once: the registry checks and locks while tax assesses.
  return [
    accepted,
    send(c.caseId, 'real-estate-registration', 'ApplyForSaleTransfer', { ...registryCommand }, c.at),
    send(c.caseId, 'tax', 'AssessHouseTransferTax', { ...taxCommand }, c.at),
  ];
}

/** What a department's event means for the case (before follow-up commands). Its data is typed by the department's contract. */
function outcome(c: RecordDepartmentEvent['data'], s: Progress & { status: string }): JointCaseEvent[] {
  const { department, at } = c;
  const refused = (code: string, reason: string): JointCaseEvent[] =>
    s.status === 'in-progress'
      ? [
          { type: 'DepartmentRefused', data: { department, code, reason, at } },
          { type: 'HouseTransferRejected', data: { department, code, reason, at } },
        ]
      : [{ type: 'DepartmentRefused', data: { department, code, reason, at } }];
  if (c.department === 'real-estate-registration') {
    const e = c.event;
    switch (e.type) {
      case 'TransferApplied':
        return s.property === 'pending' ? [{ type: 'PropertyLocked', data: { transferId: e.data.transferId, at } }] : [];
      case 'TransferRefused': {
        // Refused at registration: the registry has released the unit itself, which is what CancelTransfer would have done.
        const unlocked: JointCaseEvent[] =
          e.data.stage === 'registration' && !s.confirmed.includes('unlock-unit') ? [{ type: 'CompensationConfirmed', data: { step: 'unlock-unit', at } }] : [];
        if (s.property === 'refused' || s.ownershipRegistered) return unlocked;
        return [...refused(e.data.code, e.data.reason || 'refused by real-estate registration'), ...unlocked];
      }
      case 'TaxClearanceRecorded':
        return s.clearanceAtRegistry ? [] : [{ type: 'ClearanceRecordedByRegistry', data: { at } }];
      case 'OwnershipTransferred':
        return s.ownershipRegistered ? [] : [{ type: 'OwnershipRegistered', data: { at } }];
      case 'CertificateIssued': {
        if (s.certificateNumber) return [];
        const issued: JointCaseEvent = { type: 'CertificateIssued', data: { certificateNumber: e.data.certificateNumber, at } };
        if (s.status !== 'in-progress') return [issued];
        const elapsedSeconds = Math.round((Date.parse(at) - Date.parse(s.acceptedAt)) / 1000);
        return [issued, { type: 'HouseTransferCompleted', data: { at, elapsedSeconds, withinPromise: Date.parse(at) <= Date.parse(s.deadlineAt) } }];
      }
      case 'TransferCancelled':
        return s.confirmed.includes('unlock-unit') ? [] : [{ type: 'CompensationConfirmed', data: { step: 'unlock-unit', at } }];
      default:
        return assertNever(e, 'real-estate event');
    }
  }
  const e = c.event;
  switch (e.type) {
    case 'HouseTransferTaxAssessed': {
      if (s.tax !== 'pending') return [];
      const { totals } = e.data;
      return [
        {
          type: 'TaxesAssessed',
          data: { assessmentId: e.data.assessmentId, paymentOrderId: e.data.paymentOrderId, totalFen: totals.totalFen, sellerFen: totals.sellerFen, buyerFen: totals.buyerFen, at },
        },
      ];
    }
    case 'HouseTransferTaxAssessmentRefused':
      return s.tax === 'pending' ? refused(e.data.code, e.data.reason || 'refused by tax') : [];
    case 'PaymentConfirmed':
      return s.paid ? [] : [{ type: 'PaymentReceived', data: { bankTransactionId: e.data.bankTransactionId, paidFen: e.data.amountFen, at } }];
    case 'TaxClearanceGranted':
      return s.paid ? [] : [{ type: 'PaymentReceived', data: { bankTransactionId: e.data.bankTransactionId, paidFen: e.data.paidFen, at } }];
    case 'TaxAssessmentCancelled':
      return s.confirmed.includes('cancel-assessment') ? [] : [{ type: 'CompensationConfirmed', data: { step: 'cancel-assessment', at } }];
    case 'RefundStarted':
      return s.confirmed.includes('refund') ? [] : [{ type: 'CompensationConfirmed', data: { step: 'refund', at } }];
    default:
      return assertNever(e, 'tax event');
  }
}

function timer(c: FireTimer['data'], s: Progress & { status: string }): JointCaseEvent[] {
  if (s.status !== 'in-progress') return [];
  switch (c.timer) {
    case 'promise-warning':
      return s.warned ? [] : [{ type: 'PromiseWarningRaised', data: { at: c.at, deadlineAt: s.deadlineAt } }];
    case 'promise-breach':
      // The promise is broken, but the case goes on: the citizen still gets the certificate.
      return s.breached ? [] : [{ type: 'PromiseBreached', data: { at: c.at, deadlineAt: s.deadlineAt } }];
    case 'payment-window': {
      if (s.paid) return [];
      const reason = 'the transfer taxes were not paid within the payment window';
      return [
        { type: 'PaymentWindowExpired', data: { at: c.at } },
        { type: 'HouseTransferRejected', data: { department: 'joint-window', code: 'payment-window-expired', reason, at: c.at } },
      ];
    }
    default:
      return assertNever(c.timer, 'timer');
  }
}

/**
 * The commands the case now owes: forward (register once the registry holds
 * the tax clearance) or, once rejected, compensation (unlock a locked unit,
 * cancel an assessment — which refunds what was paid). Each is sent once,
 * and only for what a department has confirmed, so nothing races ahead of it.
 */
function followUps(s: JointCase, at: string): JointCaseEvent[] {
  if (s.status === 'none') return [];
  const out: JointCaseEvent[] = [];
  const due = (name: string) => !s.sent.includes(name);
  if (s.status === 'in-progress' && s.property === 'locked' && s.clearanceAtRegistry && due('RegisterTransfer')) {
    const register: RegisterTransferV1 = { transferId: transferIdOf(s.caseId), caseId: s.caseId };
    out.push(send(s.caseId, 'real-estate-registration', 'RegisterTransfer', { ...register }, at));
  }
  if (s.status === 'rejected') {
    const reason = `joint case rejected: ${s.rejection.reason}`;
    if (s.property === 'locked' && !s.ownershipRegistered && !s.confirmed.includes('unlock-unit') && due('CancelTransfer')) {
      const cancel: CancelTransferV1 = { transferId: transferIdOf(s.caseId), caseId: s.caseId, reason };
      out.push(send(s.caseId, 'real-estate-registration', 'CancelTransfer', { ...cancel }, at));
    }
    if (s.tax === 'assessed' && !s.confirmed.includes('cancel-assessment') && due('CancelAssessment')) {
      const cancel: CancelAssessmentV1 = { assessmentId: assessmentIdOf(s.caseId), caseId: s.caseId, reason };
      out.push(send(s.caseId, 'tax', 'CancelAssessment', { ...cancel }, at));
    }
  }
  return out;
}

function decide(command: JointCaseCommand, state: JointCase): JointCaseEvent[] {
  let events: JointCaseEvent[];
  let at: string;
  switch (command.type) {
    case 'SubmitHouseTransfer':
      return submit(command.data, state);
    case 'RecordDepartmentEvent':
      if (state.status === 'none') throw new IllegalStateError('unknown-case', 'no joint case for this department event');
      events = outcome(command.data, state);
      at = command.data.at;
      break;
    case 'FireTimer':
      if (state.status === 'none') return [];
      events = timer(command.data, state);
      at = command.data.at;
      break;
    default:
      return assertNever(command, 'command');
  }
  return [...events, ...followUps(fold(jointCaseDecider, events, state), at)];
}

function evolve(state: JointCase, event: JointCaseEvent): JointCase {
  if (event.type === 'HouseTransferAccepted') {
    const d = event.data;
    return {
      status: 'in-progress',
      caseId: d.caseId,
      catalogVersion: d.catalogVersion,
      acceptedAt: d.acceptedAt,
      warnAt: d.warnAt,
      deadlineAt: d.deadlineAt,
      paymentDueAt: d.paymentDueAt,
      property: 'pending',
      tax: 'pending',
      paid: false,
      clearanceAtRegistry: false,
      ownershipRegistered: false,
      warned: false,
      breached: false,
      sent: [],
      confirmed: [],
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'DepartmentCommandSent':
      return { ...state, sent: [...state.sent, event.data.name] };
    case 'PropertyLocked':
      return { ...state, property: 'locked' };
    case 'TaxesAssessed':
      return { ...state, tax: 'assessed' };
    case 'PaymentReceived':
      return { ...state, paid: true };
    case 'ClearanceRecordedByRegistry':
      return { ...state, clearanceAtRegistry: true };
    case 'OwnershipRegistered':
      return { ...state, ownershipRegistered: true };
    case 'CertificateIssued':
      return { ...state, certificateNumber: event.data.certificateNumber };
    case 'HouseTransferCompleted':
      return { ...state, status: 'completed', completedAt: event.data.at };
    case 'DepartmentRefused':
      return event.data.department === 'tax' ? { ...state, tax: 'refused' } : { ...state, property: 'refused' };
    case 'PaymentWindowExpired':
      return state;
    case 'HouseTransferRejected': {
      const { department, code, reason, at } = event.data;
      return { ...state, status: 'rejected', rejection: { department, code, reason, at } };
    }
    case 'CompensationConfirmed':
      return { ...state, confirmed: [...state.confirmed, event.data.step] };
    case 'PromiseWarningRaised':
      return { ...state, warned: true };
    case 'PromiseBreached':
      return { ...state, breached: true };
    default:
      return assertNever(event, 'event');
  }
}

/** The joint case of a second-hand house transfer: a durable process manager over real-estate and tax. */
export const jointCaseDecider: Decider<JointCase, JointCaseCommand, JointCaseEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};
