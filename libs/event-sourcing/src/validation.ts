import { ValidationError, type FieldIssue } from './errors';

/** A rule a value must keep, with the message that names it (never the value): see @gov/service-standards. */
export interface ValueRule<T> {
  readonly test: (value: unknown) => value is T;
  readonly message: string;
}

/**
 * Collects every bad field of one input, so a single refusal names all of them
 * (a client fixing one field at a time would need a round trip per field).
 * Services extend it with their own checks (`class Issues extends Validation`).
 */
export class Validation {
  protected readonly found: FieldIssue[] = [];

  constructor(private readonly prefix = '') {}

  add(field: string, message: string): this {
    this.found.push({ field: this.path(field), message });
    return this;
  }

  /** Adds the issue when `ok` is false; returns `ok` so callers can skip dependent checks. */
  check(ok: boolean, field: string, message: string): boolean {
    if (!ok) this.add(field, message);
    return ok;
  }

  /** Adds the rule's message unless the value keeps it; a type guard for the checks that follow. */
  require<T>(field: string, value: unknown, rule: ValueRule<T>): value is T {
    return this.check(rule.test(value), field, rule.message);
  }

  /** Trimmed, non-empty, at most `maxLength` characters. */
  text(field: string, value: unknown, maxLength: number): value is string {
    if (typeof value !== 'string' || value.trim() === '') return this.check(false, field, 'is required');
    if (value !== value.trim()) return this.check(false, field, 'must not start or end with white space');
    return this.check([...value].length <= maxLength, field, `must be at most ${maxLength} characters`);
  }

  /** A list of `min` to `max` entries. */
  list<T>(field: string, value: unknown, options: { min: number; max: number }): value is readonly T[] {
    if (!Array.isArray(value)) return this.check(false, field, 'must be a list');
    const count = options.min === options.max ? `${options.min}` : `${options.min} to ${options.max}`;
    return this.check(value.length >= options.min && value.length <= options.max, field, `must have ${count} entries`);
  }

  /**
   * Checks a nested object or list item under `field` (`owners[0]` → `owners[0].share`),
   * with the same collector, so nested issues are reported with the rest.
   */
  within<T>(field: string, fn: (nested: Validation) => T): T {
    const nested = new Validation(this.path(field));
    try {
      return fn(nested);
    } finally {
      this.found.push(...nested.issues);
    }
  }

  /**
   * Runs a parser that throws ValidationError (a value object's constructor, say)
   * and keeps its issues instead of stopping at the first. Other errors propagate.
   */
  capture<T>(field: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const nested = new Validation(this.path(field));
      for (const issue of error.issues) nested.add(issue.field, issue.message);
      this.found.push(...nested.issues);
      return undefined;
    }
  }

  get issues(): readonly FieldIssue[] {
    return [...this.found];
  }

  get isEmpty(): boolean {
    return this.found.length === 0;
  }

  /** Throws one ValidationError naming every field collected so far. */
  throwIfAny(): void {
    if (this.found.length > 0) throw new ValidationError([...this.found]);
  }

  private path(field: string): string {
    if (!this.prefix) return field;
    if (!field) return this.prefix;
    return field.startsWith('[') ? `${this.prefix}${field}` : `${this.prefix}.${field}`;
  }
}

/** Runs the checks and throws one ValidationError naming every bad field, or returns what `fn` returned. */
export function validated<T>(fn: (v: Validation) => T): T {
  const v = new Validation();
  const result = fn(v);
  v.throwIfAny();
  return result;
}

/** Runs the checks and returns the issues found (empty when the input is fine). */
export function collectIssues(fn: (v: Validation) => void): readonly FieldIssue[] {
  const v = new Validation();
  fn(v);
  return v.issues;
}
