import { ValidationError, type FieldIssue } from '@gov/event-sourcing';
import { isCaseLifecycleEvent, type CaseLifecycleEvent } from '@gov/contracts';
import { toInstant } from '@gov/service-standards';

const SUSPENSION_REASONS = ['awaiting-materials', 'hearing', 'expert-review', 'inspection', 'other'] as const;
const DECISIONS = ['approved', 'refused'] as const;
const COMPLETIONS = ['approved', 'refused', 'withdrawn'] as const;

type Data = Record<string, unknown>;

/**
 * Reads a lifecycle event from another service's message, checking the
 * contract's fields (libs/contracts case-lifecycle.ts). Returns null for events
 * that are not lifecycle events; throws ValidationError (→ DLQ, no retries) for
 * a lifecycle event that breaks the contract.
 */
export function readLifecycleEvent(name: string, data: unknown): CaseLifecycleEvent | null {
  if (!isCaseLifecycleEvent(name)) return null;
  const issues: FieldIssue[] = [];
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw ValidationError.field('data', 'expected a JSON object');
  const d = data as Data;
  const text = (field: string, required = true): string | undefined => {
    const v = d[field];
    if (v === undefined || v === null) {
      if (required) issues.push({ field, message: 'is required' });
      return undefined;
    }
    if (typeof v !== 'string' || (required && v.trim() === '')) {
      issues.push({ field, message: 'expected a non-empty string' });
      return undefined;
    }
    return v;
  };
  const oneOf = <T extends string>(field: string, values: readonly T[]): T | undefined => {
    const v = text(field);
    if (v !== undefined && !(values as readonly string[]).includes(v)) issues.push({ field, message: `expected one of ${values.join(', ')}` });
    return v as T | undefined;
  };
  const strings = (field: string): string[] | undefined => {
    const v = d[field];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      issues.push({ field, message: 'expected an array of strings' });
      return undefined;
    }
    return v as string[];
  };

  const caseId = text('caseId');
  const itemCode = text('itemCode');
  const department = text('department');
  // The contract requires it; an empty or missing one falls back to the version in force at acceptance.
  const catalogVersion = text('catalogVersion', false) ?? '';
  const at = text('at');
  if (at !== undefined) {
    try {
      toInstant(at, 'at');
      if (!/([+-]\d{2}:\d{2}|Z)$/.test(at)) issues.push({ field: 'at', message: 'expected an ISO 8601 date-time with an offset' });
    } catch {
      issues.push({ field: 'at', message: 'expected an ISO 8601 date-time with an offset' });
    }
  }
  const ref = { caseId: caseId ?? '', itemCode: itemCode ?? '', catalogVersion, department: department ?? '', at: at ?? '' };

  let event: CaseLifecycleEvent;
  switch (name) {
    case 'CaseAccepted': {
      const window = text('window', false);
      const toleratedMissing = strings('toleratedMissing');
      const applicantIds = strings('applicantIds');
      event = { type: name, data: { ...ref, ...(window ? { window } : {}), ...(toleratedMissing ? { toleratedMissing } : {}), ...(applicantIds ? { applicantIds } : {}) } };
      break;
    }
    case 'CaseStepCompleted': {
      const step = text('step') ?? '';
      const actor = text('actor', false);
      event = { type: name, data: { ...ref, step, ...(actor ? { actor } : {}) } };
      break;
    }
    case 'CaseSuspended':
      event = { type: name, data: { ...ref, reason: oneOf('reason', SUSPENSION_REASONS) ?? 'other' } };
      break;
    case 'CaseResumed':
      event = { type: name, data: ref };
      break;
    case 'CaseDecided': {
      const reason = text('reason', false);
      event = { type: name, data: { ...ref, outcome: oneOf('outcome', DECISIONS) ?? 'approved', ...(reason ? { reason } : {}) } };
      break;
    }
    case 'CaseCompleted':
      event = { type: name, data: { ...ref, outcome: oneOf('outcome', COMPLETIONS) ?? 'approved' } };
      break;
    default: {
      const unknownName: never = name;
      throw new Error(`unhandled lifecycle event ${String(unknownName)}`);
    }
  }
  if (issues.length) throw new ValidationError(issues, `${name}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
  return event;
}
