import { fullYearsBetween, isCalendarDate, isInstant } from './calendar-date';

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

describe('calendar date and instant shapes', () => {
  it('accepts only real dates', () => {
    expect(isCalendarDate('2018-02-28')).toBe(true);
    expect(isCalendarDate('2018-02-29')).toBe(false);
    expect(isCalendarDate('2018-2-28')).toBe(false);
    expect(isCalendarDate(20180228)).toBe(false);
  });

  it('accepts ISO instants with an offset', () => {
    expect(isInstant('2018-06-30T09:15:00Z')).toBe(true);
    expect(isInstant('2018-06-30T09:15:00.123+08:00')).toBe(true);
    expect(isInstant('2018-06-30T09:15:00')).toBe(false);
    expect(isInstant('2018-06-30')).toBe(false);
  });
});
