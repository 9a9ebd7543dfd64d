import type { AggregateType } from '@gov/event-sourcing';
import { ZETA_PERMITS_STREAMS } from '@gov/contracts';
import type { ApplicationCommand } from './application.commands';
import { applicationDecider, type ApplicationState } from './application.decider';
import type { ApplicationEvent } from './application.events';

/** Stream `zeta-permits-application-<applicationId>`: a handful of events per case, no snapshots needed. */
export const ApplicationAggregate: AggregateType<ApplicationState, ApplicationCommand, ApplicationEvent> = {
  name: ZETA_PERMITS_STREAMS.application,
  decider: applicationDecider,
};
