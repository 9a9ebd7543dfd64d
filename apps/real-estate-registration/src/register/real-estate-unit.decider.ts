import { Validation, assertNever, IllegalStateError, NotFoundError, RuleViolation, type Decider } from '@gov/event-sourcing';
import { CALLER_ID, INSTANT, POSITIVE_FEN, asOfInstant } from '@gov/service-standards';
import { checkOwners, copyOwner, type Owner } from '../domain/party';
import type { UnitUse } from '../domain/unit-use';
import { isValidUnitNumber, UNIT_NUMBER_RULE } from '@gov/identity';
import { chinaDateOf } from '../domain/values';
import type {
  LiftSeizure,
  LockUnitForTransfer,
  RealEstateUnitCommand,
  RegisterMortgage,
  RegisterObjection,
  RegisterSeizure,
  RegisterUnit,
  ReleaseMortgage,
  TransferOwnership,
  UnlockUnit,
  WithdrawObjection,
} from './real-estate-unit.commands';
import type { RealEstateUnitEvent } from './real-estate-unit.events';
import { checkRegisterUnit } from './register-unit.validation';
import { assertConsentsKnown, assertTransferable, type EncumbranceSummary } from './transferability.policy';

export interface UnitRecord {
  readonly unitNumber: string;
  readonly location: string;
  readonly areaHundredthsM2: number;
  readonly use: UnitUse;
  readonly owners: readonly Owner[];
  readonly acquisitionDate: string;
  readonly originalPriceFen: number | null;
  readonly registeredAt: string;
}

export interface Mortgage {
  readonly mortgageId: string;
  readonly lender: string;
  readonly amountFen: number;
  readonly registeredAt: string;
}

export interface Seizure {
  readonly court: string;
  readonly orderNumber: string;
  readonly registeredAt: string;
}

export interface Objection {
  readonly objectionId: string;
  readonly applicantName: string;
  readonly reason: string;
  readonly registeredAt: string;
}

/** Encumbrances in force; released, lifted and withdrawn ones live on in the stream's history. */
export interface Encumbrances {
  readonly mortgages: readonly Mortgage[];
  readonly seizures: readonly Seizure[];
  readonly objections: readonly Objection[];
}

export interface TransferLock {
  readonly transferId: string;
  readonly consentedMortgageIds: readonly string[];
  readonly lockedAt: string;
}

interface OnRegister {
  readonly unit: UnitRecord;
  readonly encumbrances: Encumbrances;
  /** The last transfer that changed the owners, so a retried TransferOwnership is recognised. */
  readonly lastTransferId: string | null;
}

export type RealEstateUnitState =
  | { readonly status: 'unregistered' }
  | ({ readonly status: 'registered' } & OnRegister)
  | ({ readonly status: 'locked-for-transfer'; readonly lock: TransferLock } & OnRegister);

type Registered = Exclude<RealEstateUnitState, { status: 'unregistered' }>;

/** What a sale transfer application needs to know about its unit; built by the handler from the unit stream. */
export interface UnitTransferView extends EncumbranceSummary {
  readonly unitNumber: string;
  readonly owners: readonly Owner[];
  readonly lockedByTransferId: string | null;
}

const MAX_NAME = 100;
const MAX_REASON = 500;
const MAX_CONSENTS = 100;

export const realEstateUnitDecider: Decider<RealEstateUnitState, RealEstateUnitCommand, RealEstateUnitEvent> = {
  initialState: () => ({ status: 'unregistered' }),
  evolve,
  decide,
};

/** @throws NotFoundError when the unit is not registered. */
export function unitTransferView(state: RealEstateUnitState, unitNumber: string): UnitTransferView {
  if (state.status === 'unregistered') throw new NotFoundError('real-estate unit', unitNumber);
  return {
    unitNumber: state.unit.unitNumber,
    owners: state.unit.owners,
    ...summarise(state.encumbrances),
    lockedByTransferId: state.status === 'locked-for-transfer' ? state.lock.transferId : null,
  };
}

function decide(command: RealEstateUnitCommand, state: RealEstateUnitState): RealEstateUnitEvent[] {
  switch (command.type) {
    case 'RegisterUnit':
      return registerUnit(command.data, state);
    case 'RegisterMortgage':
      return registerMortgage(command.data, state);
    case 'ReleaseMortgage':
      return releaseMortgage(command.data, state);
    case 'RegisterSeizure':
      return registerSeizure(command.data, state);
    case 'LiftSeizure':
      return liftSeizure(command.data, state);
    case 'RegisterObjection':
      return registerObjection(command.data, state);
    case 'WithdrawObjection':
      return withdrawObjection(command.data, state);
    case 'LockUnitForTransfer':
      return lockForTransfer(command.data, state);
    case 'UnlockUnit':
      return unlock(command.data, state);
    case 'TransferOwnership':
      return transferOwnership(command.data, state);
    default:
      return assertNever(command, 'command');
  }
}

function registerUnit(data: RegisterUnit['data'], state: RealEstateUnitState): RealEstateUnitEvent[] {
  const issues = new Validation();
  checkRegisterUnit(issues, data);
  issues.throwIfAny();
  if (state.status !== 'unregistered') {
    throw new IllegalStateError('unit-already-registered', `unit ${data.unitNumber} is already registered`);
  }
  return [
    {
      type: 'UnitRegistered',
      data: {
        unitNumber: data.unitNumber,
        location: data.location,
        areaHundredthsM2: data.areaHundredthsM2,
        use: data.use,
        owners: data.owners.map(copyOwner),
        acquisitionDate: data.acquisitionDate,
        originalPriceFen: data.originalPriceFen,
        registeredAt: data.at,
      },
    },
  ];
}

function registerMortgage(data: RegisterMortgage['data'], state: RealEstateUnitState): RealEstateUnitEvent[] {
  const issues = baseIssues(data);
  issues.require('mortgageId', data.mortgageId, CALLER_ID);
  issues.text('lender', data.lender, MAX_NAME);
  issues.require('amountFen', data.amountFen, POSITIVE_FEN);
  issues.throwIfAny();
  const unit = registered(state, data.unitNumber);
  if (unit.encumbrances.mortgages.some((m) => m.mortgageId === data.mortgageId)) {
    throw new IllegalStateError('mortgage-already-registered', `mortgage ${data.mortgageId} is already registered on this unit`);
  }
  // A unit reserved for a sale or seized by a court may not be charged with a new mortgage.
  if (unit.status === 'locked-for-transfer') {
    throw new IllegalStateError('unit-locked-for-transfer', 'the unit is locked for a transfer in progress');
  }
  if (unit.encumbrances.seizures.length > 0) throw new RuleViolation('unit-seized', 'the unit is seized by court order');
  return [
    {
      type: 'MortgageRegistered',
      data: {
        unitNumber: data.unitNumber,
        mortgageId: data.mortgageId,
        lender: data.lender,
        amountFen: data.amountFen,
        registeredAt: data.at,
      },
    },
  ];
}

function releaseMortgage(data: ReleaseMortgage['data'], state: RealEstateUnitState): RealEstateUnitEvent[] {
  const issues = baseIssues(data);
  issues.require('mortgageId', data.mortgageId, CALLER_ID);
  issues.throwIfAny();
  const unit = registered(state, data.unitNumber);
  if (!unit.encumbrances.mortgages.some((m) => m.mortgageId === data.mortgageId)) {
    throw new NotFoundError('mortgage', data.mortgageId);
  }
  return [{ type: 'MortgageReleased', data: { unitNumber: data.unitNumber, mortgageId: data.mortgageId, releasedAt: data.at } }];
}

function registerSeizure(data: RegisterSeizure['data'], state: RealEstateUnitState): RealEstateUnitEvent[] {
  const issues = courtOrderIssues(data);
  issues.throwIfAny();
  const unit = registered(state, data.unitNumber);
  // A court order is registered whatever the unit's state; several may queue (轮候查封).
  if (findSeizure(unit, data) !== undefined) {
    throw new IllegalStateError('seizure-already-registered', 'this court order is already registered on the unit');
  }
  return [
    {
      type: 'SeizureRegistered',
      data: { unitNumber: data.unitNumber, court: data.court, orderNumber: data.orderNumber, registeredAt: data.at },
    },
  ];
}

function liftSeizure(data: LiftSeizure['data'], state: RealEstateUnitState): RealEstateUnitEvent[] {
  const issues = courtOrderIssues(data);
  issues.throwIfAny();
  const unit = registered(state, data.unitNumber);
  if (findSeizure(unit, data) === undefined) throw new NotFoundError('seizure', `${data.court} ${data.orderNumber}`);
  return [
    {
      type: 'SeizureLifted',
      data: { unitNumber: data.unitNumber, court: data.court, orderNumber: data.orderNumber, liftedAt: data.at },
    },
  ];
}

function registerObjection(data: RegisterObjection['data'], state: RealEstateUnitState): RealEstateUnitEvent[] {
  const issues = baseIssues(data);
  issues.require('objectionId', data.objectionId, CALLER_ID);
  issues.text('applicantName', data.applicantName, MAX_NAME);
  issues.text('reason', data.reason, MAX_REASON);
  issues.throwIfAny();
  const unit = registered(state, data.unitNumber);
  if (unit.encumbrances.objections.some((o) => o.objectionId === data.objectionId)) {
    throw new IllegalStateError('objection-already-registered', `objection ${data.objectionId} is already registered`);
  }
  return [
    {
      type: 'ObjectionRegistered',
      data: {
        unitNumber: data.unitNumber,
        objectionId: data.objectionId,
        applicantName: data.applicantName,
        reason: data.reason,
        registeredAt: data.at,
      },
    },
  ];
}

function withdrawObjection(data: WithdrawObjection['data'], state: RealEstateUnitState): RealEstateUnitEvent[] {
  const issues = baseIssues(data);
  issues.require('objectionId', data.objectionId, CALLER_ID);
  issues.throwIfAny();
  const unit = registered(state, data.unitNumber);
  if (!unit.encumbrances.objections.some((o) => o.objectionId === data.objectionId)) {
    throw new NotFoundError('objection', data.objectionId);
  }
  return [{ type: 'ObjectionWithdrawn', data: { unitNumber: data.unitNumber, objectionId: data.objectionId, withdrawnAt: data.at } }];
}

function lockForTransfer(data: LockUnitForTransfer['data'], state: RealEstateUnitState): RealEstateUnitEvent[] {
  const issues = baseIssues(data);
  issues.require('transferId', data.transferId, CALLER_ID);
  checkConsents(issues, data.lenderConsentMortgageIds);
  issues.throwIfAny();
  const unit = registered(state, data.unitNumber);
  if (unit.status === 'locked-for-transfer') {
    if (unit.lock.transferId === data.transferId) return [];
    throw new IllegalStateError('unit-locked-for-transfer', 'the unit is already locked for another transfer');
  }
  if (unit.lastTransferId === data.transferId) {
    throw new IllegalStateError('transfer-already-registered', `transfer ${data.transferId} has already been registered`);
  }
  const summary = summarise(unit.encumbrances);
  assertConsentsKnown(summary, data.lenderConsentMortgageIds);
  assertTransferable(summary, data.lenderConsentMortgageIds);
  return [
    {
      type: 'UnitLockedForTransfer',
      data: {
        unitNumber: data.unitNumber,
        transferId: data.transferId,
        consentedMortgageIds: [...data.lenderConsentMortgageIds],
        lockedAt: data.at,
      },
    },
  ];
}

function unlock(data: UnlockUnit['data'], state: RealEstateUnitState): RealEstateUnitEvent[] {
  const issues = baseIssues(data);
  issues.require('transferId', data.transferId, CALLER_ID);
  issues.text('reason', data.reason, MAX_REASON);
  issues.throwIfAny();
  const unit = registered(state, data.unitNumber);
  // Releasing a lock this transfer does not hold is a no-op, never an error:
  // a cancellation must always be able to run its compensation, and another transfer's lock stays.
  if (unit.status !== 'locked-for-transfer' || unit.lock.transferId !== data.transferId) return [];
  return [
    {
      type: 'UnitUnlocked',
      data: { unitNumber: data.unitNumber, transferId: data.transferId, reason: data.reason, unlockedAt: data.at },
    },
  ];
}

function transferOwnership(data: TransferOwnership['data'], state: RealEstateUnitState): RealEstateUnitEvent[] {
  const issues = baseIssues(data);
  issues.require('transferId', data.transferId, CALLER_ID);
  issues.require('priceFen', data.priceFen, POSITIVE_FEN);
  checkOwners(issues, 'newOwners', data.newOwners, asOfInstant(data.at));
  issues.throwIfAny();
  const unit = registered(state, data.unitNumber);
  if (unit.status !== 'locked-for-transfer') {
    if (unit.lastTransferId === data.transferId) return [];
    throw new IllegalStateError('unit-not-locked-for-transfer', 'only the transfer holding the unit’s lock may transfer ownership');
  }
  if (unit.lock.transferId !== data.transferId) {
    throw new IllegalStateError('unit-locked-for-transfer', 'the unit is locked for another transfer');
  }
  // A seizure or objection registered after the lock still stops the registration.
  assertTransferable(summarise(unit.encumbrances), unit.lock.consentedMortgageIds);
  return [
    {
      type: 'UnitOwnershipTransferred',
      data: {
        unitNumber: data.unitNumber,
        transferId: data.transferId,
        previousOwners: unit.unit.owners.map(copyOwner),
        newOwners: data.newOwners.map(copyOwner),
        priceFen: data.priceFen,
        transferredAt: data.at,
      },
    },
  ];
}

function evolve(state: RealEstateUnitState, event: RealEstateUnitEvent): RealEstateUnitState {
  switch (event.type) {
    case 'UnitRegistered': {
      const { registeredAt, ...unit } = event.data;
      return {
        status: 'registered',
        unit: { ...unit, registeredAt },
        encumbrances: { mortgages: [], seizures: [], objections: [] },
        lastTransferId: null,
      };
    }
    case 'MortgageRegistered': {
      const { mortgageId, lender, amountFen, registeredAt } = event.data;
      return withEncumbrances(state, (e) => ({ ...e, mortgages: [...e.mortgages, { mortgageId, lender, amountFen, registeredAt }] }));
    }
    case 'MortgageReleased':
      return withEncumbrances(state, (e) => ({ ...e, mortgages: e.mortgages.filter((m) => m.mortgageId !== event.data.mortgageId) }));
    case 'SeizureRegistered': {
      const { court, orderNumber, registeredAt } = event.data;
      return withEncumbrances(state, (e) => ({ ...e, seizures: [...e.seizures, { court, orderNumber, registeredAt }] }));
    }
    case 'SeizureLifted':
      return withEncumbrances(state, (e) => ({ ...e, seizures: e.seizures.filter((s) => !sameOrder(s, event.data)) }));
    case 'ObjectionRegistered': {
      const { objectionId, applicantName, reason, registeredAt } = event.data;
      return withEncumbrances(state, (e) => ({ ...e, objections: [...e.objections, { objectionId, applicantName, reason, registeredAt }] }));
    }
    case 'ObjectionWithdrawn':
      return withEncumbrances(state, (e) => ({ ...e, objections: e.objections.filter((o) => o.objectionId !== event.data.objectionId) }));
    case 'UnitLockedForTransfer': {
      if (state.status === 'unregistered') return state;
      const { transferId, consentedMortgageIds, lockedAt } = event.data;
      return { ...onRegister(state), status: 'locked-for-transfer', lock: { transferId, consentedMortgageIds, lockedAt } };
    }
    case 'UnitUnlocked':
      return state.status === 'unregistered' ? state : { ...onRegister(state), status: 'registered' };
    case 'UnitOwnershipTransferred': {
      if (state.status === 'unregistered') return state;
      const { transferId, newOwners, priceFen, transferredAt } = event.data;
      return {
        status: 'registered',
        unit: { ...state.unit, owners: newOwners, acquisitionDate: chinaDateOf(transferredAt), originalPriceFen: priceFen },
        encumbrances: state.encumbrances,
        lastTransferId: transferId,
      };
    }
    default:
      return assertNever(event, 'event');
  }
}

function registered(state: RealEstateUnitState, unitNumber: string): Registered {
  if (state.status === 'unregistered') throw new NotFoundError('real-estate unit', unitNumber);
  // The handler loaded the wrong stream: refuse rather than write to it.
  if (state.unit.unitNumber !== unitNumber) {
    throw new IllegalStateError('unit-number-mismatch', 'the command names a different unit than the stream it was run on');
  }
  return state;
}

function baseIssues(data: { unitNumber: unknown; at: unknown }): Validation {
  const issues = new Validation();
  if (!isValidUnitNumber(data.unitNumber)) issues.add('unitNumber', UNIT_NUMBER_RULE);
  issues.require('at', data.at, INSTANT);
  return issues;
}

function courtOrderIssues(data: { unitNumber: unknown; at: unknown; court: unknown; orderNumber: unknown }): Validation {
  const issues = baseIssues(data);
  issues.text('court', data.court, MAX_NAME);
  issues.text('orderNumber', data.orderNumber, MAX_NAME);
  return issues;
}

function checkConsents(issues: Validation, value: unknown): void {
  if (!issues.list<unknown>('lenderConsentMortgageIds', value, { min: 0, max: MAX_CONSENTS })) return;
  value.forEach((id, i) => issues.require(`lenderConsentMortgageIds[${i}]`, id, CALLER_ID));
  if (new Set(value).size !== value.length) issues.add('lenderConsentMortgageIds', 'must not repeat a mortgage');
}

function summarise(e: Encumbrances): EncumbranceSummary {
  return { mortgageIds: e.mortgages.map((m) => m.mortgageId), seizureCount: e.seizures.length, objectionCount: e.objections.length };
}

function findSeizure(unit: Registered, order: { court: string; orderNumber: string }): Seizure | undefined {
  return unit.encumbrances.seizures.find((s) => sameOrder(s, order));
}

function sameOrder(a: { court: string; orderNumber: string }, b: { court: string; orderNumber: string }): boolean {
  return a.court === b.court && a.orderNumber === b.orderNumber;
}

function onRegister(state: Registered): OnRegister {
  return { unit: state.unit, encumbrances: state.encumbrances, lastTransferId: state.lastTransferId };
}

function withEncumbrances(state: RealEstateUnitState, change: (e: Encumbrances) => Encumbrances): RealEstateUnitState {
  return state.status === 'unregistered' ? state : { ...state, encumbrances: change(state.encumbrances) };
}
