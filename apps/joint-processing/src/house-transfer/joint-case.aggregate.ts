import { streamIdOf, type AggregateType } from '@gov/event-sourcing';
import type { JointCaseCommand } from './joint-case.commands';
import { jointCaseDecider, type JointCase } from './joint-case.decider';
import type { JointCaseEvent } from './joint-case.events';
import type { DepartmentEvent } from './joint-case.types';

export const JointCaseAggregate: AggregateType<JointCase, JointCaseCommand, JointCaseEvent> = {
  name: 'joint-case',
  decider: jointCaseDecider,
  // v2: the state carries the catalog version.
  snapshot: { every: 50, version: 'joint-case-v2' },
};

/** What every writer of a joint case locks (advisory, to commit): its stream id. */
export const caseLockKey = (caseId: string): string => streamIdOf(JointCaseAggregate, caseId);

const JOINT_CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The joint case a department event names (its contract's `caseId`), if it can
 * be one of ours: this service's case ids are UUIDs; null or another service's
 * case is not a joint case.
 */
export function jointCaseIdOf(e: DepartmentEvent): string | undefined {
  const { caseId } = e.event.data;
  return caseId !== null && JOINT_CASE_ID.test(caseId) ? caseId : undefined;
}
