import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import chineseDaysPackage from 'chinese-days/package.json';
import repositoryOverrides from '../../data/holiday-overrides.json';
import { StandardsValidationError, type FieldIssue } from '../errors';
import { isIsoDate, type IsoDate } from './shanghai-time';

/**
 * holiday: closed for everyone; workday: a make-up working day (调休上班), open
 * for everyone; ordinary: neither, the weekly rule applies.
 */
export type HolidayDayType = 'holiday' | 'workday' | 'ordinary';
export type YearStatus = 'official' | 'provisional';

export interface HolidayEntry {
  readonly type: HolidayDayType;
  readonly name: string | null;
  readonly source: string;
  /** A weekday given off in exchange for a make-up working day (调休). */
  readonly inLieu: boolean;
}

export interface YearCoverage {
  readonly status: YearStatus;
  readonly source: string;
}

/** Holiday arrangements by date, and the years they fully cover. */
export interface HolidayTable {
  readonly source: string;
  readonly years: ReadonlyMap<number, YearCoverage>;
  readonly dates: ReadonlyMap<IsoDate, HolidayEntry>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The library's published data table rather than its isWorkday()/getDayDetail():
 * those parse 'YYYY-MM-DD' as UTC midnight but read it back in the host's zone,
 * and build their tables the same way, so west of UTC every answer is a day
 * early. The table is the same maintained data, keyed by plain date strings.
 */
export function parseChineseDaysData(data: unknown, version: string): HolidayTable {
  const source = `chinese-days@${version}`;
  const issues: FieldIssue[] = [];
  const dates = new Map<IsoDate, HolidayEntry>();
  const years = new Map<number, YearCoverage>();
  if (!isRecord(data)) throw StandardsValidationError.field('holiday-data-invalid', source, 'expected an object');
  const inLieu = isRecord(data.inLieuDays) ? data.inLieuDays : {};
  for (const [key, type] of [
    ['holidays', 'holiday'],
    ['workdays', 'workday'],
  ] as const) {
    const table = data[key];
    if (!isRecord(table)) {
      issues.push({ field: `${source}.${key}`, message: 'expected an object of date → description' });
      continue;
    }
    for (const [date, description] of Object.entries(table)) {
      if (!isIsoDate(date) || typeof description !== 'string') {
        issues.push({ field: `${source}.${key}.${date}`, message: 'expected YYYY-MM-DD → "English,中文,days"' });
        continue;
      }
      const [english, chinese] = description.split(',');
      dates.set(date, { type, name: chinese || english || null, source, inLieu: date in inLieu });
      if (type === 'holiday') years.set(Number(date.slice(0, 4)), { status: 'official', source });
    }
  }
  if (issues.length > 0) throw new StandardsValidationError('holiday-data-invalid', issues);
  return { source, years, dates };
}

const DAY_TYPES: readonly HolidayDayType[] = ['holiday', 'workday', 'ordinary'];
const YEAR_STATUSES: readonly YearStatus[] = ['official', 'provisional'];

/** Reads the override file format (`data/holiday-overrides.json`), naming every bad field. */
export function parseHolidayOverrides(json: unknown, source = 'holiday-overrides.json'): HolidayTable {
  const issues: FieldIssue[] = [];
  const issue = (field: string, message: string) => issues.push({ field, message });
  const years = new Map<number, YearCoverage>();
  const dates = new Map<IsoDate, HolidayEntry>();
  if (!isRecord(json)) throw StandardsValidationError.field('holiday-overrides-invalid', '(root)', 'expected an object');
  for (const key of Object.keys(json)) {
    if (!['header', 'years', 'dates'].includes(key)) issue(key, 'unknown field (expected header, years, dates)');
  }
  if (json.header !== undefined && !(Array.isArray(json.header) && json.header.every((l) => typeof l === 'string'))) {
    issue('header', 'expected an array of strings');
  }
  const yearsJson = json.years ?? {};
  if (!isRecord(yearsJson)) issue('years', 'expected an object of year → { status, source }');
  else {
    for (const [year, value] of Object.entries(yearsJson)) {
      const field = `years.${year}`;
      if (!/^\d{4}$/.test(year)) issue(field, 'the key must be a four-digit year');
      if (!isRecord(value)) {
        issue(field, 'expected { status, source }');
        continue;
      }
      if (!YEAR_STATUSES.includes(value.status as YearStatus)) issue(`${field}.status`, `expected one of ${YEAR_STATUSES.join(', ')}`);
      if (typeof value.source !== 'string' || value.source.trim() === '') issue(`${field}.source`, 'a source note is required');
      years.set(Number(year), { status: value.status as YearStatus, source: String(value.source) });
    }
  }
  const datesJson = json.dates ?? {};
  if (!isRecord(datesJson)) issue('dates', 'expected an object of date → { type, source }');
  else {
    for (const [date, value] of Object.entries(datesJson)) {
      const field = `dates.${date}`;
      if (!isIsoDate(date)) issue(field, 'the key must be a date YYYY-MM-DD');
      if (!isRecord(value)) {
        issue(field, 'expected { type, name?, source }');
        continue;
      }
      for (const key of Object.keys(value)) {
        if (!['type', 'name', 'source'].includes(key)) issue(`${field}.${key}`, 'unknown field (expected type, name, source)');
      }
      if (!DAY_TYPES.includes(value.type as HolidayDayType)) issue(`${field}.type`, `expected one of ${DAY_TYPES.join(', ')}`);
      if (value.name !== undefined && typeof value.name !== 'string') issue(`${field}.name`, 'expected a string');
      if (typeof value.source !== 'string' || value.source.trim() === '') issue(`${field}.source`, 'a source note is required');
      dates.set(date, {
        type: value.type as HolidayDayType,
        name: typeof value.name === 'string' ? value.name : null,
        source: `${source}: ${String(value.source)}`,
        inLieu: false,
      });
    }
  }
  if (issues.length > 0) throw new StandardsValidationError('holiday-overrides-invalid', issues, source);
  return { source, years, dates };
}

let library: HolidayTable | undefined;
let overrides: HolidayTable | undefined;

/** chinese-days' table, read once. */
export function chineseDaysTable(): HolidayTable {
  library ??= parseChineseDaysData(chineseDaysData, chineseDaysPackage.version);
  return library;
}

/** The override file kept in this repository, read once. */
export function repositoryHolidayOverrides(): HolidayTable {
  overrides ??= parseHolidayOverrides(repositoryOverrides, 'libs/service-standards/data/holiday-overrides.json');
  return overrides;
}
