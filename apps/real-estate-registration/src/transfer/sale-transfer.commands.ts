import type { DomainCommand } from '@gov/event-sourcing';
import type { Owner, Party } from '../domain/party';
import type { UnitTransferView } from '../register/real-estate-unit.decider';

export type ApplyForSaleTransfer = DomainCommand<
  'ApplyForSaleTransfer',
  {
    transferId: string;
    /** The joint case this transfer belongs to (一窗受理), when one sent it. */
    caseId?: string | null;
    unitNumber: string;
    sellers: Party[];
    buyers: Owner[];
    contractNumber: string;
    contractPriceFen: number;
    lenderConsentMortgageIds: string[];
    at: string;
    /**
     * The unit as the handler loaded it (`unitTransferView`), null when it is not
     * registered; the unit stream's own lock decides races.
     */
    unit: UnitTransferView | null;
  }
>;

/** From the tax service's clearance event. */
export type RecordTaxClearance = DomainCommand<
  'RecordTaxClearance',
  { transferId: string; clearanceId: string; assessmentId: string; at: string }
>;

export type RegisterTransfer = DomainCommand<
  'RegisterTransfer',
  {
    transferId: string;
    at: string;
    /**
     * Before the clearance is recorded: remember the request and register when it
     * arrives, instead of refusing. The joint case may learn of the payment before
     * this service does; both read the tax service's events.
     */
    deferUntilTaxCleared?: boolean;
  }
>;

/** The number comes from the handler's gapless per-year sequence, allocated in the same transaction as the append. */
export type IssueCertificate = DomainCommand<'IssueCertificate', { transferId: string; certificateNumber: string; at: string }>;

export type CancelTransfer = DomainCommand<'CancelTransfer', { transferId: string; reason: string; at: string }>;
/** `code` says why in machine terms (default `registration-refused`, the registrar's own decision). */
export type RefuseTransfer = DomainCommand<'RefuseTransfer', { transferId: string; reason: string; code?: string; at: string }>;

/**
 * An application from another service that could not be accepted (unit seized,
 * sellers not the owners...): recorded, so the sender learns why; nothing is locked.
 */
export type RefuseApplication = DomainCommand<
  'RefuseApplication',
  { transferId: string; /** The sender's case, echoed on the refusal; null when none. */ caseId: string | null; unitNumber: string; code: string; reason: string; at: string }
>;

export type SaleTransferCommand =
  | ApplyForSaleTransfer
  | RecordTaxClearance
  | RegisterTransfer
  | IssueCertificate
  | CancelTransfer
  | RefuseTransfer
  | RefuseApplication;
