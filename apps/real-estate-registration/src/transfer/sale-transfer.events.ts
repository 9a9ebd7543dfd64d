import type { DomainEvent } from '@gov/event-sourcing';
import type { Owner, Party } from '../domain/party';

/**
 * Stream per transfer application: `sale-transfer-<transferId>`. Every event
 * names the transfer's `caseId` (the sender's case, null when none); events
 * stored before schema version 2 are read with caseId null (REAL_ESTATE_MESSAGE_VERSIONS).
 */
export const saleTransferStreamId = (transferId: string): string => `sale-transfer-${transferId}`;

/** Accepted after the checks; the handler locks the unit in the same transaction (see unit-effects.policy). */
export type TransferApplied = DomainEvent<
  'TransferApplied',
  {
    transferId: string;
    /** The joint case that sent the application; null when applied for at this service. */
    caseId: string | null;
    unitNumber: string;
    sellers: Party[];
    buyers: Owner[];
    contractNumber: string;
    contractPriceFen: number;
    /** Mortgages that stay on the unit with their lenders' consent. */
    lenderConsentMortgageIds: string[];
    appliedAt: string;
  }
>;

/** The tax service cleared this transfer: every tax assessed on it is paid. */
export type TaxClearanceRecorded = DomainEvent<
  'TaxClearanceRecorded',
  { transferId: string; caseId: string | null; clearanceId: string; assessmentId: string; clearedAt: string }
>;

/** RegisterTransfer arrived before the tax clearance: the owners are registered as soon as it is recorded. */
export type TransferRegistrationRequested = DomainEvent<
  'TransferRegistrationRequested',
  { transferId: string; caseId: string | null; unitNumber: string; requestedAt: string }
>;

/** The buyers are registered as owners (登簿); the unit stream records the same in UnitOwnershipTransferred. */
export type OwnershipTransferred = DomainEvent<
  'OwnershipTransferred',
  { transferId: string; caseId: string | null; unitNumber: string; buyers: Owner[]; contractPriceFen: number; transferredAt: string }
>;

export type CertificateIssued = DomainEvent<
  'CertificateIssued',
  { transferId: string; caseId: string | null; unitNumber: string; certificateNumber: string; owners: Owner[]; issuedAt: string }
>;

/** Withdrawn by the applicant or by the joint case's compensation; a set clearance id means taxes were paid and are to be refunded. */
export type TransferCancelled = DomainEvent<
  'TransferCancelled',
  { transferId: string; caseId: string | null; unitNumber: string; reason: string; taxClearanceId: string | null; cancelledAt: string }
>;

/**
 * Refused by the registry (不予登记). Stage `application`: the application was
 * never accepted and nothing was locked; `registration`: refused after acceptance,
 * the unit's lock is released.
 */
export type TransferRefused = DomainEvent<
  'TransferRefused',
  {
    transferId: string;
    caseId: string | null;
    /** As the application named it; may be empty when the application named none. */
    unitNumber: string;
    code: string;
    reason: string;
    stage: 'application' | 'registration';
    taxClearanceId: string | null;
    refusedAt: string;
  }
>;

export type SaleTransferEvent =
  | TransferApplied
  | TaxClearanceRecorded
  | TransferRegistrationRequested
  | OwnershipTransferred
  | CertificateIssued
  | TransferCancelled
  | TransferRefused;
