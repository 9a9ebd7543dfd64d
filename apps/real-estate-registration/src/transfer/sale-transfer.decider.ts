import { Validation, assertNever, IllegalStateError, NotFoundError, RuleViolation, type Decider } from '@gov/event-sourcing';
import { CALLER_ID, INSTANT, POSITIVE_FEN, asOfInstant } from '@gov/service-standards';
import {
  certificateYearOf,
  DEFAULT_CERTIFICATE_NUMBER_FORMAT,
  formatCertificateNumber,
  isValidCertificateNumber,
  parseCertificateNumber,
  type CertificateNumberFormat,
} from '../certificate/certificate-number';
import { checkOwners, checkParties, copyOwner, copyParty, sameParties, type Owner, type Party } from '../domain/party';
import { isValidUnitNumber, UNIT_NUMBER_RULE } from '@gov/identity';

import { assertConsentsKnown, assertTransferable } from '../register/transferability.policy';
import type {
  ApplyForSaleTransfer,
  CancelTransfer,
  IssueCertificate,
  RecordTaxClearance,
  RefuseApplication,
  RefuseTransfer,
  RegisterTransfer,
  SaleTransferCommand,
} from './sale-transfer.commands';
import type { SaleTransferEvent } from './sale-transfer.events';

export interface SaleTransferApplication {
  readonly transferId: string;
  readonly caseId: string | null;
  readonly unitNumber: string;
  readonly sellers: readonly Party[];
  readonly buyers: readonly Owner[];
  readonly contractNumber: string;
  readonly contractPriceFen: number;
  readonly lenderConsentMortgageIds: readonly string[];
  readonly appliedAt: string;
}

export interface TaxClearance {
  readonly clearanceId: string;
  readonly assessmentId: string;
  readonly clearedAt: string;
}

export interface IssuedCertificate {
  readonly certificateNumber: string;
  readonly issuedAt: string;
}

export type SaleTransferState =
  | { readonly status: 'not-applied' }
  | {
      readonly status: 'awaiting-tax-clearance';
      readonly application: SaleTransferApplication;
      /** Set when RegisterTransfer came first: registration follows the clearance at once. */
      readonly registrationRequestedAt: string | null;
    }
  | {
      readonly status: 'tax-cleared';
      readonly application: SaleTransferApplication;
      readonly taxClearance: TaxClearance;
      readonly registrationRequestedAt: string | null;
    }
  | {
      readonly status: 'ownership-transferred';
      readonly application: SaleTransferApplication;
      readonly taxClearance: TaxClearance;
      readonly transferredAt: string;
    }
  | {
      readonly status: 'completed';
      readonly application: SaleTransferApplication;
      readonly taxClearance: TaxClearance;
      readonly transferredAt: string;
      readonly certificate: IssuedCertificate;
    }
  | {
      readonly status: 'cancelled';
      readonly application: SaleTransferApplication;
      readonly taxClearance: TaxClearance | null;
      readonly reason: string;
      readonly cancelledAt: string;
    }
  | {
      readonly status: 'refused';
      readonly application: SaleTransferApplication;
      readonly taxClearance: TaxClearance | null;
      readonly code: string;
      readonly reason: string;
      readonly refusedAt: string;
    }
  | {
      /** Never accepted: nothing was locked, the transfer id is spent. */
      readonly status: 'application-refused';
      readonly transferId: string;
      readonly unitNumber: string;
      readonly code: string;
      readonly reason: string;
      readonly refusedAt: string;
    };

export type SaleTransferStatus = SaleTransferState['status'];
type Applied = Exclude<SaleTransferState, { status: 'not-applied' | 'application-refused' }>;

const MAX_CONTRACT_NUMBER = 64;
const MAX_REASON = 500;
const MAX_CONSENTS = 100;
const MAX_UNIT_NUMBER_ECHO = 100;
export const DEFAULT_REFUSAL_CODE = 'registration-refused';

export interface SaleTransferDeciderOptions {
  /** Province and district of certificate numbers, from configuration. */
  readonly certificateNumbers?: CertificateNumberFormat;
}

/**
 * The second-hand sale transfer (二手房买卖转移登记): apply → awaiting tax
 * clearance → tax cleared → ownership transferred → completed with a certificate;
 * cancel or refuse before the owners are registered.
 */
export function createSaleTransferDecider(
  options: SaleTransferDeciderOptions = {},
): Decider<SaleTransferState, SaleTransferCommand, SaleTransferEvent> {
  const format = options.certificateNumbers ?? DEFAULT_CERTIFICATE_NUMBER_FORMAT;
  return {
    initialState: () => ({ status: 'not-applied' }),
    evolve,
    decide: (command, state) => {
      switch (command.type) {
        case 'ApplyForSaleTransfer':
          return apply(command.data, state);
        case 'RecordTaxClearance':
          return recordTaxClearance(command.data, state);
        case 'RegisterTransfer':
          return registerTransfer(command.data, state);
        case 'IssueCertificate':
          return issueCertificate(command.data, state, format);
        case 'CancelTransfer':
          return close(command, state);
        case 'RefuseTransfer':
          return close(command, state);
        case 'RefuseApplication':
          return refuseApplication(command.data, state);
        default:
          return assertNever(command, 'command');
      }
    },
  };
}

export const saleTransferDecider = createSaleTransferDecider();

function apply(data: ApplyForSaleTransfer['data'], state: SaleTransferState): SaleTransferEvent[] {
  const issues = new Validation();
  issues.require('transferId', data.transferId, CALLER_ID);
  if (data.caseId !== undefined && data.caseId !== null) issues.require('caseId', data.caseId, CALLER_ID);
  if (!isValidUnitNumber(data.unitNumber)) issues.add('unitNumber', UNIT_NUMBER_RULE);
  const asOf = asOfInstant(data.at);
  checkParties(issues, 'sellers', data.sellers, asOf);
  checkOwners(issues, 'buyers', data.buyers, asOf);
  issues.text('contractNumber', data.contractNumber, MAX_CONTRACT_NUMBER);
  issues.require('contractPriceFen', data.contractPriceFen, POSITIVE_FEN);
  if (issues.list<unknown>('lenderConsentMortgageIds', data.lenderConsentMortgageIds, { min: 0, max: MAX_CONSENTS })) {
    data.lenderConsentMortgageIds.forEach((id, i) => issues.require(`lenderConsentMortgageIds[${i}]`, id, CALLER_ID));
    if (new Set(data.lenderConsentMortgageIds).size !== data.lenderConsentMortgageIds.length) {
      issues.add('lenderConsentMortgageIds', 'must not repeat a mortgage');
    }
  }
  issues.require('at', data.at, INSTANT);
  if (typeof data.unit !== 'object') issues.add('unit', 'the unit view is required');
  issues.throwIfAny();

  if (state.status === 'application-refused') throw new IllegalStateError('transfer-closed', 'the application was refused');
  if (state.status !== 'not-applied') {
    throw new IllegalStateError('transfer-already-applied', `transfer ${data.transferId} has already been applied for`);
  }
  const unit = data.unit;
  if (unit === null) throw new NotFoundError('real-estate unit', data.unitNumber);
  if (unit.unitNumber !== data.unitNumber) {
    throw new IllegalStateError('unit-number-mismatch', 'the unit view supplied is of a different unit');
  }
  // A unit reserved by one application is not open to a second (the unit stream enforces it under concurrency).
  if (unit.lockedByTransferId !== null && unit.lockedByTransferId !== data.transferId) {
    throw new IllegalStateError('unit-locked-for-transfer', 'the unit is locked for another transfer');
  }
  // Only the registered owners, all of them, can sell; counts only, so owners' ids don't leak to the applicant.
  if (!sameParties(data.sellers, unit.owners)) {
    throw new RuleViolation('sellers-not-owners', 'the sellers must be exactly the registered owners of the unit', {
      owners: unit.owners.length,
      sellers: data.sellers.length,
    });
  }
  assertConsentsKnown(unit, data.lenderConsentMortgageIds);
  assertTransferable(unit, data.lenderConsentMortgageIds);
  return [
    {
      type: 'TransferApplied',
      data: {
        transferId: data.transferId,
        caseId: data.caseId ?? null,
        unitNumber: data.unitNumber,
        sellers: data.sellers.map(copyParty),
        buyers: data.buyers.map(copyOwner),
        contractNumber: data.contractNumber,
        contractPriceFen: data.contractPriceFen,
        lenderConsentMortgageIds: [...data.lenderConsentMortgageIds],
        appliedAt: data.at,
      },
    },
  ];
}

function recordTaxClearance(data: RecordTaxClearance['data'], state: SaleTransferState): SaleTransferEvent[] {
  const issues = new Validation();
  issues.require('transferId', data.transferId, CALLER_ID);
  issues.require('clearanceId', data.clearanceId, CALLER_ID);
  issues.require('assessmentId', data.assessmentId, CALLER_ID);
  issues.require('at', data.at, INSTANT);
  issues.throwIfAny();
  const transfer = applied(state, data.transferId);
  switch (transfer.status) {
    case 'awaiting-tax-clearance':
      return [
        {
          type: 'TaxClearanceRecorded',
          data: { transferId: data.transferId, caseId: transfer.application.caseId, clearanceId: data.clearanceId, assessmentId: data.assessmentId, clearedAt: data.at },
        },
      ];
    case 'tax-cleared':
    case 'ownership-transferred':
    case 'completed':
      // The same clearance delivered again changes nothing.
      if (transfer.taxClearance.clearanceId === data.clearanceId) return [];
      throw new IllegalStateError('tax-clearance-already-recorded', 'another tax clearance is already recorded for this transfer');
    case 'cancelled':
    case 'refused':
      throw closed(transfer);
    default:
      return assertNever(transfer, 'state');
  }
}

function registerTransfer(data: RegisterTransfer['data'], state: SaleTransferState): SaleTransferEvent[] {
  const issues = new Validation();
  issues.require('transferId', data.transferId, CALLER_ID);
  issues.require('at', data.at, INSTANT);
  issues.throwIfAny();
  const transfer = applied(state, data.transferId);
  switch (transfer.status) {
    case 'awaiting-tax-clearance':
      if (data.deferUntilTaxCleared === true) {
        if (transfer.registrationRequestedAt !== null) return [];
        return [
          {
            type: 'TransferRegistrationRequested',
            data: { transferId: data.transferId, caseId: transfer.application.caseId, unitNumber: transfer.application.unitNumber, requestedAt: data.at },
          },
        ];
      }
      // The new owner is registered only after the transfer taxes are paid.
      throw new IllegalStateError('awaiting-tax-clearance', 'the transfer taxes are not cleared yet');
    case 'tax-cleared': {
      const { application } = transfer;
      return [
        {
          type: 'OwnershipTransferred',
          data: {
            transferId: application.transferId,
            caseId: application.caseId,
            unitNumber: application.unitNumber,
            buyers: application.buyers.map(copyOwner),
            contractPriceFen: application.contractPriceFen,
            transferredAt: data.at,
          },
        },
      ];
    }
    case 'ownership-transferred':
    case 'completed':
      throw new IllegalStateError('transfer-already-registered', 'the new owners are already registered');
    case 'cancelled':
    case 'refused':
      throw closed(transfer);
    default:
      return assertNever(transfer, 'state');
  }
}

function issueCertificate(data: IssueCertificate['data'], state: SaleTransferState, format: CertificateNumberFormat): SaleTransferEvent[] {
  const issues = new Validation();
  issues.require('transferId', data.transferId, CALLER_ID);
  const atOk = issues.require('at', data.at, INSTANT);
  if (!isValidCertificateNumber(data.certificateNumber, format)) {
    issues.add('certificateNumber', `must look like ${formatCertificateNumber({ year: 2018, serial: 1234 }, format)}`);
  } else {
    const parts = parseCertificateNumber(data.certificateNumber, format);
    if (formatCertificateNumber(parts, format) !== data.certificateNumber) {
      issues.add('certificateNumber', 'must be in its canonical spelling, with ASCII brackets');
    } else if (atOk && parts.year !== certificateYearOf(data.at)) {
      // Serials run per year of issue, so a number of another year would break the sequence.
      issues.add('certificateNumber', 'year must be the year of issue (China time)');
    }
  }
  issues.throwIfAny();
  const transfer = applied(state, data.transferId);
  switch (transfer.status) {
    case 'ownership-transferred': {
      const { application } = transfer;
      return [
        {
          type: 'CertificateIssued',
          data: {
            transferId: application.transferId,
            caseId: application.caseId,
            unitNumber: application.unitNumber,
            certificateNumber: data.certificateNumber,
            owners: application.buyers.map(copyOwner),
            issuedAt: data.at,
          },
        },
      ];
    }
    case 'awaiting-tax-clearance':
    case 'tax-cleared':
      throw new IllegalStateError('transfer-not-registered', 'the certificate is issued only after the new owners are registered');
    case 'completed':
      // Refused, not ignored: the handler has just drawn a serial, and the rollback is what keeps the sequence gapless.
      throw new IllegalStateError('certificate-already-issued', 'a certificate has already been issued for this transfer');
    case 'cancelled':
    case 'refused':
      throw closed(transfer);
    default:
      return assertNever(transfer, 'state');
  }
}

function close(command: CancelTransfer | RefuseTransfer, state: SaleTransferState): SaleTransferEvent[] {
  const { data } = command;
  const issues = new Validation();
  issues.require('transferId', data.transferId, CALLER_ID);
  issues.text('reason', data.reason, MAX_REASON);
  if (command.type === 'RefuseTransfer' && command.data.code !== undefined) issues.require('code', command.data.code, CALLER_ID);
  issues.require('at', data.at, INSTANT);
  issues.throwIfAny();
  const transfer = applied(state, data.transferId);
  switch (transfer.status) {
    case 'awaiting-tax-clearance':
    case 'tax-cleared': {
      const common = {
        transferId: transfer.application.transferId,
        caseId: transfer.application.caseId,
        unitNumber: transfer.application.unitNumber,
        reason: data.reason,
        taxClearanceId: transfer.status === 'tax-cleared' ? transfer.taxClearance.clearanceId : null,
      };
      if (command.type === 'CancelTransfer') return [{ type: 'TransferCancelled', data: { ...common, cancelledAt: data.at } }];
      const { transferId, caseId, unitNumber, reason, taxClearanceId } = common;
      const code = command.data.code ?? DEFAULT_REFUSAL_CODE;
      return [{ type: 'TransferRefused', data: { transferId, caseId, unitNumber, code, reason, stage: 'registration', taxClearanceId, refusedAt: data.at } }];
    }
    case 'ownership-transferred':
    case 'completed':
      // Registered owners are undone only by a correction registration, not by cancelling.
      throw new IllegalStateError('transfer-already-registered', 'the new owners are already registered');
    case 'cancelled':
    case 'refused':
      throw closed(transfer);
    default:
      return assertNever(transfer, 'state');
  }
}

function refuseApplication(data: RefuseApplication['data'], state: SaleTransferState): SaleTransferEvent[] {
  const issues = new Validation();
  issues.require('transferId', data.transferId, CALLER_ID);
  if (typeof data.unitNumber !== 'string' || data.unitNumber.length > MAX_UNIT_NUMBER_ECHO) {
    issues.add('unitNumber', `must be text of at most ${MAX_UNIT_NUMBER_ECHO} characters`);
  }
  if (data.caseId !== null) issues.require('caseId', data.caseId, CALLER_ID);
  issues.require('code', data.code, CALLER_ID);
  issues.text('reason', data.reason, MAX_REASON);
  issues.require('at', data.at, INSTANT);
  issues.throwIfAny();
  switch (state.status) {
    case 'not-applied':
      return [
        {
          type: 'TransferRefused',
          data: {
            transferId: data.transferId,
            caseId: data.caseId,
            unitNumber: data.unitNumber,
            code: data.code,
            reason: data.reason,
            stage: 'application',
            taxClearanceId: null,
            refusedAt: data.at,
          },
        },
      ];
    case 'application-refused':
      // Already refused: the sender has its answer.
      return [];
    default:
      throw new IllegalStateError('transfer-already-applied', `transfer ${data.transferId} has already been applied for`);
  }
}

function evolve(state: SaleTransferState, event: SaleTransferEvent): SaleTransferState {
  switch (event.type) {
    case 'TransferApplied': {
      const { appliedAt, caseId, ...rest } = event.data;
      // Events recorded before the case id existed have none.
      return { status: 'awaiting-tax-clearance', application: { ...rest, caseId: caseId ?? null, appliedAt }, registrationRequestedAt: null };
    }
    case 'TaxClearanceRecorded': {
      if (state.status !== 'awaiting-tax-clearance') return state;
      const { clearanceId, assessmentId, clearedAt } = event.data;
      return {
        status: 'tax-cleared',
        application: state.application,
        taxClearance: { clearanceId, assessmentId, clearedAt },
        registrationRequestedAt: state.registrationRequestedAt,
      };
    }
    case 'TransferRegistrationRequested':
      if (state.status !== 'awaiting-tax-clearance') return state;
      return { ...state, registrationRequestedAt: event.data.requestedAt };
    case 'OwnershipTransferred':
      if (state.status !== 'tax-cleared') return state;
      return {
        status: 'ownership-transferred',
        application: state.application,
        taxClearance: state.taxClearance,
        transferredAt: event.data.transferredAt,
      };
    case 'CertificateIssued':
      if (state.status !== 'ownership-transferred') return state;
      return {
        ...state,
        status: 'completed',
        certificate: { certificateNumber: event.data.certificateNumber, issuedAt: event.data.issuedAt },
      };
    case 'TransferCancelled':
      if (state.status === 'not-applied' || state.status === 'application-refused') return state;
      return {
        status: 'cancelled',
        application: state.application,
        taxClearance: 'taxClearance' in state ? state.taxClearance : null,
        reason: event.data.reason,
        cancelledAt: event.data.cancelledAt,
      };
    case 'TransferRefused':
      if (state.status === 'not-applied') {
        const { transferId, unitNumber, code, reason, refusedAt } = event.data;
        return { status: 'application-refused', transferId, unitNumber, code, reason, refusedAt };
      }
      if (state.status === 'application-refused') return state;
      return {
        status: 'refused',
        application: state.application,
        taxClearance: 'taxClearance' in state ? state.taxClearance : null,
        code: event.data.code ?? DEFAULT_REFUSAL_CODE,
        reason: event.data.reason,
        refusedAt: event.data.refusedAt,
      };
    default:
      return assertNever(event, 'event');
  }
}

function applied(state: SaleTransferState, transferId: string): Applied {
  if (state.status === 'not-applied') throw new NotFoundError('sale transfer', transferId);
  if (state.status === 'application-refused') throw new IllegalStateError('transfer-closed', 'the application was refused');
  // The handler loaded the wrong stream: refuse rather than write to it.
  if (state.application.transferId !== transferId) {
    throw new IllegalStateError('transfer-id-mismatch', 'the command names a different transfer than the stream it was run on');
  }
  return state;
}

function closed(transfer: Extract<SaleTransferState, { status: 'cancelled' | 'refused' }>): IllegalStateError {
  return new IllegalStateError('transfer-closed', `the transfer was ${transfer.status}`);
}
