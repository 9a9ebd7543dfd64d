import { parseCaseLifecycleEvent, type CaseLifecycleEvent } from '@gov/contracts';

/**
 * Reads a lifecycle event from another service's message with the shared
 * contract parser (libs/contracts case-lifecycle.parse.ts). Returns null for
 * events that are not lifecycle events; throws ContractViolation (→ DLQ at
 * once, the fields named) for a lifecycle event that breaks the contract.
 */
export function readLifecycleEvent(name: string, data: unknown): CaseLifecycleEvent | null {
  // Older departments left the catalog version out: read as the version in force at acceptance.
  const withVersion = typeof data === 'object' && data !== null && !Array.isArray(data) && (data as { catalogVersion?: unknown }).catalogVersion == null ? { ...data, catalogVersion: '' } : data;
  return parseCaseLifecycleEvent(name, withVersion);
}
