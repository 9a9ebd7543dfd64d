import { assertNever, IllegalStateError, NotFoundError, RuleViolation, type Decider, Validation } from '@gov/event-sourcing';
import { assessHouseTransfer, houseTransferTaxInputIssues } from './assess-house-transfer';
import type {
  AssessHouseTransferTax,
  CancelAssessment,
  RecordTaxPayment,
  TaxAssessmentCommand,
  TransferParty,
} from './tax-assessment.commands';
import type { TaxAssessmentEvent } from './tax-assessment.events';
import {
  findTransferTaxPolicy,
  TRANSFER_TAX_POLICY_TABLE,
  type TransferTaxPolicy,
  type TransferTaxPolicyTable,
} from './transfer-tax.policy';
import { isInstant, isNonBlank, isFen, asOfInstant } from '@gov/service-standards';
import { isValidResidentId } from '@gov/identity';

/*
 * One stream per assessment. Clearance lives here: only this stream knows
 * whether the assessment was cancelled, so a payment that lands after a
 * cancellation can never clear the transfer. Money (payment, refund) lives on
 * the payment order, which alone knows whether money arrived.
 */

interface AssessmentRef {
  readonly assessmentId: string;
  readonly transferId: string;
  readonly caseId: string | null;
  readonly totalFen: number;
  /** Fixes the case's catalog version for every later lifecycle event. */
  readonly assessedAt: string;
  /** The order issued with the assessment (none for a zero total). */
  readonly issuedPaymentOrderId: string | null;
}

export type TaxAssessmentState =
  | { readonly status: 'none' }
  | (AssessmentRef & { readonly status: 'assessed' })
  | (AssessmentRef & {
      readonly status: 'cleared';
      readonly paymentOrderId: string | null;
      readonly bankTransactionId: string | null;
      readonly clearedAt: string;
    })
  | (AssessmentRef & { readonly status: 'cancelled'; readonly reason: string; readonly cancelledAt: string });

export function createTaxAssessmentDecider(
  policies: TransferTaxPolicyTable,
): Decider<TaxAssessmentState, TaxAssessmentCommand, TaxAssessmentEvent> {
  return {
    initialState: () => ({ status: 'none' }),
    evolve,
    decide: (command, state) => {
      switch (command.type) {
        case 'AssessHouseTransferTax':
          return assess(policies, command, state);
        case 'RecordTaxPayment':
          return recordPayment(command, state);
        case 'CancelAssessment':
          return cancel(command, state);
        default:
          return assertNever(command, 'tax assessment command');
      }
    },
  };
}

export const taxAssessmentDecider = createTaxAssessmentDecider(TRANSFER_TAX_POLICY_TABLE);

function evolve(state: TaxAssessmentState, event: TaxAssessmentEvent): TaxAssessmentState {
  switch (event.type) {
    case 'HouseTransferTaxAssessed':
      return {
        status: 'assessed',
        assessmentId: event.data.assessmentId,
        transferId: event.data.transferId,
        caseId: event.data.caseId,
        totalFen: event.data.totals.totalFen,
        assessedAt: event.data.assessedAt,
        issuedPaymentOrderId: event.data.paymentOrderId,
      };
    case 'TaxClearanceGranted':
      if (state.status !== 'assessed') return state;
      return {
        status: 'cleared',
        assessmentId: state.assessmentId,
        transferId: state.transferId,
        caseId: state.caseId,
        totalFen: state.totalFen,
        assessedAt: state.assessedAt,
        issuedPaymentOrderId: state.issuedPaymentOrderId,
        paymentOrderId: event.data.paymentOrderId,
        bankTransactionId: event.data.bankTransactionId,
        clearedAt: event.data.grantedAt,
      };
    case 'TaxAssessmentCancelled':
      if (state.status === 'none' || state.status === 'cancelled') return state;
      return {
        status: 'cancelled',
        assessmentId: state.assessmentId,
        transferId: state.transferId,
        caseId: state.caseId,
        totalFen: state.totalFen,
        assessedAt: state.assessedAt,
        issuedPaymentOrderId: state.issuedPaymentOrderId,
        reason: event.data.reason,
        cancelledAt: event.data.cancelledAt,
      };
    case 'TaxClearanceRevoked':
      return state;
    default:
      return assertNever(event, 'tax assessment event');
  }
}

function assess(policies: TransferTaxPolicyTable, { data }: AssessHouseTransferTax, state: TaxAssessmentState): TaxAssessmentEvent[] {
  const issues = new Validation();
  issues.check(isNonBlank(data.assessmentId), 'assessmentId', 'is required');
  issues.check(isNonBlank(data.transferId), 'transferId', 'is required');
  issues.check(data.caseId === null || isNonBlank(data.caseId), 'caseId', 'must be null or an id');
  issues.check(isNonBlank(data.paymentOrderId), 'paymentOrderId', 'is required');
  issues.check(isNonBlank(data.unitNumber), 'unitNumber', 'is required');
  issues.check(isInstant(data.at), 'at', 'must be an ISO 8601 instant');
  checkParties(issues, 'sellers', data.sellers, asOfInstant(data.at));
  checkParties(issues, 'buyers', data.buyers, asOfInstant(data.at));
  if (Array.isArray(data.sellers) && Array.isArray(data.buyers)) {
    const sellers = new Set(data.sellers.map((p) => p?.residentId));
    issues.check(!data.buyers.some((p) => sellers.has(p?.residentId)), 'buyers', 'a seller cannot also be a buyer');
  }
  if (data.input === null || typeof data.input !== 'object') issues.add('input', 'is required');
  else for (const issue of houseTransferTaxInputIssues(data.input, 'input.')) issues.add(issue.field, issue.message);
  const policy = isNonBlank(data.policyVersion) ? findTransferTaxPolicy(policies, data.policyVersion) : undefined;
  issues.check(policy !== undefined, 'policyVersion', 'is not a known transfer-tax policy version');
  issues.throwIfAny();

  if (state.status !== 'none') {
    throw new IllegalStateError('assessment-exists', `assessment ${state.assessmentId} already exists (${state.status})`);
  }
  // Refuses (RuleViolation) a version not in force on the contract date.
  const assessment = assessHouseTransfer(data.input, policy as TransferTaxPolicy);
  const assessed: TaxAssessmentEvent = {
    type: 'HouseTransferTaxAssessed',
    data: {
      assessmentId: data.assessmentId,
      transferId: data.transferId,
      caseId: data.caseId,
      paymentOrderId: assessment.totals.totalFen > 0 ? data.paymentOrderId : null,
      unitNumber: data.unitNumber,
      sellers: data.sellers.map((p) => ({ residentId: p.residentId })),
      buyers: data.buyers.map((p) => ({ residentId: p.residentId })),
      input: data.input,
      ...assessment,
      assessedAt: data.at,
    },
  };
  if (assessment.totals.totalFen > 0) return [assessed];
  // Nothing due (every line exempt): clear at once, no payment order needed.
  return [
    assessed,
    {
      type: 'TaxClearanceGranted',
      data: {
        assessmentId: data.assessmentId,
        transferId: data.transferId,
        caseId: data.caseId,
        paymentOrderId: null,
        bankTransactionId: null,
        paidFen: 0,
        grantedAt: data.at,
      },
    },
  ];
}

function recordPayment({ data }: RecordTaxPayment, state: TaxAssessmentState): TaxAssessmentEvent[] {
  const issues = new Validation();
  issues.check(isNonBlank(data.assessmentId), 'assessmentId', 'is required');
  issues.check(isNonBlank(data.paymentOrderId), 'paymentOrderId', 'is required');
  issues.check(isNonBlank(data.bankTransactionId), 'bankTransactionId', 'is required');
  issues.check(isFen(data.amountFen), 'amountFen', 'must be an integer amount in fen');
  issues.check(isInstant(data.at), 'at', 'must be an ISO 8601 instant');
  issues.throwIfAny();

  switch (state.status) {
    case 'none':
      throw new NotFoundError('tax assessment', data.assessmentId);
    case 'cancelled':
      // The payment order refunds money that arrives after cancellation; nothing to clear.
      return [];
    case 'cleared':
      if (state.bankTransactionId === data.bankTransactionId) return [];
      throw new IllegalStateError(
        'assessment-already-cleared',
        `assessment ${state.assessmentId} is already cleared by another payment`,
        { bankTransactionId: data.bankTransactionId },
      );
    case 'assessed':
      if (data.amountFen !== state.totalFen) {
        throw new RuleViolation(
          'payment-amount-mismatch',
          `payment of ${data.amountFen} fen does not match the assessed ${state.totalFen} fen`,
          { expectedFen: state.totalFen, receivedFen: data.amountFen },
        );
      }
      return [
        {
          type: 'TaxClearanceGranted',
          data: {
            assessmentId: state.assessmentId,
            transferId: state.transferId,
            caseId: state.caseId,
            paymentOrderId: data.paymentOrderId,
            bankTransactionId: data.bankTransactionId,
            paidFen: data.amountFen,
            grantedAt: data.at,
          },
        },
      ];
    default:
      return assertNever(state, 'tax assessment state');
  }
}

function cancel({ data }: CancelAssessment, state: TaxAssessmentState): TaxAssessmentEvent[] {
  const issues = new Validation();
  issues.check(isNonBlank(data.assessmentId), 'assessmentId', 'is required');
  issues.check(isNonBlank(data.reason), 'reason', 'is required');
  issues.check(isInstant(data.at), 'at', 'must be an ISO 8601 instant');
  issues.throwIfAny();

  switch (state.status) {
    case 'none':
      throw new NotFoundError('tax assessment', data.assessmentId);
    case 'cancelled':
      // A compensation may arrive twice; cancelling is idempotent.
      return [];
    case 'assessed':
    case 'cleared': {
      const ref = { assessmentId: state.assessmentId, transferId: state.transferId, caseId: state.caseId };
      const cancelled: TaxAssessmentEvent = {
        type: 'TaxAssessmentCancelled',
        data: { ...ref, reason: data.reason, cancelledAt: data.at },
      };
      if (state.status === 'assessed') return [cancelled];
      return [cancelled, { type: 'TaxClearanceRevoked', data: { ...ref, reason: data.reason, revokedAt: data.at } }];
    }
    default:
      return assertNever(state, 'tax assessment state');
  }
}

function checkParties(issues: Validation, field: 'sellers' | 'buyers', parties: readonly TransferParty[] | undefined, asOf: Date): void {
  if (!Array.isArray(parties) || parties.length === 0) {
    issues.add(field, 'must name at least one party');
    return;
  }
  parties.forEach((p, i) => issues.check(isValidResidentId(p?.residentId, asOf), `${field}[${i}].residentId`, 'must be a valid resident identity number (GB 11643)'));
  issues.check(new Set(parties.map((p) => p?.residentId)).size === parties.length, field, 'lists a party twice');
}
