/**
 * Domain errors: typed values the edges map to problem+json, gRPC status codes,
 * or Kafka retry / dead letter. No framework types here.
 */
export type DomainErrorKind =
  | 'validation' // input is malformed: 400
  | 'rule' // input is well formed but a business rule refuses it: 422
  | 'conflict' // the state does not allow it now, or a concurrent change won: 409
  | 'not-found' // 404
  | 'forbidden' // authenticated, but not allowed: 403
  | 'unauthenticated'; // 401

export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  /** Stable machine-readable code, e.g. `unit-seized`. */
  readonly code: string;
  readonly details?: Readonly<Record<string, unknown>>;

  protected constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/** Malformed input, naming each bad field. */
export class ValidationError extends DomainError {
  readonly kind = 'validation' as const;
  readonly issues: readonly FieldIssue[];
  constructor(issues: readonly FieldIssue[], message?: string) {
    super('validation-failed', message ?? issues.map((i) => `${i.field}: ${i.message}`).join('; '));
    this.issues = issues;
  }
  static field(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
}

/** A business rule refuses the command (e.g. the unit is seized). */
export class RuleViolation extends DomainError {
  readonly kind = 'rule' as const;
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
  }
}

/** The aggregate is not in a state that allows the command. */
export class IllegalStateError extends DomainError {
  readonly kind = 'conflict' as const;
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not-found' as const;
  constructor(what: string, id: string) {
    super('not-found', `${what} ${id} was not found`, { what, id });
  }
}

export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden' as const;
  constructor(message = 'not allowed', code = 'forbidden') {
    super(code, message);
  }
}

export class UnauthenticatedError extends DomainError {
  readonly kind = 'unauthenticated' as const;
  constructor(message = 'a valid bearer token is required') {
    super('unauthenticated', message);
  }
}

/** Optimistic concurrency: the stream moved on since it was read. */
export class StreamVersionConflictError extends DomainError {
  readonly kind = 'conflict' as const;
  readonly streamId: string;
  readonly expectedVersion: number;
  readonly actualVersion: number;
  constructor(streamId: string, expectedVersion: number, actualVersion: number) {
    super(
      'stream-version-conflict',
      `stream ${streamId} is at version ${actualVersion}, expected ${expectedVersion}`,
      { streamId, expectedVersion, actualVersion },
    );
    this.streamId = streamId;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}

/**
 * An Idempotency-Key (or a message's command id) reused for a different
 * request. The scoped command id stays out of the answer: it names the caller.
 */
export class IdempotencyKeyReusedError extends DomainError {
  readonly kind = 'rule' as const;
  constructor() {
    super('idempotency-key-reused', 'Idempotency-Key was already used for a different request; send a new key with a new request', {
      field: 'Idempotency-Key',
    });
  }
}
