/**
 * Real-estate unit number (不动产单元号), GB/T 37346-2019: 28 characters =
 * county division code (6) + cadastral zone and subzone (6) + parcel feature
 * code (2 letters, first G/J/Z: state, collective, disputed) + parcel serial (5)
 * + fixture feature code (F building, L forest, Q other, W none) + fixture serial (8).
 * Example: `500102001001GB00001F00010001`.
 */
const UNIT_NUMBER_PATTERN = /^\d{12}[GJZ][A-Z]\d{5}[FLQW]\d{8}$/;

export function isValidUnitNumber(value: unknown): value is string {
  return typeof value === 'string' && UNIT_NUMBER_PATTERN.test(value);
}

export const UNIT_NUMBER_RULE = 'must be a 28-character unit number (GB/T 37346), e.g. 500102001001GB00001F00010001';

/** The rule as the validators and the field collector take it. */
export const UNIT_NUMBER = Object.freeze({ test: isValidUnitNumber, message: UNIT_NUMBER_RULE });
