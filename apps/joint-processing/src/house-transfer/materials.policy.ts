import type { MaterialInput } from './joint-case.types';

/**
 * Administrative Licensing Law art. 32: when materials are incomplete, the
 * applicant is told everything missing at once (一次性告知), not one by one.
 */
export function missingMaterials(required: readonly string[], given: readonly MaterialInput[]): string[] {
  const have = new Set(given.map((m) => m.type));
  return required.filter((r) => !have.has(r));
}
