import type { PoolClient } from 'pg';
import type { PostgresEventStore } from '@gov/event-sourcing';
import type { CaseLifecycleEvent } from '@gov/contracts';

/**
 * Records a case lifecycle event (libs/contracts) in the service's own log, in
 * the caller's transaction; the relay publishes it like any other event.
 */
export async function recordLifecycle(store: PostgresEventStore, tx: PoolClient, event: CaseLifecycleEvent, metadata: Record<string, unknown> = {}): Promise<void> {
  await store.append(`case-lifecycle-${event.data.caseId}`, 'case-lifecycle', [{ type: event.type, data: event.data, metadata }], { expectedVersion: 'any' }, tx);
}
