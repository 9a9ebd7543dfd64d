import { DeciderSpecification, IllegalStateError, NotFoundError, RuleViolation, ValidationError } from '@gov/event-sourcing';
import { residentIds } from '../testing/tax-fixtures';
import type { HouseTransferTaxInput } from './assess-house-transfer';
import type { AssessHouseTransferTax, CancelAssessment, RecordTaxPayment } from './tax-assessment.commands';
import { createTaxAssessmentDecider, taxAssessmentDecider } from './tax-assessment.decider';
import type {
  HouseTransferTaxAssessed,
  TaxAssessmentCancelled,
  TaxClearanceGranted,
  TaxClearanceRevoked,
} from './tax-assessment.events';
import { parseTransferTaxPolicyTable, TRANSFER_TAX_POLICY_TABLE } from './transfer-tax.policy';

const AT = '2018-06-30T09:05:00+08:00';
const PAID_AT = '2018-06-30T09:20:00+08:00';
const CANCELLED_AT = '2018-06-30T09:40:00+08:00';
const V = '2016-05';

const input: HouseTransferTaxInput = {
  contractPriceFen: 85_000_000,
  referencePrice: { kind: 'total', totalFen: 80_000_000 },
  areaM2: '90.00',
  buyerFamilyHome: 'first',
  sellerAcquiredOn: '2015-06-30',
  contractDate: '2018-06-30',
  sellerOnlyHome: true,
  originalCostFen: 60_000_000,
};

const assess = (overrides: Partial<AssessHouseTransferTax['data']> = {}): AssessHouseTransferTax => ({
  type: 'AssessHouseTransferTax',
  data: {
    assessmentId: 'as-1',
    transferId: 'tr-1',
    caseId: 'case-1',
    paymentOrderId: 'po-1',
    unitNumber: '500102001001GB00001F00010001',
    sellers: [{ residentId: residentIds.seller }, { residentId: residentIds.sellerSpouse }],
    buyers: [{ residentId: residentIds.buyer }],
    input,
    policyVersion: V,
    at: AT,
    ...overrides,
  },
});
const recordPayment = (overrides: Partial<RecordTaxPayment['data']> = {}): RecordTaxPayment => ({
  type: 'RecordTaxPayment',
  data: { assessmentId: 'as-1', paymentOrderId: 'po-1', bankTransactionId: 'bank-tx-1', amountFen: 5_850_000, at: PAID_AT, ...overrides },
});
const cancel = (overrides: Partial<CancelAssessment['data']> = {}): CancelAssessment => ({
  type: 'CancelAssessment',
  data: { assessmentId: 'as-1', reason: 'transfer refused: unit seized', at: CANCELLED_AT, ...overrides },
});

const policyLine = (id: string) => ({ id, version: V });
// 85,000,000 fen, first home, exactly 90 m², held 3 years: deed tax 1%, VAT exempt, 20% of a 25,000,000 gain.
const assessed: HouseTransferTaxAssessed = {
  type: 'HouseTransferTaxAssessed',
  data: {
    assessmentId: 'as-1',
    transferId: 'tr-1',
    caseId: 'case-1',
    paymentOrderId: 'po-1',
    unitNumber: '500102001001GB00001F00010001',
    sellers: [{ residentId: residentIds.seller }, { residentId: residentIds.sellerSpouse }],
    buyers: [{ residentId: residentIds.buyer }],
    input,
    policyVersion: V,
    referencePriceFen: 80_000_000,
    taxableBaseFen: 85_000_000,
    taxableBaseSource: 'contract-price',
    sellerHeldFullYears: 3,
    lines: [
      { tax: 'deed-tax', payer: 'buyer', baseFen: 85_000_000, rate: '0.01', amountFen: 850_000, policyLine: policyLine('deed-tax.first-home.up-to-threshold') },
      { tax: 'value-added-tax', payer: 'seller', baseFen: 85_000_000, rate: '0', amountFen: 0, policyLine: policyLine('vat.held-2-years-or-more-exempt') },
      { tax: 'individual-income-tax', payer: 'seller', baseFen: 25_000_000, rate: '0.2', amountFen: 5_000_000, policyLine: policyLine('iit.on-gain') },
      { tax: 'stamp-duty', payer: 'seller', baseFen: 85_000_000, rate: '0', amountFen: 0, policyLine: policyLine('stamp-duty.individual-housing-exempt') },
      { tax: 'stamp-duty', payer: 'buyer', baseFen: 85_000_000, rate: '0', amountFen: 0, policyLine: policyLine('stamp-duty.individual-housing-exempt') },
    ],
    totals: { sellerFen: 5_000_000, buyerFen: 850_000, totalFen: 5_850_000 },
    assessedAt: AT,
  },
};
const cleared: TaxClearanceGranted = {
  type: 'TaxClearanceGranted',
  data: { assessmentId: 'as-1', transferId: 'tr-1', caseId: 'case-1', paymentOrderId: 'po-1', bankTransactionId: 'bank-tx-1', paidFen: 5_850_000, grantedAt: PAID_AT },
};
const cancelled: TaxAssessmentCancelled = {
  type: 'TaxAssessmentCancelled',
  data: { assessmentId: 'as-1', transferId: 'tr-1', caseId: 'case-1', reason: 'transfer refused: unit seized', cancelledAt: CANCELLED_AT },
};
const revoked: TaxClearanceRevoked = {
  type: 'TaxClearanceRevoked',
  data: { assessmentId: 'as-1', transferId: 'tr-1', caseId: 'case-1', reason: 'transfer refused: unit seized', revokedAt: CANCELLED_AT },
};

describe('taxAssessmentDecider', () => {
  const given = DeciderSpecification.for(taxAssessmentDecider);

  describe('AssessHouseTransferTax', () => {
    it('records the itemised assessment with the policy lines it applied', () => {
      given([]).when(assess()).then([assessed]);
    });

    it('refuses a second assessment on the same stream', () => {
      given([assessed]).when(assess()).thenThrows<IllegalStateError>(IllegalStateError, (e) => expect(e.code).toBe('assessment-exists'));
    });

    it('refuses structurally wrong parties, input and policy version, naming every field', () => {
      given([])
        .when(
          assess({
            sellers: [{ residentId: '5001021980010100' }],
            buyers: [],
            paymentOrderId: ' ',
            input: { ...input, areaM2: '90.5.1', originalCostFen: 1.5 },
            policyVersion: '1999-01',
          }),
        )
        .thenThrows<ValidationError>(ValidationError, (e) =>
          expect(e.issues.map((i) => i.field)).toEqual([
            'paymentOrderId',
            'sellers[0].residentId',
            'buyers',
            'input.areaM2',
            'input.originalCostFen',
            'policyVersion',
          ]),
        );
    });

    it('refuses a person on both sides, or listed twice', () => {
      given([])
        .when(assess({ sellers: [{ residentId: residentIds.seller }, { residentId: residentIds.seller }], buyers: [{ residentId: residentIds.seller }] }))
        .thenThrows<ValidationError>(ValidationError, (e) => expect(e.issues.map((i) => i.field)).toEqual(['sellers', 'buyers']));
    });

    it('refuses a policy version not in force on the contract date', () => {
      given([])
        .when(assess({ input: { ...input, sellerAcquiredOn: '2010-01-01', contractDate: '2016-03-01' } }))
        .thenThrows<RuleViolation>(RuleViolation, (e) => expect(e.code).toBe('policy-not-effective'));
    });

    it('clears at once when nothing is due', () => {
      const raw = JSON.parse(JSON.stringify(TRANSFER_TAX_POLICY_TABLE));
      raw.versions[0].deedTax.brackets[0].rate = '0';
      const sut = createTaxAssessmentDecider(parseTransferTaxPolicyTable(raw));
      // First home ≤90 m² at 0%, five-and-only seller: every line is zero.
      const exemptInput = { ...input, sellerAcquiredOn: '2010-01-01' };
      const events = sut.decide(assess({ input: exemptInput }), sut.initialState());
      expect(events.map((e) => e.type)).toEqual(['HouseTransferTaxAssessed', 'TaxClearanceGranted']);
      expect(events[0].data).toMatchObject({ caseId: 'case-1', paymentOrderId: null });
      expect(events[1].data).toEqual({
        assessmentId: 'as-1',
        transferId: 'tr-1',
        caseId: 'case-1',
        paymentOrderId: null,
        bankTransactionId: null,
        paidFen: 0,
        grantedAt: AT,
      });
    });
  });

  describe('RecordTaxPayment', () => {
    it('grants clearance for the transfer when the assessed total is paid', () => {
      given([assessed]).when(recordPayment()).then([cleared]);
    });

    it('is harmless when the same bank transaction is recorded again', () => {
      given([assessed, cleared]).when(recordPayment()).thenNothingHappened();
    });

    it('refuses a different payment on a cleared assessment', () => {
      given([assessed, cleared])
        .when(recordPayment({ bankTransactionId: 'bank-tx-2' }))
        .thenThrows<IllegalStateError>(IllegalStateError, (e) => expect(e.code).toBe('assessment-already-cleared'));
    });

    it('refuses a wrong amount, naming it', () => {
      given([assessed])
        .when(recordPayment({ amountFen: 5_849_999 }))
        .thenThrows<RuleViolation>(RuleViolation, (e) => {
          expect(e.code).toBe('payment-amount-mismatch');
          expect(e.message).toBe('payment of 5849999 fen does not match the assessed 5850000 fen');
        });
    });

    it('never clears a cancelled assessment (the payment order refunds)', () => {
      given([assessed, cancelled]).when(recordPayment()).thenNothingHappened();
    });

    it('refuses an unknown assessment and a malformed payment', () => {
      given([]).when(recordPayment()).thenThrows(NotFoundError);
      given([assessed])
        .when(recordPayment({ bankTransactionId: '', amountFen: -5 }))
        .thenThrows<ValidationError>(ValidationError, (e) => expect(e.issues.map((i) => i.field)).toEqual(['bankTransactionId', 'amountFen']));
    });
  });

  describe('CancelAssessment', () => {
    it('cancels an unpaid assessment', () => {
      given([assessed]).when(cancel()).then([cancelled]);
    });

    it('cancels a paid one and revokes its clearance; the payment order starts the refund', () => {
      given([assessed, cleared]).when(cancel()).then([cancelled, revoked]);
    });

    it('is idempotent', () => {
      given([assessed, cancelled]).when(cancel({ reason: 'again' })).thenNothingHappened();
    });

    it('refuses an unknown assessment and a cancellation without a reason', () => {
      given([]).when(cancel()).thenThrows(NotFoundError);
      given([assessed])
        .when(cancel({ reason: ' ' }))
        .thenThrows<ValidationError>(ValidationError, (e) => expect(e.issues.map((i) => i.field)).toEqual(['reason']));
    });
  });
});
