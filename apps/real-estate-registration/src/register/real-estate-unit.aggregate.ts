import type { AggregateType } from '@gov/event-sourcing';
import { REAL_ESTATE_STREAMS } from '@gov/contracts';
import type { RealEstateUnitCommand } from './real-estate-unit.commands';
import { realEstateUnitDecider, type RealEstateUnitState } from './real-estate-unit.decider';
import type { RealEstateUnitEvent } from './real-estate-unit.events';

/** Stream `real-estate-unit-<unitNumber>`; short-lived enough (a few events a decade) to need no snapshots. */
export const RealEstateUnitAggregate: AggregateType<RealEstateUnitState, RealEstateUnitCommand, RealEstateUnitEvent> = {
  name: REAL_ESTATE_STREAMS.unit,
  decider: realEstateUnitDecider,
};
