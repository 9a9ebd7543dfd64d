import { streamIdOf, type AggregateType } from '@gov/event-sourcing';
import type { JointCaseCommand } from './joint-case.commands';
import { jointCaseDecider, type JointCase } from './joint-case.decider';
import type { JointCaseEvent } from './joint-case.events';

export const JointCaseAggregate: AggregateType<JointCase, JointCaseCommand, JointCaseEvent> = {
  name: 'joint-case',
  decider: jointCaseDecider,
  // v2: the state carries the catalog version.
  snapshot: { every: 50, version: 'joint-case-v2' },
};

/** What every writer of a joint case locks (advisory, to commit): its stream id. */
export const caseLockKey = (caseId: string): string => streamIdOf(JointCaseAggregate, caseId);
