import { ValidationError, type FieldIssue } from './errors';

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
