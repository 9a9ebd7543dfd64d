/**
 * Errors of the service-standards library. Same shape as `DomainError` in
 * @gov/event-sourcing (kind + stable code), which this pure lib can't import:
 * that package's entry also loads its PostgreSQL store.
 */
export type StandardsErrorKind = 'validation' | 'rule' | 'not-found';

export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

export abstract class StandardsError extends Error {
  abstract readonly kind: StandardsErrorKind;
  readonly code: string;
  readonly details?: Readonly<Record<string, unknown>>;

  protected constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/** Malformed input or data file; every issue names its field. */
export class StandardsValidationError extends StandardsError {
  readonly kind = 'validation' as const;
  readonly issues: readonly FieldIssue[];

  constructor(code: string, issues: readonly FieldIssue[], context?: string) {
    const list = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
    super(code, context ? `${context}: ${list}` : list);
    this.issues = issues;
  }

  static field(code: string, field: string, message: string): StandardsValidationError {
    return new StandardsValidationError(code, [{ field, message }]);
  }
}

/** The calendar has no holiday data for the year, so it refuses to guess. */
export class CalendarCoverageError extends StandardsError {
  readonly kind = 'rule' as const;
  readonly year: number;

  constructor(year: number) {
    super(
      'calendar-year-not-covered',
      `no holiday data for ${year}: add the State Council arrangement to libs/service-standards/data/holiday-overrides.json or upgrade chinese-days`,
      { year },
    );
    this.year = year;
  }
}

export class CatalogLookupError extends StandardsError {
  readonly kind = 'not-found' as const;

  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
  }
}
