import type { AggregateType } from '@gov/event-sourcing';
import { TAX_STREAMS } from '@gov/contracts';
import type { TaxAssessmentCommand } from './tax-assessment.commands';
import { taxAssessmentDecider, type TaxAssessmentState } from './tax-assessment.decider';
import type { TaxAssessmentEvent } from './tax-assessment.events';

export const TaxAssessmentAggregate: AggregateType<TaxAssessmentState, TaxAssessmentCommand, TaxAssessmentEvent> = {
  name: TAX_STREAMS.assessment,
  decider: taxAssessmentDecider,
};
