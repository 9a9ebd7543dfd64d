import { ValidationError, type FieldIssue } from '@gov/event-sourcing';

/** Collects every bad field, so one refusal names all of them. */
export class FieldIssues {
  private readonly issues: FieldIssue[] = [];

  check(ok: boolean, field: string, message: string): this {
    if (!ok) this.issues.push({ field, message });
    return this;
  }

  add(field: string, message: string): this {
    this.issues.push({ field, message });
    return this;
  }

  get isEmpty(): boolean {
    return this.issues.length === 0;
  }

  throwIfAny(): void {
    if (this.issues.length > 0) throw new ValidationError(this.issues);
  }
}
