import type { DomainEvent } from '@gov/event-sourcing';
import type { Owner } from '../domain/party';
import type { UnitUse } from '../domain/unit-use';

/** Stream per unit: `real-estate-unit-<unitNumber>`. */
export const unitStreamId = (unitNumber: string): string => `real-estate-unit-${unitNumber}`;

export type UnitRegistered = DomainEvent<
  'UnitRegistered',
  {
    unitNumber: string;
    location: string;
    /** Integer hundredths of m² (8952 = 89.52 m²). */
    areaHundredthsM2: number;
    use: UnitUse;
    owners: Owner[];
    /** `YYYY-MM-DD`, China time. */
    acquisitionDate: string;
    /** Integer fen; null when the original price is not on record (the income tax then uses its fallback rate). */
    originalPriceFen: number | null;
    registeredAt: string;
  }
>;

export type MortgageRegistered = DomainEvent<
  'MortgageRegistered',
  { unitNumber: string; mortgageId: string; lender: string; amountFen: number; registeredAt: string }
>;
export type MortgageReleased = DomainEvent<'MortgageReleased', { unitNumber: string; mortgageId: string; releasedAt: string }>;

export type SeizureRegistered = DomainEvent<
  'SeizureRegistered',
  { unitNumber: string; court: string; orderNumber: string; registeredAt: string }
>;
export type SeizureLifted = DomainEvent<'SeizureLifted', { unitNumber: string; court: string; orderNumber: string; liftedAt: string }>;

export type ObjectionRegistered = DomainEvent<
  'ObjectionRegistered',
  { unitNumber: string; objectionId: string; applicantName: string; reason: string; registeredAt: string }
>;
export type ObjectionWithdrawn = DomainEvent<'ObjectionWithdrawn', { unitNumber: string; objectionId: string; withdrawnAt: string }>;

export type UnitLockedForTransfer = DomainEvent<
  'UnitLockedForTransfer',
  {
    unitNumber: string;
    transferId: string;
    /** Mortgages that stay on the unit because their lenders consented to the sale. */
    consentedMortgageIds: string[];
    lockedAt: string;
  }
>;
export type UnitUnlocked = DomainEvent<'UnitUnlocked', { unitNumber: string; transferId: string; reason: string; unlockedAt: string }>;

/** The new owners are registered and the transfer's lock is released, in one fact. */
export type UnitOwnershipTransferred = DomainEvent<
  'UnitOwnershipTransferred',
  {
    unitNumber: string;
    transferId: string;
    previousOwners: Owner[];
    newOwners: Owner[];
    /** The contract price becomes the new owners' original price. */
    priceFen: number;
    transferredAt: string;
  }
>;

export type RealEstateUnitEvent =
  | UnitRegistered
  | MortgageRegistered
  | MortgageReleased
  | SeizureRegistered
  | SeizureLifted
  | ObjectionRegistered
  | ObjectionWithdrawn
  | UnitLockedForTransfer
  | UnitUnlocked
  | UnitOwnershipTransferred;
