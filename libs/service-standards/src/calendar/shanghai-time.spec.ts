import { StandardsValidationError } from '../errors';
import { addCalendarDays, formatShanghai, isIsoDate, toInstant, toIsoDate, weekdayOf } from './shanghai-time';

describe(toInstant.name, () => {
  it('reads a bare date as 00:00 in Asia/Shanghai', () => {
    expect(toInstant('2018-10-10').toISOString()).toBe('2018-10-09T16:00:00.000Z');
  });

  it('reads a date-time by its own offset', () => {
    expect(toInstant('2018-10-10T09:00:00+08:00').toISOString()).toBe('2018-10-10T01:00:00.000Z');
    expect(toInstant('2018-10-10T01:00:00Z').toISOString()).toBe('2018-10-10T01:00:00.000Z');
    expect(toInstant('2018-10-10T09:00+08:00').toISOString()).toBe('2018-10-10T01:00:00.000Z');
  });

  it('refuses what the host zone would have to interpret', () => {
    expect(() => toInstant('2018-10-10T09:00:00')).toThrow(StandardsValidationError);
    expect(() => toInstant('10/10/2018')).toThrow(/offset/);
    expect(() => toInstant(new Date(Number.NaN))).toThrow(/invalid Date/);
  });
});

describe(toIsoDate.name, () => {
  it('gives the Shanghai date of an instant', () => {
    expect(toIsoDate(new Date('2018-10-09T15:59:59Z'))).toBe('2018-10-09');
    expect(toIsoDate(new Date('2018-10-09T16:00:00Z'))).toBe('2018-10-10');
    expect(toIsoDate('2018-10-10')).toBe('2018-10-10');
  });

  it('refuses impossible dates', () => {
    expect(isIsoDate('2018-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(() => toIsoDate('2018-02-29')).toThrow(StandardsValidationError);
  });
});

describe(formatShanghai.name, () => {
  it('writes an instant in Shanghai time', () => {
    expect(formatShanghai(new Date('2018-10-10T01:00:00Z'))).toBe('2018-10-10T09:00:00+08:00');
    expect(formatShanghai(new Date('2018-10-10T01:00:00.250Z'))).toBe('2018-10-10T09:00:00.250+08:00');
  });

  it('goes with day arithmetic and weekdays', () => {
    expect(addCalendarDays('2018-12-31', 1)).toBe('2019-01-01');
    expect(weekdayOf('2018-02-11')).toBe(0);
    expect(weekdayOf('2024-02-04')).toBe(0);
    expect(weekdayOf('1970-01-01')).toBe(4);
  });
});
