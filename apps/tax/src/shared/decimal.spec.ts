import { applyRate, divideRoundHalfUp, parseDecimal, toScaledInteger } from './decimal';

describe('decimal', () => {
  it('parses decimal strings exactly and refuses anything else', () => {
    expect(parseDecimal('0.015')).toEqual({ numerator: 15n, denominator: 1000n });
    expect(parseDecimal('90')).toEqual({ numerator: 90n, denominator: 1n });
    for (const bad of ['', '.5', '1.', '-1', '1e3', '1,5', ' 1']) expect(parseDecimal(bad)).toBeNull();
  });

  it('scales to integers without float error and refuses excess precision', () => {
    expect(toScaledInteger('89.99', 2)).toBe(8999);
    expect(toScaledInteger('90.1', 2)).toBe(9010);
    expect(toScaledInteger('0.29', 2)).toBe(29); // 0.29 × 100 in floats is 28.999999999999996
    expect(toScaledInteger('89.999', 2)).toBeNull();
  });

  it('rounds half up', () => {
    expect(divideRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divideRoundHalfUp(7n, 3n)).toBe(2n);
    expect(divideRoundHalfUp(8n, 3n)).toBe(3n);
    expect(applyRate(2_857_150, { numerator: 7n, denominator: 100n })).toBe(200_001); // 200,000.5
  });

  it('stays exact beyond 2^53 in the intermediate product', () => {
    // 9,000,000,000,000 fen × 5 / 105 needs more than 53 bits on the way.
    expect(applyRate(9_000_000_000_000, { numerator: 5n, denominator: 100n }, { numerator: 105n, denominator: 100n })).toBe(
      428_571_428_571,
    );
  });
});
