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

/** A rule a value must keep, with the message that names it (never the value). */
export interface ValueRule<T> {
  readonly test: (value: unknown) => value is T;
  readonly message: string;
}

/**
 * Collects every bad field of one input, so a single refusal names all of
 * them (the one collector of the domain and the edge).
 */
export class FieldIssues {
  private readonly found: FieldIssue[] = [];

  add(field: string, message: string): this {
    this.found.push({ field, message });
    return this;
  }

  /** Records `message` for `field` unless `ok` (chainable). */
  check(ok: boolean, field: string, message: string): this {
    return ok ? this : this.add(field, message);
  }

  /** Records the rule's message unless the value keeps it; a type guard for what follows. */
  require<T>(field: string, value: unknown, rule: ValueRule<T>): value is T {
    return this.holds(rule.test(value), field, rule.message);
  }

  /** Trimmed, non-empty, at most `maxLength` characters. */
  text(field: string, value: unknown, maxLength: number): value is string {
    if (typeof value !== 'string' || value.trim() === '') return this.holds(false, field, 'is required');
    if (value !== value.trim()) return this.holds(false, field, 'must not start or end with white space');
    return this.holds([...value].length <= maxLength, field, `must be at most ${maxLength} characters`);
  }

  list<T>(field: string, value: unknown, options: { min: number; max: number }): value is readonly T[] {
    if (!Array.isArray(value)) return this.holds(false, field, 'must be a list');
    const count = options.min === options.max ? `${options.min}` : `${options.min} to ${options.max}`;
    return this.holds(value.length >= options.min && value.length <= options.max, field, `must have ${count} entries`);
  }

  private holds(ok: boolean, field: string, message: string): boolean {
    this.check(ok, field, message);
    return ok;
  }

  get all(): readonly FieldIssue[] {
    return this.found;
  }

  get isEmpty(): boolean {
    return this.found.length === 0;
  }

  throwIfAny(message?: string): void {
    if (this.found.length > 0) throw new ValidationError([...this.found], message);
  }
}
