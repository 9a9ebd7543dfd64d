import { rate, roundedPercent } from './rate';

describe(roundedPercent.name, () => {
  it('rounds the article figures half up to whole percent', () => {
    expect(roundedPercent(52, 74)).toBe(70); // 70.27%
    expect(roundedPercent(68, 74)).toBe(92); // 91.89%
    expect(roundedPercent(74, 74)).toBe(100);
    expect(roundedPercent(1, 8)).toBe(13); // 12.5% goes up
    expect(roundedPercent(473, 730)).toBe(65); // 64.79%
  });
});

describe(rate.name, () => {
  it('keeps the exact fraction and has no value for an empty count', () => {
    expect(rate(52, 74)).toEqual({ numerator: 52, denominator: 74, ratio: 52 / 74, percent: 70 });
    expect(rate(0, 0)).toEqual({ numerator: 0, denominator: 0, ratio: null, percent: null });
  });
});
