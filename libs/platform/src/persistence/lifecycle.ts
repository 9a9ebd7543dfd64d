import type { PoolClient } from 'pg';
import type { PostgresEventStore } from '@gov/event-sourcing/postgres';
import type { CaseLifecycleEvent } from '@gov/contracts';

/**
 * Records a case lifecycle event (libs/contracts) in the service's own log, in
 * the caller's transaction; the relay publishes it like any other event.
 */
export async function recordLifecycle(
  store: PostgresEventStore,
  tx: PoolClient,
  events: CaseLifecycleEvent | readonly CaseLifecycleEvent[],
  metadata: Record<string, unknown> = {},
): Promise<void> {
  const list = Array.isArray(events) ? (events as readonly CaseLifecycleEvent[]) : [events as CaseLifecycleEvent];
  // One append per case: several events of one case cost one statement.
  const byCase = new Map<string, CaseLifecycleEvent[]>();
  for (const e of list) byCase.set(e.data.caseId, [...(byCase.get(e.data.caseId) ?? []), e]);
  for (const [caseId, caseEvents] of byCase) {
    await store.append(`case-lifecycle-${caseId}`, 'case-lifecycle', caseEvents.map((e) => ({ type: e.type, data: e.data, metadata })), { expectedVersion: 'any' }, tx);
  }
}
