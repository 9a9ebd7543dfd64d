import { DomainError, RuleViolation, ValidationError } from '@gov/event-sourcing';
import { CalendarCoverageError, CatalogLookupError, StandardsValidationError } from '@gov/service-standards';

/** A lookup that found nothing, with the lib's own code and words (404). */
export class LookupNotFoundError extends DomainError {
  readonly kind = 'not-found' as const;
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
  }
}

/**
 * The standards lib has its own error classes (it can't import the event store);
 * at supervision's edges they become domain errors, so they map to 400/404/422.
 */
export function asDomainError(error: unknown): unknown {
  if (error instanceof StandardsValidationError) return new ValidationError(error.issues, error.message);
  if (error instanceof CatalogLookupError) return new LookupNotFoundError(error.code, error.message, error.details ? { ...error.details } : undefined);
  if (error instanceof CalendarCoverageError) return new RuleViolation(error.code, error.message, { year: error.year });
  return error;
}

/** Runs fn, rethrowing standards errors as domain errors. */
export function withDomainErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw asDomainError(error);
  }
}
