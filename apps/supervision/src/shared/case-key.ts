/**
 * A case as supervision knows it: case ids are unique only within the publishing
 * service (contracts: case-lifecycle.ts), so the key carries the service.
 */
export interface CaseRef {
  readonly service: string;
  readonly caseId: string;
}

export function caseKeyOf(ref: CaseRef): string {
  return `${ref.service}/${ref.caseId}`;
}
