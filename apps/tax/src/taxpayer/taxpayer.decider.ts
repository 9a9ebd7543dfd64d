import { assertNever, IllegalStateError, NotFoundError, RuleViolation, type Decider, Validation } from '@gov/event-sourcing';
import type { DeregisterTaxpayer, MaterialsSet, RegisterTaxpayer, TaxpayerCommand, TaxpayerIdentity } from './taxpayer.commands';
import type { TaxpayerEvent } from './taxpayer.events';
import { isInstant, isNonBlank, isFen, asOfInstant } from '@gov/service-standards';
import { isValidCreditCode, isValidResidentId } from '@gov/identity';

/*
 * Unpaid items are not tracked here: the deregistration command carries the
 * count and amount the handler read from the unpaid-items read model. Tracking
 * them in this stream would need an event here for every assessment and payment
 * of every party, and a house seller or buyer need not be a registered taxpayer.
 */

export type TaxpayerState =
  | { readonly status: 'unregistered' }
  | {
      readonly status: 'registered';
      readonly taxpayerId: string;
      readonly taxpayer: TaxpayerIdentity;
      readonly registeredAt: string;
    }
  | {
      readonly status: 'deregistered';
      readonly taxpayerId: string;
      readonly taxpayer: TaxpayerIdentity;
      readonly registeredAt: string;
      readonly deregisteredAt: string;
    };

export const taxpayerDecider: Decider<TaxpayerState, TaxpayerCommand, TaxpayerEvent> = {
  initialState: () => ({ status: 'unregistered' }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'TaxpayerRegistered':
        return {
          status: 'registered',
          taxpayerId: event.data.taxpayerId,
          taxpayer: event.data.taxpayer,
          registeredAt: event.data.registeredAt,
        };
      case 'TaxpayerDeregistered':
        if (state.status !== 'registered') return state;
        return { ...state, status: 'deregistered', deregisteredAt: event.data.deregisteredAt };
      default:
        return assertNever(event, 'taxpayer event');
    }
  },

  decide: (command, state) => {
    switch (command.type) {
      case 'RegisterTaxpayer':
        return register(command, state);
      case 'DeregisterTaxpayer':
        return deregister(command, state);
      default:
        return assertNever(command, 'taxpayer command');
    }
  },
};

function register({ data }: RegisterTaxpayer, state: TaxpayerState): TaxpayerEvent[] {
  const issues = new Validation();
  issues.check(isNonBlank(data.taxpayerId), 'taxpayerId', 'is required');
  issues.check(isInstant(data.at), 'at', 'must be an ISO 8601 instant');
  const taxpayer = data.taxpayer;
  if (taxpayer?.kind === 'person') {
    issues.check(isValidResidentId(taxpayer.residentId, asOfInstant(data.at)), 'taxpayer.residentId', 'must be a valid resident identity number (GB 11643)');
  } else if (taxpayer?.kind === 'business') {
    issues.check(isValidCreditCode(taxpayer.creditCode), 'taxpayer.creditCode', 'must be a valid unified social credit code (GB 32100)');
  } else {
    issues.add('taxpayer.kind', 'must be person or business');
  }
  issues.check(isNonBlank(taxpayer?.name), 'taxpayer.name', 'is required');
  checkMaterials(issues, data.materials);
  issues.throwIfAny();

  if (state.status === 'registered') {
    throw new IllegalStateError('taxpayer-already-registered', `taxpayer ${state.taxpayerId} is already registered`);
  }
  if (state.status === 'deregistered') {
    throw new IllegalStateError('taxpayer-deregistered', `taxpayer ${state.taxpayerId} was deregistered; register under a new id`);
  }
  return [
    {
      type: 'TaxpayerRegistered',
      data: { taxpayerId: data.taxpayerId, taxpayer, materials: data.materials, registeredAt: data.at },
    },
  ];
}

function deregister({ data }: DeregisterTaxpayer, state: TaxpayerState): TaxpayerEvent[] {
  const unpaid = data.unpaid;
  const issues = new Validation();
  issues.check(isNonBlank(data.taxpayerId), 'taxpayerId', 'is required');
  issues.check(isNonBlank(data.reason), 'reason', 'is required');
  issues.check(isInstant(data.at), 'at', 'must be an ISO 8601 instant');
  issues.check(isFen(unpaid?.count), 'unpaid.count', 'must be a non-negative integer');
  issues.check(isFen(unpaid?.amountFen), 'unpaid.amountFen', 'must be a non-negative integer amount in fen');
  issues.check(!(unpaid?.count === 0 && unpaid?.amountFen > 0), 'unpaid.count', 'is 0 while an unpaid amount is given');
  checkMaterials(issues, data.materials);
  issues.throwIfAny();

  switch (state.status) {
    case 'unregistered':
      throw new NotFoundError('taxpayer', data.taxpayerId);
    case 'deregistered':
      throw new IllegalStateError('taxpayer-deregistered', `taxpayer ${state.taxpayerId} is already deregistered`);
    case 'registered':
      if (unpaid.count > 0) {
        throw new RuleViolation(
          'taxpayer-has-unpaid-items',
          `taxpayer ${state.taxpayerId} has ${unpaid.count} unpaid item(s) totalling ${unpaid.amountFen} fen; pay them before deregistering`,
          { unpaidCount: unpaid.count, unpaidAmountFen: unpaid.amountFen },
        );
      }
      return [
        {
          type: 'TaxpayerDeregistered',
          data: { taxpayerId: state.taxpayerId, reason: data.reason, materials: data.materials, deregisteredAt: data.at },
        },
      ];
    default:
      return assertNever(state, 'taxpayer state');
  }
}

function checkMaterials(issues: Validation, materials: MaterialsSet | undefined): void {
  issues.check(isNonBlank(materials?.setId), 'materials.setId', 'is required');
  const ids = materials?.documentIds;
  const ok = Array.isArray(ids) && ids.length > 0 && ids.every(isNonBlank) && new Set(ids).size === ids.length;
  issues.check(ok, 'materials.documentIds', 'must list at least one document, each once');
}
