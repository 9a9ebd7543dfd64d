/**
 * Real-estate registration contract (v1): what other services may send to
 * `gov.real-estate-registration.commands.v1` and what the service publishes on
 * `gov.real-estate-registration.events.v1`.
 *
 * Kafka binary-mode CloudEvents. Commands: ce_type
 * `gov.real-estate-registration.<CommandName>.v1`, ce_id = the command id (a
 * command delivered twice takes effect once), key = the transfer id,
 * ce_correlationid = the sender's case id (copied onto the resulting events).
 * Events: ce_type `gov.real-estate-registration.<EventName>.v1`, ce_subject and
 * key = the stream id (`sale-transfer-<transferId>` or `real-estate-unit-<unitNumber>`),
 * ce_causationid = the command id that caused them.
 *
 * Amounts are integer fen, areas integer hundredths of m², times ISO 8601 with
 * an offset. Identity numbers are GB 11643 (people) or GB 32100 (organisations).
 *
 * Schema versions: every message about a transfer names `caseId` (the sender's
 * case, null when none). The messages that gained it are at schema version 2
 * (ce_type `.v2`, REAL_ESTATE_MESSAGE_VERSIONS); a reader lifts a version 1
 * message with the upcaster there (caseId null), as the service does for its
 * stored events.
 */
import { SERVICES } from './services';
import { addNullCaseId, type MessageVersions } from './versions';

/** Stream id prefixes: the Kafka key and ce_subject of an event are `<prefix>-<id>`. */
export const REAL_ESTATE_STREAMS = {
  unit: 'real-estate-unit',
  saleTransfer: 'sale-transfer',
  /** Case lifecycle events of a transfer: the case id is the transfer id. */
  caseLifecycle: 'case-lifecycle',
} as const;

/** Item code of the sale transfer cases in the catalog (`@gov/service-standards`), used on case lifecycle events. */
export const REAL_ESTATE_ITEM_CODES = {
  saleTransfer: 'BDC-01',
} as const;

// ---- shared shapes -------------------------------------------------------

export type RealEstatePartyIdType = 'resident-id' | 'credit-code';

export interface RealEstateParty {
  readonly name: string;
  readonly idType: RealEstatePartyIdType;
  readonly idNumber: string;
}

/** An exact fraction; the owners' shares add up to exactly 1. */
export interface RealEstateShare {
  readonly numerator: number;
  readonly denominator: number;
}

export interface RealEstateOwner extends RealEstateParty {
  readonly share: RealEstateShare;
}

export type RealEstateUnitUse = 'residential' | 'commercial' | 'office' | 'industrial' | 'storage' | 'parking' | 'other';

// ---- commands accepted on gov.real-estate-registration.commands.v1 --------

export const REAL_ESTATE_COMMANDS = {
  applyForSaleTransfer: 'ApplyForSaleTransfer',
  registerTransfer: 'RegisterTransfer',
  cancelTransfer: 'CancelTransfer',
} as const;
export type RealEstateCommandName = (typeof REAL_ESTATE_COMMANDS)[keyof typeof REAL_ESTATE_COMMANDS];

/**
 * Checks and locks the unit for this transfer. Answer: `TransferApplied` +
 * `UnitLockedForTransfer`, or `TransferRefused` with `stage: 'application'`
 * (unit seized, under objection, mortgaged without consent, locked by another
 * transfer, sellers not the owners, unknown unit, malformed data...).
 * A second application with the same transfer id has no effect.
 */
export interface ApplyForSaleTransferV1 {
  /** Chosen by the sender; 1-100 of `A-Za-z0-9._:-/`. */
  readonly transferId: string;
  /** The sender's case, kept on the transfer and named on every event of it; null when none. Required from schema version 2. */
  readonly caseId: string | null;
  readonly unitNumber: string;
  /** Exactly the registered owners. */
  readonly sellers: readonly RealEstateParty[];
  readonly buyers: readonly RealEstateOwner[];
  readonly contractNumber: string;
  readonly contractPriceFen: number;
  /** Mortgages whose lenders consent to the sale (they stay on the unit); [] when none. */
  readonly lenderConsentMortgageIds: readonly string[];
}

/**
 * Registers the buyers as owners and issues the certificate, in one step
 * (`OwnershipTransferred` + `UnitOwnershipTransferred` + `CertificateIssued`).
 * Sent before this service has recorded the tax clearance, it is remembered
 * (`TransferRegistrationRequested`) and carried out when the clearance arrives.
 * Refused after acceptance (e.g. the unit was seized since): `TransferRefused`
 * with `stage: 'registration'` and `UnitUnlocked`.
 */
export interface RegisterTransferV1 {
  readonly transferId: string;
  /** The case of another service this transfer serves (the joint case); null when none. Schema version 2. */
  readonly caseId: string | null;
}

/** Withdraws the transfer and releases the unit (`TransferCancelled` + `UnitUnlocked`); no effect once registered. */
export interface CancelTransferV1 {
  readonly transferId: string;
  /** The case of another service this transfer serves (the joint case); null when none. Schema version 2. */
  readonly caseId: string | null;
  readonly reason: string;
}

export interface RealEstateCommandDataV1 {
  readonly ApplyForSaleTransfer: ApplyForSaleTransferV1;
  readonly RegisterTransfer: RegisterTransferV1;
  readonly CancelTransfer: CancelTransferV1;
}

// ---- events published on gov.real-estate-registration.events.v1 ----------

/** Sale transfer stream `sale-transfer-<transferId>`. */
export interface TransferAppliedV1 {
  readonly transferId: string;
  readonly caseId: string | null;
  readonly unitNumber: string;
  readonly sellers: readonly RealEstateParty[];
  readonly buyers: readonly RealEstateOwner[];
  readonly contractNumber: string;
  readonly contractPriceFen: number;
  readonly lenderConsentMortgageIds: readonly string[];
  readonly appliedAt: string;
}

export interface TaxClearanceRecordedV1 {
  readonly transferId: string;
  /** The case of another service this transfer serves (the joint case); null when none. Schema version 2. */
  readonly caseId: string | null;
  /** The id of the tax service's clearance event (its ce_id). */
  readonly clearanceId: string;
  readonly assessmentId: string;
  readonly clearedAt: string;
}

export interface TransferRegistrationRequestedV1 {
  readonly transferId: string;
  /** The case of another service this transfer serves (the joint case); null when none. Schema version 2. */
  readonly caseId: string | null;
  readonly unitNumber: string;
  readonly requestedAt: string;
}

export interface OwnershipTransferredV1 {
  readonly transferId: string;
  /** The case of another service this transfer serves (the joint case); null when none. Schema version 2. */
  readonly caseId: string | null;
  readonly unitNumber: string;
  readonly buyers: readonly RealEstateOwner[];
  readonly contractPriceFen: number;
  readonly transferredAt: string;
}

export interface CertificateIssuedV1 {
  readonly transferId: string;
  /** The case of another service this transfer serves (the joint case); null when none. Schema version 2. */
  readonly caseId: string | null;
  readonly unitNumber: string;
  /** `渝(YYYY)涪陵区不动产权第NNNNNNN号`, gapless per year. */
  readonly certificateNumber: string;
  readonly owners: readonly RealEstateOwner[];
  readonly issuedAt: string;
}

/** A set `taxClearanceId` means the taxes were paid and are to be refunded. */
export interface TransferCancelledV1 {
  readonly transferId: string;
  /** The case of another service this transfer serves (the joint case); null when none. Schema version 2. */
  readonly caseId: string | null;
  readonly unitNumber: string;
  readonly reason: string;
  readonly taxClearanceId: string | null;
  readonly cancelledAt: string;
}

export interface TransferRefusedV1 {
  readonly transferId: string;
  /** The case of another service this transfer serves (the joint case); null when none. Schema version 2. */
  readonly caseId: string | null;
  /** As the application named it; may be empty when it named none. */
  readonly unitNumber: string;
  /** e.g. `unit-seized`, `unit-under-objection`, `unit-mortgaged`, `unit-locked-for-transfer`, `sellers-not-owners`, `not-found`, `validation-failed`. */
  readonly code: string;
  readonly reason: string;
  /** `application`: never accepted, nothing locked. `registration`: refused after acceptance, the unit is unlocked. */
  readonly stage: 'application' | 'registration';
  readonly taxClearanceId: string | null;
  readonly refusedAt: string;
}

/** Unit stream `real-estate-unit-<unitNumber>`. */
export interface UnitRegisteredV1 {
  readonly unitNumber: string;
  readonly location: string;
  readonly areaHundredthsM2: number;
  readonly use: RealEstateUnitUse;
  readonly owners: readonly RealEstateOwner[];
  readonly acquisitionDate: string;
  readonly originalPriceFen: number | null;
  readonly registeredAt: string;
}

export interface MortgageRegisteredV1 {
  readonly unitNumber: string;
  readonly mortgageId: string;
  readonly lender: string;
  readonly amountFen: number;
  readonly registeredAt: string;
}

export interface MortgageReleasedV1 {
  readonly unitNumber: string;
  readonly mortgageId: string;
  readonly releasedAt: string;
}

export interface SeizureRegisteredV1 {
  readonly unitNumber: string;
  readonly court: string;
  readonly orderNumber: string;
  readonly registeredAt: string;
}

export interface SeizureLiftedV1 {
  readonly unitNumber: string;
  readonly court: string;
  readonly orderNumber: string;
  readonly liftedAt: string;
}

export interface ObjectionRegisteredV1 {
  readonly unitNumber: string;
  readonly objectionId: string;
  readonly applicantName: string;
  readonly reason: string;
  readonly registeredAt: string;
}

export interface ObjectionWithdrawnV1 {
  readonly unitNumber: string;
  readonly objectionId: string;
  readonly withdrawnAt: string;
}

export interface UnitLockedForTransferV1 {
  readonly unitNumber: string;
  readonly transferId: string;
  readonly consentedMortgageIds: readonly string[];
  readonly lockedAt: string;
}

export interface UnitUnlockedV1 {
  readonly unitNumber: string;
  readonly transferId: string;
  readonly reason: string;
  readonly unlockedAt: string;
}

export interface UnitOwnershipTransferredV1 {
  readonly unitNumber: string;
  readonly transferId: string;
  readonly previousOwners: readonly RealEstateOwner[];
  readonly newOwners: readonly RealEstateOwner[];
  readonly priceFen: number;
  readonly transferredAt: string;
}

/** Every event name and its data; the case lifecycle events (case-lifecycle.ts) are published beside them. */
export interface RealEstateEventDataV1 {
  readonly TransferApplied: TransferAppliedV1;
  readonly TaxClearanceRecorded: TaxClearanceRecordedV1;
  readonly TransferRegistrationRequested: TransferRegistrationRequestedV1;
  readonly OwnershipTransferred: OwnershipTransferredV1;
  readonly CertificateIssued: CertificateIssuedV1;
  readonly TransferCancelled: TransferCancelledV1;
  readonly TransferRefused: TransferRefusedV1;
  readonly UnitRegistered: UnitRegisteredV1;
  readonly MortgageRegistered: MortgageRegisteredV1;
  readonly MortgageReleased: MortgageReleasedV1;
  readonly SeizureRegistered: SeizureRegisteredV1;
  readonly SeizureLifted: SeizureLiftedV1;
  readonly ObjectionRegistered: ObjectionRegisteredV1;
  readonly ObjectionWithdrawn: ObjectionWithdrawnV1;
  readonly UnitLockedForTransfer: UnitLockedForTransferV1;
  readonly UnitUnlocked: UnitUnlockedV1;
  readonly UnitOwnershipTransferred: UnitOwnershipTransferredV1;
}

export const REAL_ESTATE_EVENTS = {
  transferApplied: 'TransferApplied',
  taxClearanceRecorded: 'TaxClearanceRecorded',
  transferRegistrationRequested: 'TransferRegistrationRequested',
  ownershipTransferred: 'OwnershipTransferred',
  certificateIssued: 'CertificateIssued',
  transferCancelled: 'TransferCancelled',
  transferRefused: 'TransferRefused',
  unitRegistered: 'UnitRegistered',
  mortgageRegistered: 'MortgageRegistered',
  mortgageReleased: 'MortgageReleased',
  seizureRegistered: 'SeizureRegistered',
  seizureLifted: 'SeizureLifted',
  objectionRegistered: 'ObjectionRegistered',
  objectionWithdrawn: 'ObjectionWithdrawn',
  unitLockedForTransfer: 'UnitLockedForTransfer',
  unitUnlocked: 'UnitUnlocked',
  unitOwnershipTransferred: 'UnitOwnershipTransferred',
} as const satisfies Record<string, keyof RealEstateEventDataV1>;

export type RealEstateEventName = keyof RealEstateEventDataV1;

/** Schema versions above 1, with the upcasters from each older version. */
export const REAL_ESTATE_MESSAGE_VERSIONS = {
  ApplyForSaleTransfer: { current: 2, upcasters: { 1: addNullCaseId } },
  RegisterTransfer: { current: 2, upcasters: { 1: addNullCaseId } },
  CancelTransfer: { current: 2, upcasters: { 1: addNullCaseId } },
  TaxClearanceRecorded: { current: 2, upcasters: { 1: addNullCaseId } },
  TransferRegistrationRequested: { current: 2, upcasters: { 1: addNullCaseId } },
  OwnershipTransferred: { current: 2, upcasters: { 1: addNullCaseId } },
  CertificateIssued: { current: 2, upcasters: { 1: addNullCaseId } },
  TransferCancelled: { current: 2, upcasters: { 1: addNullCaseId } },
  TransferRefused: { current: 2, upcasters: { 1: addNullCaseId } },
} as const satisfies MessageVersions<RealEstateCommandName | RealEstateEventName>;

/** `gov.real-estate-registration.<Name>.v<N>` at the current schema version, for commands and events alike. */
export function realEstateCloudEventType(name: RealEstateCommandName | RealEstateEventName): string {
  const versions: MessageVersions<RealEstateCommandName | RealEstateEventName> = REAL_ESTATE_MESSAGE_VERSIONS;
  return `gov.${SERVICES.realEstate}.${name}.v${versions[name]?.current ?? 1}`;
}
