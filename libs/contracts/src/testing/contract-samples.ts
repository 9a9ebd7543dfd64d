/** One valid message of each contract type, for the parsers' specs (typed by the contracts, so they stay in step). */
import type { RealEstateCommandDataV1, RealEstateEventDataV1, RealEstateOwner, RealEstateParty } from '../real-estate';
import type { TaxCommandDataV1, TaxEventDataV1 } from '../tax';
import type { CaseLifecycleEvent } from '../case-lifecycle';

const at = '2026-11-28T09:30:00+08:00';
const unitNumber = '500102001001GB00001F00010001';
const seller: RealEstateParty = { name: '张三', idType: 'resident-id', idNumber: '50010219700301011X' };
const buyer: RealEstateOwner = { name: '李四', idType: 'resident-id', idNumber: '500102199007010221', share: { numerator: 1, denominator: 1 } };
const caseId = '0b6d3c2e-1f7a-4c1e-9a51-3a2d4c5e6f70';
const transferId = caseId;
const assessmentId = caseId;
const orderRef = { paymentOrderId: 'po-1', assessmentId, transferId, caseId };

export const REAL_ESTATE_COMMAND_SAMPLES: { readonly [K in keyof RealEstateCommandDataV1]: RealEstateCommandDataV1[K] } = {
  ApplyForSaleTransfer: {
    transferId,
    caseId,
    unitNumber,
    sellers: [seller],
    buyers: [buyer],
    contractNumber: 'HT-2026-001',
    contractPriceFen: 90_000_000,
    lenderConsentMortgageIds: [],
  },
  RegisterTransfer: { transferId, caseId },
  CancelTransfer: { transferId, caseId, reason: 'joint case rejected' },
};

export const REAL_ESTATE_EVENT_SAMPLES: { readonly [K in keyof RealEstateEventDataV1]: RealEstateEventDataV1[K] } = {
  TransferApplied: { ...REAL_ESTATE_COMMAND_SAMPLES.ApplyForSaleTransfer, appliedAt: at },
  TaxClearanceRecorded: { transferId, caseId, clearanceId: 'clr-1', assessmentId, clearedAt: at },
  TransferRegistrationRequested: { transferId, caseId, unitNumber, requestedAt: at },
  OwnershipTransferred: { transferId, caseId, unitNumber, buyers: [buyer], contractPriceFen: 90_000_000, transferredAt: at },
  CertificateIssued: { transferId, caseId, unitNumber, certificateNumber: '渝(2026)涪陵区不动产权第0000001号', owners: [buyer], issuedAt: at },
  TransferCancelled: { transferId, caseId, unitNumber, reason: 'withdrawn', taxClearanceId: null, cancelledAt: at },
  TransferRefused: { transferId, caseId, unitNumber, code: 'unit-seized', reason: 'seized', stage: 'application', taxClearanceId: null, refusedAt: at },
  UnitRegistered: {
    unitNumber,
    location: '涪陵区某路1号',
    areaHundredthsM2: 8950,
    use: 'residential',
    owners: [{ ...seller, share: { numerator: 1, denominator: 1 } }],
    acquisitionDate: '2015-05-01',
    originalPriceFen: null,
    registeredAt: at,
  },
  MortgageRegistered: { unitNumber, mortgageId: 'm-1', lender: 'Bank', amountFen: 10_000_000, registeredAt: at },
  MortgageReleased: { unitNumber, mortgageId: 'm-1', releasedAt: at },
  SeizureRegistered: { unitNumber, court: 'Court', orderNumber: '(2026)渝0102执1号', registeredAt: at },
  SeizureLifted: { unitNumber, court: 'Court', orderNumber: '(2026)渝0102执1号', liftedAt: at },
  ObjectionRegistered: { unitNumber, objectionId: 'o-1', applicantName: '王五', reason: 'disputed', registeredAt: at },
  ObjectionWithdrawn: { unitNumber, objectionId: 'o-1', withdrawnAt: at },
  UnitLockedForTransfer: { unitNumber, transferId, consentedMortgageIds: [], lockedAt: at },
  UnitUnlocked: { unitNumber, transferId, reason: 'cancelled', unlockedAt: at },
  UnitOwnershipTransferred: { unitNumber, transferId, previousOwners: [{ ...seller, share: { numerator: 1, denominator: 1 } }], newOwners: [buyer], priceFen: 90_000_000, transferredAt: at },
};

export const TAX_COMMAND_SAMPLES: { readonly [K in keyof TaxCommandDataV1]: TaxCommandDataV1[K] } = {
  AssessHouseTransferTax: {
    assessmentId,
    transferId,
    caseId,
    unitNumber,
    sellers: [{ residentId: seller.idNumber }],
    buyers: [{ residentId: buyer.idNumber }],
    contractPriceFen: 90_000_000,
    areaM2: '89.50',
    buyerFamilyHome: 'first',
    sellerAcquiredOn: '2015-05-01',
    contractDate: '2026-11-20',
    sellerOnlyHome: true,
    originalCostFen: 60_000_000,
  },
  CancelAssessment: { assessmentId, caseId, reason: 'joint case rejected' },
};

const materials = { setId: 'set-1', documentIds: ['doc-1'] };

export const TAX_EVENT_SAMPLES: { readonly [K in keyof TaxEventDataV1]: TaxEventDataV1[K] } = {
  TaxpayerRegistered: { taxpayerId: 'tp-1', taxpayer: { kind: 'person', residentId: seller.idNumber, name: seller.name }, materials, registeredAt: at },
  TaxpayerDeregistered: { taxpayerId: 'tp-1', reason: 'moved', materials, deregisteredAt: at },
  HouseTransferTaxAssessed: {
    assessmentId,
    transferId,
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
    lines: [{ tax: 'value-added-tax', payer: 'seller', baseFen: 90_000_000, rate: '0.05', divisor: '1.05', amountFen: 0, policyLine: { id: 'vat.exempt', version: '2026-01' } }],
    totals: { sellerFen: 0, buyerFen: 900_000, totalFen: 900_000 },
    assessedAt: at,
  },
  HouseTransferTaxAssessmentRefused: { commandId: 'cmd-1', assessmentId, transferId, caseId, code: 'reference-price-not-found', reason: 'no price', refusedAt: at },
  TaxAssessmentCancelled: { assessmentId, transferId, caseId, reason: 'rejected', cancelledAt: at },
  TaxAssessmentCancellationRefused: { commandId: 'cmd-2', assessmentId, transferId: null, caseId: null, code: 'not-found', reason: 'unknown', refusedAt: at },
  TaxClearanceGranted: { assessmentId, transferId, caseId, paymentOrderId: 'po-1', bankTransactionId: 'bt-1', paidFen: 900_000, grantedAt: at },
  TaxClearanceRevoked: { assessmentId, transferId, caseId, reason: 'rejected', revokedAt: at },
  PaymentOrderIssued: { ...orderRef, amountFen: 900_000, issuedAt: at },
  PaymentConfirmed: { ...orderRef, bankTransactionId: 'bt-1', amountFen: 900_000, paidAt: at },
  PaymentOrderCancelled: { ...orderRef, reason: 'rejected', cancelledAt: at },
  RefundStarted: { ...orderRef, bankTransactionId: 'bt-1', amountFen: 900_000, reason: 'rejected', startedAt: at },
  RefundCompleted: { ...orderRef, bankRefundTransactionId: 'bt-r-1', amountFen: 900_000, completedAt: at },
  ReferencePricesImported: { importId: 'imp-1', format: 'csv', linesRead: 3, imported: 2, rejected: 1, importedAt: at },
};

const ref = { caseId, itemCode: 'BDC-01', catalogVersion: '2018-08', department: 'real-estate', at };

export const LIFECYCLE_SAMPLES: readonly CaseLifecycleEvent[] = [
  { type: 'CaseAccepted', data: { ...ref, window: '8', applicantIds: [seller.idNumber] } },
  { type: 'CaseStepCompleted', data: { ...ref, step: 'review', actor: 'clerk-1' } },
  { type: 'CaseSuspended', data: { ...ref, reason: 'awaiting-materials' } },
  { type: 'CaseResumed', data: ref },
  { type: 'CaseDecided', data: { ...ref, outcome: 'approved' } },
  { type: 'CaseCompleted', data: { ...ref, outcome: 'approved' } },
];
