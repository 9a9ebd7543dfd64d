import type { DomainEvent } from '@gov/event-sourcing';
import type { ApplicationDecidedV1, ApplicationSubmittedV1 } from '@gov/contracts';

// What is recorded is what is published: the data types are the public contract's.
export type ApplicationSubmitted = DomainEvent<'ApplicationSubmitted', ApplicationSubmittedV1>;
export type ApplicationDecided = DomainEvent<'ApplicationDecided', ApplicationDecidedV1>;

export type ApplicationEvent = ApplicationSubmitted | ApplicationDecided;
