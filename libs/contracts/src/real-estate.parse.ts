/**
 * Parsers of the real-estate registration contract (real-estate.ts): what a
 * reader of `gov.real-estate-registration.{commands,events}.v1` checks before
 * anything acts on a message. Content rules the registry itself decides (a
 * resident id's check digit, a unit number's format, shares adding up) stay
 * the registry's: a command breaking them is refused with an answer, not
 * dead-lettered.
 */
import { SERVICES } from './services';
import { array, fen, id, instant, int, nullable, object, oneOf, text, type Schema } from './schema';
import { parseContractMessage, type ContractMessage, type MessageContract } from './message';
import {
  REAL_ESTATE_MESSAGE_VERSIONS,
  type RealEstateCommandDataV1,
  type RealEstateEventDataV1,
  type RealEstateOwner,
  type RealEstateParty,
  type RealEstateShare,
} from './real-estate';

const name = text({ min: 1, max: 200 });
const reason = text({ max: 2000 });
const unitNumber = text({ min: 1, max: 100 });
const caseId = nullable(id);

const party = object<RealEstateParty>({ name, idType: oneOf(['resident-id', 'credit-code']), idNumber: text({ min: 1, max: 64 }) });
const share = object<RealEstateShare>({ numerator: int({ min: 1 }), denominator: int({ min: 1 }) });
const owner = object<RealEstateOwner>({ ...party.shape, share });
const parties = array(party, { max: 100 });
const owners = array(owner, { max: 100 });
const ids = array(id, { max: 100 });

const commands: { readonly [K in keyof RealEstateCommandDataV1]: Schema<RealEstateCommandDataV1[K]> } = {
  ApplyForSaleTransfer: object({
    transferId: id,
    caseId,
    unitNumber,
    sellers: parties,
    buyers: owners,
    contractNumber: text({ min: 1, max: 200 }),
    contractPriceFen: fen,
    lenderConsentMortgageIds: ids,
  }),
  RegisterTransfer: object({ transferId: id, caseId }),
  CancelTransfer: object({ transferId: id, caseId, reason: text({ min: 1, max: 2000 }) }),
};

const events: { readonly [K in keyof RealEstateEventDataV1]: Schema<RealEstateEventDataV1[K]> } = {
  TransferApplied: object({
    transferId: id,
    caseId,
    unitNumber,
    sellers: parties,
    buyers: owners,
    contractNumber: text({ min: 1, max: 200 }),
    contractPriceFen: fen,
    lenderConsentMortgageIds: ids,
    appliedAt: instant,
  }),
  TaxClearanceRecorded: object({ transferId: id, caseId, clearanceId: id, assessmentId: id, clearedAt: instant }),
  TransferRegistrationRequested: object({ transferId: id, caseId, unitNumber, requestedAt: instant }),
  OwnershipTransferred: object({ transferId: id, caseId, unitNumber, buyers: owners, contractPriceFen: fen, transferredAt: instant }),
  CertificateIssued: object({ transferId: id, caseId, unitNumber, certificateNumber: text({ min: 1, max: 100 }), owners, issuedAt: instant }),
  TransferCancelled: object({ transferId: id, caseId, unitNumber, reason, taxClearanceId: nullable(id), cancelledAt: instant }),
  TransferRefused: object({
    transferId: id,
    caseId,
    // As the application named it: may be empty.
    unitNumber: text({ max: 100 }),
    code: text({ min: 1, max: 100 }),
    reason,
    stage: oneOf(['application', 'registration']),
    taxClearanceId: nullable(id),
    refusedAt: instant,
  }),
  UnitRegistered: object({
    unitNumber,
    location: text({ min: 1, max: 500 }),
    areaHundredthsM2: int({ min: 1 }),
    use: oneOf(['residential', 'commercial', 'office', 'industrial', 'storage', 'parking', 'other']),
    owners,
    acquisitionDate: text({ min: 1, max: 40 }),
    originalPriceFen: nullable(fen),
    registeredAt: instant,
  }),
  MortgageRegistered: object({ unitNumber, mortgageId: id, lender: name, amountFen: fen, registeredAt: instant }),
  MortgageReleased: object({ unitNumber, mortgageId: id, releasedAt: instant }),
  SeizureRegistered: object({ unitNumber, court: name, orderNumber: text({ min: 1, max: 200 }), registeredAt: instant }),
  SeizureLifted: object({ unitNumber, court: name, orderNumber: text({ min: 1, max: 200 }), liftedAt: instant }),
  ObjectionRegistered: object({ unitNumber, objectionId: id, applicantName: name, reason, registeredAt: instant }),
  ObjectionWithdrawn: object({ unitNumber, objectionId: id, withdrawnAt: instant }),
  UnitLockedForTransfer: object({ unitNumber, transferId: id, consentedMortgageIds: ids, lockedAt: instant }),
  UnitUnlocked: object({ unitNumber, transferId: id, reason, unlockedAt: instant }),
  UnitOwnershipTransferred: object({ unitNumber, transferId: id, previousOwners: owners, newOwners: owners, priceFen: fen, transferredAt: instant }),
};

export const REAL_ESTATE_COMMAND_CONTRACT: MessageContract<RealEstateCommandDataV1> = {
  service: SERVICES.realEstate,
  schemas: commands,
  versions: REAL_ESTATE_MESSAGE_VERSIONS,
};

export const REAL_ESTATE_EVENT_CONTRACT: MessageContract<RealEstateEventDataV1> = {
  service: SERVICES.realEstate,
  schemas: events,
  versions: REAL_ESTATE_MESSAGE_VERSIONS,
};

export type RealEstateCommandMessage = ContractMessage<RealEstateCommandDataV1>;
export type RealEstateEventMessage = ContractMessage<RealEstateEventDataV1>;

/** A command on `gov.real-estate-registration.commands.v1`, checked against the contract. Throws ContractViolation. */
export function parseRealEstateCommand(ceType: string, data: unknown): RealEstateCommandMessage {
  return parseContractMessage(REAL_ESTATE_COMMAND_CONTRACT, ceType, data);
}

/** An event on `gov.real-estate-registration.events.v1`, checked against the contract. Throws ContractViolation. */
export function parseRealEstateEvent(ceType: string, data: unknown): RealEstateEventMessage {
  return parseContractMessage(REAL_ESTATE_EVENT_CONTRACT, ceType, data);
}
