/**
 * Structural checks only. The check characters (GB 11643, GB 32100) are
 * verified at the edge with @gov/identity before a command is built; a decider
 * still refuses a command whose identifiers are not even shaped right.
 */

const RESIDENT_ID = /^\d{17}[\dX]$/;
// GB 32100 alphabet: no I, O, S, V, Z.
const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

export function hasResidentIdShape(value: unknown): value is string {
  return typeof value === 'string' && RESIDENT_ID.test(value);
}

export function hasCreditCodeShape(value: unknown): value is string {
  return typeof value === 'string' && CREDIT_CODE.test(value);
}

export function isNonBlank(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}
