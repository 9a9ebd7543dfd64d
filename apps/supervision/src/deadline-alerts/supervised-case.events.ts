import type { TimeLimit } from '@gov/service-standards';

/** What an alert says about the case it is raised for. */
interface AlertRef {
  readonly caseKey: string;
  /** The department service that handles the case, and its case id there. */
  readonly service: string;
  readonly caseId: string;
  readonly itemCode: string;
  readonly catalogVersion: string;
  readonly department: string;
  readonly promisedLimit: TimeLimit;
  /** The first instant past the promised limit. */
  readonly dueAt: string;
  /** When the alert was raised. */
  readonly at: string;
}

/** 80% of the promised limit is used and the case is still running (ISO 8601 times with offset). */
export interface CaseDeadlineWarning extends AlertRef {
  readonly warnAt: string;
}

/** The promised limit passed with the case still running. */
export type CaseDeadlineBreached = AlertRef;

export type SupervisedCaseEvent =
  | { readonly type: 'CaseDeadlineWarning'; readonly data: CaseDeadlineWarning }
  | { readonly type: 'CaseDeadlineBreached'; readonly data: CaseDeadlineBreached };

export type SupervisedCaseCommand =
  | { readonly type: 'RaiseDeadlineWarning'; readonly data: CaseDeadlineWarning }
  | { readonly type: 'RaiseDeadlineBreach'; readonly data: CaseDeadlineBreached };
