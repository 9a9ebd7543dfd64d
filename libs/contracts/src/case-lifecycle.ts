/**
 * Case lifecycle contract (v1): every department service publishes these on its
 * events topic (`gov.<service>.events.v1`, ce_type `gov.<service>.<Name>.v1`),
 * so supervision can measure every case against its item's time limits.
 * Each carries the item code and the catalog version the case started under.
 */
export const CASE_LIFECYCLE_EVENTS = ['CaseAccepted', 'CaseStepCompleted', 'CaseSuspended', 'CaseResumed', 'CaseDecided', 'CaseCompleted'] as const;
export type CaseLifecycleEventName = (typeof CASE_LIFECYCLE_EVENTS)[number];

interface CaseRef {
  /** Unique within the publishing service. */
  readonly caseId: string;
  readonly itemCode: string;
  /** The catalog version the case started under; empty: the version in force at acceptance. */
  readonly catalogVersion: string;
  readonly department: string;
  /** ISO 8601 with offset. */
  readonly at: string;
}

export interface CaseAccepted extends CaseRef {
  readonly window?: string;
  /** Accepted with tolerated-missing materials (容缺受理): to be supplied later. */
  readonly toleratedMissing?: readonly string[];
  /** Party ids (resident id / credit code) of the applicants: who may rate the case (好差评). Personal data. */
  readonly applicantIds?: readonly string[];
}
export interface CaseStepCompleted extends CaseRef {
  /** e.g. `accept`, `review`, `approve`, `tax-assessed`. */
  readonly step: string;
  readonly actor?: string;
}
export interface CaseSuspended extends CaseRef {
  /** Administrative Licensing Law art. 45: time for these does not count. */
  readonly reason: 'awaiting-materials' | 'hearing' | 'expert-review' | 'inspection' | 'other';
}
export type CaseResumed = CaseRef;
export interface CaseDecided extends CaseRef {
  readonly outcome: 'approved' | 'refused';
  readonly reason?: string;
}
export interface CaseCompleted extends CaseRef {
  readonly outcome: 'approved' | 'refused' | 'withdrawn';
}

export type CaseLifecycleEvent =
  | { readonly type: 'CaseAccepted'; readonly data: CaseAccepted }
  | { readonly type: 'CaseStepCompleted'; readonly data: CaseStepCompleted }
  | { readonly type: 'CaseSuspended'; readonly data: CaseSuspended }
  | { readonly type: 'CaseResumed'; readonly data: CaseResumed }
  | { readonly type: 'CaseDecided'; readonly data: CaseDecided }
  | { readonly type: 'CaseCompleted'; readonly data: CaseCompleted };

export function isCaseLifecycleEvent(name: string): name is CaseLifecycleEventName {
  return (CASE_LIFECYCLE_EVENTS as readonly string[]).includes(name);
}
