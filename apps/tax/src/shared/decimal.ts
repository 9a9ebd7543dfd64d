/**
 * Exact decimal arithmetic for money and rates. Amounts are integer fen; rates
 * and areas arrive as decimal strings so that no binary float ever decides a
 * threshold or a fen.
 */

/** An exact non-negative rational number. */
export interface Fraction {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** Parses a non-negative decimal string ("0.015", "1.05", "90") exactly; null when malformed. */
export function parseDecimal(value: string): Fraction | null {
  const match = DECIMAL.exec(value);
  if (!match) return null;
  const fraction = match[2] ?? '';
  return { numerator: BigInt(match[1] + fraction), denominator: 10n ** BigInt(fraction.length) };
}

/**
 * A non-negative decimal with at most `places` decimals, scaled to an integer:
 * `toScaledInteger("89.5", 2)` is 8950 (hundredths). Null when malformed or too precise.
 */
export function toScaledInteger(value: string, places: number): number | null {
  const match = DECIMAL.exec(value);
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > places) return null;
  const scaled = Number(match[1] + fraction.padEnd(places, '0'));
  return Number.isSafeInteger(scaled) ? scaled : null;
}

/** numerator / denominator rounded half up; both non-negative. */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

/** base × rate ÷ divisor, rounded half up to an integer (fen). */
export function applyRate(baseFen: number, rate: Fraction, divisor: Fraction = ONE): number {
  const result = divideRoundHalfUp(
    BigInt(baseFen) * rate.numerator * divisor.denominator,
    rate.denominator * divisor.numerator,
  );
  return toSafeNumber(result);
}

export const ONE: Fraction = { numerator: 1n, denominator: 1n };

export function toSafeNumber(value: bigint): number {
  const result = Number(value);
  if (!Number.isSafeInteger(result)) throw new RangeError(`${value} is beyond the safe integer range`);
  return result;
}
