import type { DomainEvent } from '@gov/event-sourcing';
import type { MaterialsSet, TaxpayerIdentity } from './taxpayer.commands';

export type TaxpayerRegistered = DomainEvent<
  'TaxpayerRegistered',
  {
    readonly taxpayerId: string;
    readonly taxpayer: TaxpayerIdentity;
    readonly materials: MaterialsSet;
    readonly registeredAt: string;
  }
>;

export type TaxpayerDeregistered = DomainEvent<
  'TaxpayerDeregistered',
  {
    readonly taxpayerId: string;
    readonly reason: string;
    readonly materials: MaterialsSet;
    readonly deregisteredAt: string;
  }
>;

export type TaxpayerEvent = TaxpayerRegistered | TaxpayerDeregistered;
