import type { DomainCommand } from '@gov/event-sourcing';
import type { Owner, Party } from '../domain/party';
import type { UnitTransferView } from '../register/real-estate-unit.decider';

export type ApplyForSaleTransfer = DomainCommand<
  'ApplyForSaleTransfer',
  {
    transferId: string;
    unitNumber: string;
    sellers: Party[];
    buyers: Owner[];
    contractNumber: string;
    contractPriceFen: number;
    lenderConsentMortgageIds: string[];
    at: string;
    /** The unit as the handler loaded it (`unitTransferView`); the unit stream's own lock decides races. */
    unit: UnitTransferView;
  }
>;

/** From the tax service's clearance event. */
export type RecordTaxClearance = DomainCommand<
  'RecordTaxClearance',
  { transferId: string; clearanceId: string; assessmentId: string; at: string }
>;

export type RegisterTransfer = DomainCommand<'RegisterTransfer', { transferId: string; at: string }>;

/** The number comes from the handler's gapless per-year sequence, allocated in the same transaction as the append. */
export type IssueCertificate = DomainCommand<'IssueCertificate', { transferId: string; certificateNumber: string; at: string }>;

export type CancelTransfer = DomainCommand<'CancelTransfer', { transferId: string; reason: string; at: string }>;
export type RefuseTransfer = DomainCommand<'RefuseTransfer', { transferId: string; reason: string; at: string }>;

export type SaleTransferCommand =
  | ApplyForSaleTransfer
  | RecordTaxClearance
  | RegisterTransfer
  | IssueCertificate
  | CancelTransfer
  | RefuseTransfer;
