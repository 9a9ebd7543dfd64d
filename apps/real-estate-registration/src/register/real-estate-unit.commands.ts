import type { DomainCommand } from '@gov/event-sourcing';
import type { Owner } from '../domain/party';
import type { UnitUse } from '../domain/unit-use';

export type RegisterUnit = DomainCommand<
  'RegisterUnit',
  {
    unitNumber: string;
    location: string;
    areaHundredthsM2: number;
    use: UnitUse;
    owners: Owner[];
    acquisitionDate: string;
    originalPriceFen: number | null;
    at: string;
  }
>;

export type RegisterMortgage = DomainCommand<
  'RegisterMortgage',
  { unitNumber: string; mortgageId: string; lender: string; amountFen: number; at: string }
>;
export type ReleaseMortgage = DomainCommand<'ReleaseMortgage', { unitNumber: string; mortgageId: string; at: string }>;

export type RegisterSeizure = DomainCommand<'RegisterSeizure', { unitNumber: string; court: string; orderNumber: string; at: string }>;
export type LiftSeizure = DomainCommand<'LiftSeizure', { unitNumber: string; court: string; orderNumber: string; at: string }>;

export type RegisterObjection = DomainCommand<
  'RegisterObjection',
  { unitNumber: string; objectionId: string; applicantName: string; reason: string; at: string }
>;
export type WithdrawObjection = DomainCommand<'WithdrawObjection', { unitNumber: string; objectionId: string; at: string }>;

export type LockUnitForTransfer = DomainCommand<
  'LockUnitForTransfer',
  {
    unitNumber: string;
    transferId: string;
    /** Mortgage ids whose lenders consent to the sale; every other registered mortgage blocks the lock. */
    lenderConsentMortgageIds: string[];
    at: string;
  }
>;
export type UnlockUnit = DomainCommand<'UnlockUnit', { unitNumber: string; transferId: string; reason: string; at: string }>;

export type TransferOwnership = DomainCommand<
  'TransferOwnership',
  { unitNumber: string; transferId: string; newOwners: Owner[]; priceFen: number; at: string }
>;

export type RealEstateUnitCommand =
  | RegisterUnit
  | RegisterMortgage
  | ReleaseMortgage
  | RegisterSeizure
  | LiftSeizure
  | RegisterObjection
  | WithdrawObjection
  | LockUnitForTransfer
  | UnlockUnit
  | TransferOwnership;
