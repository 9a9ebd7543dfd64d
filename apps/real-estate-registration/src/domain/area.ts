/**
 * Floor area in integer hundredths of a square metre (8952 = 89.52 m²): the
 * register states areas to 0.01 m², and the tax rules compare with 90 m²
 * exactly, which floats cannot promise.
 */
export type AreaHundredthsM2 = number;

// Larger than any single unit; catches an area typed in the wrong unit.
export const MAX_AREA_HUNDREDTHS_M2 = 100_000_000;
const DECIMAL_M2 = /^(\d{1,7})(?:\.(\d{1,2}))?$/;

export function areaProblem(value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    return 'must be a positive integer number of hundredths of a square metre';
  }
  if (value > MAX_AREA_HUNDREDTHS_M2) return 'must be at most 1,000,000.00 m²';
  return null;
}

/** `"89.52"` → 8952; null when not a decimal with at most two places. */
export function parseAreaM2(text: string): AreaHundredthsM2 | null {
  const match = DECIMAL_M2.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}
