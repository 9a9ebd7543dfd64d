import { DEPARTMENTS, TAX_ITEM_CODES, type CaseLifecycleEvent } from '@gov/contracts';
import { seedCatalog } from '@gov/service-standards';

/*
 * Case lifecycle for supervision (contracts: case-lifecycle.ts). Item codes
 * and catalog versions come from the item catalog of @gov/service-standards:
 * SW-01 taxpayer registration, SW-02 deregistration, SW-03 house transfer taxes.
 */

const catalog = seedCatalog();

/** Throws at start when the catalog lacks an item this service reports on. */
export function assertTaxItemsInCatalog(): void {
  for (const code of Object.values(TAX_ITEM_CODES)) catalog.latest().item(code);
}

/** The catalog version a case accepted at `acceptedAt` runs under, for every event of that case. */
export function catalogVersionAt(acceptedAt: string): string {
  try {
    return catalog.versionAt(acceptedAt).version;
  } catch {
    // Only a clock set before the first catalog version gets here; report under the first.
    return catalog.versions[0].version;
  }
}

export interface TaxCase {
  readonly caseId: string;
  readonly itemCode: string;
  /** When the case was accepted: fixes its catalog version. */
  readonly acceptedAt: string;
}

const ref = (c: TaxCase, at: string) => ({
  caseId: c.caseId,
  itemCode: c.itemCode,
  catalogVersion: catalogVersionAt(c.acceptedAt),
  department: DEPARTMENTS.tax,
  at,
});

export const caseEvents = {
  /** `applicantIds`: who may rate the case (personal data, as the contract says). */
  accepted: (c: TaxCase, applicantIds: readonly string[]): CaseLifecycleEvent => ({ type: 'CaseAccepted', data: { ...ref(c, c.acceptedAt), applicantIds } }),
  step: (c: TaxCase, step: string, at: string, actor?: string): CaseLifecycleEvent => ({
    type: 'CaseStepCompleted',
    data: { ...ref(c, at), step, ...(actor ? { actor } : {}) },
  }),
  decided: (c: TaxCase, at: string, outcome: 'approved' | 'refused', reason?: string): CaseLifecycleEvent => ({
    type: 'CaseDecided',
    data: { ...ref(c, at), outcome, ...(reason ? { reason } : {}) },
  }),
  completed: (c: TaxCase, at: string, outcome: 'approved' | 'refused' | 'withdrawn'): CaseLifecycleEvent => ({
    type: 'CaseCompleted',
    data: { ...ref(c, at), outcome },
  }),
};

/** Registration and deregistration are immediate items: accepted, decided and completed at once. */
export function immediateCase(c: TaxCase, applicantIds: readonly string[], actor?: string): CaseLifecycleEvent[] {
  return [caseEvents.accepted(c, applicantIds), caseEvents.step(c, 'accept', c.acceptedAt, actor), caseEvents.decided(c, c.acceptedAt, 'approved'), caseEvents.completed(c, c.acceptedAt, 'approved')];
}

export const taxCases = {
  registration: (taxpayerId: string, at: string): TaxCase => ({ caseId: `taxpayer-registration-${taxpayerId}`, itemCode: TAX_ITEM_CODES.taxpayerRegistration, acceptedAt: at }),
  deregistration: (taxpayerId: string, at: string): TaxCase => ({ caseId: `taxpayer-deregistration-${taxpayerId}`, itemCode: TAX_ITEM_CODES.taxpayerDeregistration, acceptedAt: at }),
  houseTransfer: (assessmentId: string, assessedAt: string): TaxCase => ({ caseId: assessmentId, itemCode: TAX_ITEM_CODES.houseTransferTax, acceptedAt: assessedAt }),
};
