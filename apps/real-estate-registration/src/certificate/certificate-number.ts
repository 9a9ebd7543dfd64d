
import { ValidationError, type FieldIssue } from '@gov/event-sourcing';
import { chinaYearOf } from '../domain/values';

/**
 * Real-estate certificate number (不动产权证书号), e.g. `渝(2018)涪陵区不动产权第0001234号`:
 * province abbreviation, year, district, then a 7-digit serial that is unique
 * and gapless within a year and district (the serial itself is allocated by the handler).
 */
export interface CertificateNumberFormat {
  /** One character, e.g. `渝` for Chongqing. */
  readonly provinceAbbreviation: string;
  /** e.g. `涪陵区`. */
  readonly district: string;
}

export interface CertificateNumberParts {
  readonly year: number;
  /** 1..9,999,999. */
  readonly serial: number;
}

export const DEFAULT_CERTIFICATE_NUMBER_FORMAT: CertificateNumberFormat = { provinceAbbreviation: '渝', district: '涪陵区' };
export const MAX_CERTIFICATE_SERIAL = 9_999_999;

const PROVINCE = /^\p{Script=Han}$/u;
const DISTRICT = /^\p{Script=Han}{2,20}$/u;

/**
 * Builds the format from configuration, with Fuling's values as defaults.
 * @throws ValidationError naming the bad setting.
 */
export function certificateNumberFormat(config: Partial<CertificateNumberFormat> = {}): CertificateNumberFormat {
  const format = { ...DEFAULT_CERTIFICATE_NUMBER_FORMAT, ...config };
  const issues: FieldIssue[] = [];
  if (!PROVINCE.test(format.provinceAbbreviation)) {
    issues.push({ field: 'provinceAbbreviation', message: 'must be one Chinese character, e.g. 渝' });
  }
  if (!DISTRICT.test(format.district)) issues.push({ field: 'district', message: 'must be 2-20 Chinese characters, e.g. 涪陵区' });
  if (issues.length > 0) throw new ValidationError(issues);
  return format;
}

/** @throws ValidationError when the year is not four digits or the serial is out of range. */
export function formatCertificateNumber(parts: CertificateNumberParts, format = DEFAULT_CERTIFICATE_NUMBER_FORMAT): string {
  const problem = partsProblem(parts);
  if (problem !== null) throw ValidationError.field(problem.field, problem.message);
  return `${format.provinceAbbreviation}(${parts.year})${format.district}不动产权第${String(parts.serial).padStart(7, '0')}号`;
}

/**
 * Reads a certificate number of this district. Full-width brackets `（）`, as
 * printed on paper certificates, are read as the canonical ASCII ones.
 * @throws ValidationError (field `certificateNumber`) when it is not one.
 */
export function parseCertificateNumber(text: string, format = DEFAULT_CERTIFICATE_NUMBER_FORMAT): CertificateNumberParts {
  const parts = tryParse(text, format);
  if (parts === null) {
    throw ValidationError.field(
      'certificateNumber',
      `must look like ${format.provinceAbbreviation}(YYYY)${format.district}不动产权第NNNNNNN号 with a 7-digit serial from 0000001`,
    );
  }
  return parts;
}

export function isValidCertificateNumber(text: unknown, format = DEFAULT_CERTIFICATE_NUMBER_FORMAT): text is string {
  return typeof text === 'string' && tryParse(text, format) !== null;
}

/** The canonical spelling (ASCII brackets) of a certificate number of this district. */
export function normalizeCertificateNumber(text: string, format = DEFAULT_CERTIFICATE_NUMBER_FORMAT): string {
  return formatCertificateNumber(parseCertificateNumber(text, format), format);
}

/** Serials restart each year; the year is the calendar year in China when the certificate is issued. */
export function certificateYearOf(issuedAt: string): number {
  return chinaYearOf(issuedAt);
}

function tryParse(text: string, format: CertificateNumberFormat): CertificateNumberParts | null {
  const pattern = new RegExp(
    `^${escape(format.provinceAbbreviation)}[(（](\\d{4})[)）]${escape(format.district)}不动产权第(\\d{7})号$`,
    'u',
  );
  const match = pattern.exec(text.trim());
  if (!match) return null;
  const parts = { year: Number(match[1]), serial: Number(match[2]) };
  return partsProblem(parts) === null ? parts : null;
}

function partsProblem(parts: CertificateNumberParts): { field: string; message: string } | null {
  if (!Number.isInteger(parts.year) || parts.year < 1000 || parts.year > 9999) return { field: 'year', message: 'must be a four-digit year' };
  if (!Number.isInteger(parts.serial) || parts.serial < 1 || parts.serial > MAX_CERTIFICATE_SERIAL) {
    return { field: 'serial', message: `must be an integer from 1 to ${MAX_CERTIFICATE_SERIAL}` };
  }
  return null;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
