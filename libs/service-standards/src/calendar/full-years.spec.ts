import { fullYearsBetween } from './full-years';

describe(fullYearsBetween.name, () => {
  it.each([
    ['2016-06-30', '2018-06-29', 1],
    ['2016-06-30', '2018-06-30', 2],
    ['2016-02-29', '2018-02-27', 1],
    ['2016-02-29', '2018-02-28', 2], // no 29 February: the month's last day completes the year
    ['2016-02-29', '2020-02-28', 3], // a leap year has its own 29th
    ['2016-02-29', '2020-02-29', 4],
    ['2018-06-30', '2018-06-30', 0],
    ['2017-12-31', '2018-01-01', 0],
  ])('%s → %s is %i full years', (from, to, years) => {
    expect(fullYearsBetween(from, to)).toBe(years);
  });
});
