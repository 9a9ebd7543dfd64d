import { ValidationError } from '@gov/event-sourcing';
import {
  certificateNumberFormat,
  certificateYearOf,
  formatCertificateNumber,
  isValidCertificateNumber,
  normalizeCertificateNumber,
  parseCertificateNumber,
} from './certificate-number';

describe('certificate number', () => {
  it('formats the example from the standard layout', () => {
    expect(formatCertificateNumber({ year: 2018, serial: 1234 })).toBe('渝(2018)涪陵区不动产权第0001234号');
    expect(formatCertificateNumber({ year: 2019, serial: 1 })).toBe('渝(2019)涪陵区不动产权第0000001号');
    expect(formatCertificateNumber({ year: 2019, serial: 9_999_999 })).toBe('渝(2019)涪陵区不动产权第9999999号');
  });

  it('parses what it formats', () => {
    for (const parts of [{ year: 2018, serial: 1234 }, { year: 2030, serial: 1 }, { year: 2018, serial: 9_999_999 }]) {
      expect(parseCertificateNumber(formatCertificateNumber(parts))).toEqual(parts);
    }
  });

  it('reads full-width brackets as printed on paper, and normalises them', () => {
    expect(parseCertificateNumber('渝（2018）涪陵区不动产权第0001234号')).toEqual({ year: 2018, serial: 1234 });
    expect(normalizeCertificateNumber('渝（2018）涪陵区不动产权第0001234号')).toBe('渝(2018)涪陵区不动产权第0001234号');
  });

  it.each([
    ['another district', '渝(2018)渝中区不动产权第0001234号'],
    ['another province', '川(2018)涪陵区不动产权第0001234号'],
    ['a six-digit serial', '渝(2018)涪陵区不动产权第001234号'],
    ['an eight-digit serial', '渝(2018)涪陵区不动产权第00001234号'],
    ['serial zero', '渝(2018)涪陵区不动产权第0000000号'],
    ['a two-digit year', '渝(18)涪陵区不动产权第0001234号'],
    ['a missing 号', '渝(2018)涪陵区不动产权第0001234'],
    ['a proof of another right', '渝(2018)涪陵区不动产证明第0001234号'],
    ['full-width digits', '渝(２０１８)涪陵区不动产权第0001234号'],
    ['empty text', ''],
  ])('refuses %s', (_, text) => {
    expect(isValidCertificateNumber(text)).toBe(false);
    expect(() => parseCertificateNumber(text)).toThrow(ValidationError);
  });

  it('refuses a serial or year it cannot print', () => {
    expect(() => formatCertificateNumber({ year: 2018, serial: 0 })).toThrow(ValidationError);
    expect(() => formatCertificateNumber({ year: 2018, serial: 10_000_000 })).toThrow(ValidationError);
    expect(() => formatCertificateNumber({ year: 2018, serial: 1.5 })).toThrow(ValidationError);
    expect(() => formatCertificateNumber({ year: 18, serial: 1 })).toThrow(ValidationError);
  });

  it('takes the province and district from configuration', () => {
    const format = certificateNumberFormat({ provinceAbbreviation: '川', district: '武侯区' });
    const number = formatCertificateNumber({ year: 2020, serial: 42 }, format);
    expect(number).toBe('川(2020)武侯区不动产权第0000042号');
    expect(isValidCertificateNumber(number, format)).toBe(true);
    expect(isValidCertificateNumber(number)).toBe(false);
    expect(certificateNumberFormat()).toEqual({ provinceAbbreviation: '渝', district: '涪陵区' });
  });

  it('refuses a bad configuration, naming the setting', () => {
    expect(() => certificateNumberFormat({ provinceAbbreviation: 'CQ', district: 'x' })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ field: 'provinceAbbreviation' }), expect.objectContaining({ field: 'district' })] }),
    );
  });

  it('escapes configured text in the pattern', () => {
    // Only Han characters pass configuration, but the parser must not trust that.
    const format = { provinceAbbreviation: '.', district: '.*' };
    expect(isValidCertificateNumber('渝(2018)涪陵区不动产权第0001234号', format)).toBe(false);
    expect(isValidCertificateNumber('.(2018).*不动产权第0001234号', format)).toBe(true);
  });

  it('numbers by the calendar year in China', () => {
    expect(certificateYearOf('2018-12-31T15:59:59Z')).toBe(2018);
    expect(certificateYearOf('2018-12-31T16:00:00Z')).toBe(2019);
    expect(certificateYearOf('2019-01-01T00:30:00+08:00')).toBe(2019);
  });
});
