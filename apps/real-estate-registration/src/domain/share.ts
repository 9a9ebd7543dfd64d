/**
 * An owner's share of a unit (按份共有) as an exact fraction. Integer numerator
 * and denominator, not basis points or floats, so 1/3 + 1/3 + 1/3 is exactly 1.
 * Kept as registered (2/4 stays 2/4); compare with {@link sharesSumToOne}.
 */
export interface Share {
  readonly numerator: number;
  readonly denominator: number;
}

// Bounds the arithmetic and catches nonsense such as a price typed into a share.
export const MAX_SHARE_DENOMINATOR = 1_000_000;

const SHARE_TEXT = /^(\d{1,7})(?:\/(\d{1,7}))?$/;

/** Why a share is malformed, or null when it is a fraction in (0, 1]. */
export function shareProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'must be { numerator, denominator }';
  const { numerator, denominator } = value as Record<string, unknown>;
  if (!isCount(numerator) || !isCount(denominator)) return 'numerator and denominator must be positive integers';
  if (denominator > MAX_SHARE_DENOMINATOR) return `denominator must be at most ${MAX_SHARE_DENOMINATOR}`;
  if (numerator > denominator) return 'must not be more than the whole';
  return null;
}

/** Exact: the sum of the fractions is 1, computed in bigint. */
export function sharesSumToOne(shares: readonly Share[]): boolean {
  let num = 0n;
  let den = 1n;
  for (const share of shares) {
    const n = BigInt(share.numerator);
    const d = BigInt(share.denominator);
    num = num * d + n * den;
    den = den * d;
    const g = gcd(num, den);
    num /= g;
    den /= g;
  }
  return num === den;
}

/** `"1/2"` or `"1"` (the whole) → a share; null when the text is not a fraction of that form. */
export function parseShare(text: string): Share | null {
  const match = SHARE_TEXT.exec(text.trim());
  if (!match) return null;
  return { numerator: Number(match[1]), denominator: match[2] === undefined ? 1 : Number(match[2]) };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}
