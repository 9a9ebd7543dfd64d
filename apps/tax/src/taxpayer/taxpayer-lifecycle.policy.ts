import { assertNever } from '@gov/event-sourcing';
import type { CaseLifecycleEvent } from '@gov/contracts';
import { immediateCase, taxCases } from '../shared/case-lifecycle';
import { taxpayerIdentifier } from './taxpayer.commands';
import type { TaxpayerState } from './taxpayer.decider';
import type { TaxpayerEvent } from './taxpayer.events';

/**
 * Registration and deregistration are immediate cases for supervision; the taxpayer
 * (from the stream's state: a deregistration does not repeat it) may rate them.
 */
export function taxpayerLifecycleFor(event: TaxpayerEvent, state: TaxpayerState, actor?: string): CaseLifecycleEvent[] {
  switch (event.type) {
    case 'TaxpayerRegistered':
      return immediateCase(taxCases.registration(event.data.taxpayerId, event.data.registeredAt), [taxpayerIdentifier(event.data.taxpayer)], actor);
    case 'TaxpayerDeregistered': {
      const applicants = state.status === 'unregistered' ? [] : [taxpayerIdentifier(state.taxpayer)];
      return immediateCase(taxCases.deregistration(event.data.taxpayerId, event.data.deregisteredAt), applicants, actor);
    }
    default:
      return assertNever(event, 'taxpayer event');
  }
}
