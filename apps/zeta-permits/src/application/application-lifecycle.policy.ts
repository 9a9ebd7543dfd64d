import { assertNever } from '@gov/event-sourcing';
import { DEPARTMENTS, ZETA_PERMITS_ITEM_CODES, type CaseLifecycleEvent } from '@gov/contracts';
import { seedCatalog } from '@gov/service-standards';
import type { ApplicationState } from './application.decider';
import type { ApplicationEvent } from './application.events';

/*
 * The case lifecycle supervision measures (contracts: case-lifecycle.ts): an
 * application is accepted when submitted, decided and completed at its
 * decision. The case id is the application id.
 */

/** The catalog version a case accepted at `acceptedAt` runs under, for every event of that case. */
export function catalogVersionAt(acceptedAt: string): string {
  const catalog = seedCatalog();
  try {
    return catalog.versionAt(acceptedAt).version;
  } catch {
    // Only a clock set before the first catalog version gets here; report under the first.
    return catalog.versions[0].version;
  }
}

/** The lifecycle events that go with these domain events; `state` is the application after them. */
export function lifecycleOf(events: readonly ApplicationEvent[], state: ApplicationState, actor?: string): CaseLifecycleEvent[] {
  if (state.status === 'none') return [];
  const ref = (at: string) => ({
    caseId: state.applicationId,
    itemCode: ZETA_PERMITS_ITEM_CODES.application,
    catalogVersion: catalogVersionAt(state.submittedAt),
    department: DEPARTMENTS.zeta,
    at,
  });
  return events.flatMap((event): CaseLifecycleEvent[] => {
    switch (event.type) {
      case 'ApplicationSubmitted':
        return [
          { type: 'CaseAccepted', data: { ...ref(event.data.submittedAt), applicantIds: [event.data.applicant.residentId] } },
          { type: 'CaseStepCompleted', data: { ...ref(event.data.submittedAt), step: 'accept', ...(actor ? { actor } : {}) } },
        ];
      case 'ApplicationDecided': {
        const { outcome, reason, decidedAt } = event.data;
        return [
          { type: 'CaseDecided', data: { ...ref(decidedAt), outcome, ...(reason ? { reason } : {}) } },
          { type: 'CaseCompleted', data: { ...ref(decidedAt), outcome } },
        ];
      }
      default:
        return assertNever(event, 'application event');
    }
  });
}
