import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseAccepted, CaseLifecycleEvent } from '@gov/contracts';
import { formatShanghai, parseCatalogVersion, seedCatalog, toInstant, type Catalog, type CaseRecord, type InstantInput } from '@gov/service-standards';

export const SEED_CATALOG_DIR = join(__dirname, '..', '..', '..', '..', 'libs', 'service-standards', 'data', 'catalog');

type ItemJson = { code: string; promisedLimit?: { unit: string; value: number } };
type CatalogJson = { version: string; effectiveFrom: string; items: ItemJson[] };

/** The seed catalog's JSON with one item's promised limit changed, as a new version. */
export function changedCatalogJson(version: string, effectiveFrom: string, code: string, promisedWorkingDays: number): CatalogJson {
  const copy = JSON.parse(readFileSync(join(SEED_CATALOG_DIR, '2018-08.json'), 'utf8')) as CatalogJson;
  const item = copy.items.find((i) => i.code === code);
  if (!item) throw new Error(`no ${code} in the seed catalog`);
  item.promisedLimit = { unit: 'working-days', value: promisedWorkingDays };
  return { ...copy, version, effectiveFrom };
}

export function catalogWithChange(version: string, effectiveFrom: string, code: string, promisedWorkingDays: number): Catalog {
  return seedCatalog().withVersion(parseCatalogVersion(changedCatalogJson(version, effectiveFrom, code, promisedWorkingDays)));
}

type Ref = Omit<CaseAccepted, 'window' | 'toleratedMissing' | 'applicantIds'>;

/** Lifecycle events of one case, as a department publishes them. */
export function lifecycleOf(ref: Omit<Ref, 'at'>) {
  const r = (at: string) => ({ ...ref, at });
  return {
    accepted: (at: string, extra: Partial<Pick<CaseAccepted, 'window' | 'toleratedMissing' | 'applicantIds'>> = {}): CaseLifecycleEvent => ({ type: 'CaseAccepted', data: { ...r(at), ...extra } }),
    step: (at: string, step: string): CaseLifecycleEvent => ({ type: 'CaseStepCompleted', data: { ...r(at), step } }),
    suspended: (at: string, reason: 'awaiting-materials' | 'hearing' | 'expert-review' | 'inspection' | 'other' = 'awaiting-materials'): CaseLifecycleEvent => ({ type: 'CaseSuspended', data: { ...r(at), reason } }),
    resumed: (at: string): CaseLifecycleEvent => ({ type: 'CaseResumed', data: r(at) }),
    decided: (at: string, outcome: 'approved' | 'refused' = 'approved'): CaseLifecycleEvent => ({ type: 'CaseDecided', data: { ...r(at), outcome } }),
    completed: (at: string, outcome: 'approved' | 'refused' | 'withdrawn' = 'approved'): CaseLifecycleEvent => ({ type: 'CaseCompleted', data: { ...r(at), outcome } }),
  };
}

const shanghai = (at: InstantInput) => formatShanghai(toInstant(at));

/**
 * The lifecycle events a department would publish for a case record of the
 * standards lib's statistics: acceptance, the review steps but the last (the
 * decision completes it), the waits, the decision and the completion.
 */
export function lifecycleOfRecord(record: CaseRecord, catalog: Catalog, department: string): CaseLifecycleEvent[] {
  const item = catalog.itemAt(record.itemCode, record.catalogVersion);
  const events = lifecycleOf({ caseId: record.caseId, itemCode: record.itemCode, catalogVersion: record.catalogVersion, department });
  const out: CaseLifecycleEvent[] = [events.accepted(shanghai(record.acceptedAt))];
  const decidedAt = record.decidedAt ?? record.completedAt;
  const reviewSteps = item.steps.slice(1, 1 + record.reviewSteps);
  for (const step of reviewSteps.slice(0, -1)) out.push(events.step(shanghai(new Date(toInstant(decidedAt ?? record.acceptedAt).getTime() - 60_000)), step.code));
  for (const s of record.suspensions ?? []) {
    out.push(events.suspended(shanghai(s.from), s.reason ?? 'awaiting-materials'));
    if (s.to) out.push(events.resumed(shanghai(s.to)));
  }
  if (decidedAt) out.push(events.decided(shanghai(decidedAt)));
  if (record.completedAt) out.push(events.completed(shanghai(record.completedAt)));
  return out.sort((a, b) => toInstant(a.data.at).getTime() - toInstant(b.data.at).getTime());
}
