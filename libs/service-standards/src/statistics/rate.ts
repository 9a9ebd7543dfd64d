/** A share with its exact fraction, so figures can be checked without float noise. */
export interface Rate {
  readonly numerator: number;
  readonly denominator: number;
  /** numerator / denominator, null when nothing was counted. */
  readonly ratio: number | null;
  /** Whole percent, rounded half up: 52/74 = 70.27% → 70, 68/74 = 91.89% → 92. */
  readonly percent: number | null;
}

/** Whole percent of n/d, half up, in integer arithmetic (n, d whole, d > 0). */
export function roundedPercent(numerator: number, denominator: number): number {
  if (numerator < 0) return -roundedPercent(-numerator, denominator);
  return Math.floor((200 * numerator + denominator) / (2 * denominator));
}

export function rate(numerator: number, denominator: number): Rate {
  return {
    numerator,
    denominator,
    ratio: denominator === 0 ? null : numerator / denominator,
    percent: denominator === 0 ? null : roundedPercent(numerator, denominator),
  };
}
