import { splitLines } from '@gov/platform';
import { Validation, ValidationError, type FieldIssue } from '@gov/event-sourcing';
import { isInstant } from '@gov/service-standards';
import { parseAreaM2 } from '../domain/area';
import { parseShare } from '../domain/share';
import { UNIT_USE_LABELS } from '../domain/unit-use';
import type { RegisterUnit } from '../register/real-estate-unit.commands';
import { checkRegisterUnit } from '../register/register-unit.validation';
import { splitCsvLine } from './csv-line';

/** Bulk import of an existing register, one unit per line; the two formats are described in the app's README. */
export type RegisterImportFormat = 'jsonl' | 'csv';

export interface RegisterImportOptions {
  readonly format: RegisterImportFormat;
  /** When the import runs; every unit is registered at this instant (commands carry their time). */
  readonly registeredAt: string;
  /** Longest accepted line, in characters; a longer one is reported and skipped without being buffered. */
  readonly maxLineLength?: number;
}

export type RegisterImportResult =
  | { readonly line: number; readonly command: RegisterUnit }
  /** `error` is the first problem of the line; `issues` lists all of them. */
  | { readonly line: number; readonly error: FieldIssue; readonly issues: readonly FieldIssue[] };

export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024;
export const CSV_COLUMNS = ['unitNumber', 'location', 'areaM2', 'use', 'owners', 'acquisitionDate', 'originalPriceFen'] as const;
const JSON_FIELDS: ReadonlySet<string> = new Set(CSV_COLUMNS);
const OWNER_FIELDS: ReadonlySet<string> = new Set(['name', 'idType', 'idNumber', 'share']);
const FEN_TEXT = /^\d{1,16}$/;

type Column = (typeof CSV_COLUMNS)[number];

/**
 * Parses an import file as it streams in, yielding one result per non-blank
 * line: a RegisterUnit command, or the line's problems. Memory stays bounded by
 * one line; the caller pulls, so a slow consumer slows the reading.
 * @throws ValidationError on the first pull when the options are malformed.
 */
export async function* parseRegisterImport(
  source: AsyncIterable<string | Uint8Array>,
  options: RegisterImportOptions,
): AsyncGenerator<RegisterImportResult, void, undefined> {
  if (!isInstant(options.registeredAt)) throw ValidationError.field('registeredAt', 'must be an ISO 8601 date-time with an offset');
  if (options.format !== 'jsonl' && options.format !== 'csv') throw ValidationError.field('format', 'must be jsonl or csv');
  const maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  let header: readonly Column[] | null = null;

  for await (const line of splitLines(source, maxLineLength)) {
    if (line.tooLong) {
      yield failure(line.number, [{ field: 'line', message: `is longer than ${maxLineLength} characters` }]);
      if (options.format === 'csv' && header === null) return;
      continue;
    }
    if (line.text.trim() === '') continue;
    if (line.text.includes('\uFFFD')) {
      yield failure(line.number, [{ field: 'line', message: 'is not valid UTF-8 (the file must be saved as UTF-8)' }]);
      if (options.format === 'csv' && header === null) return;
      continue;
    }
    if (options.format === 'jsonl') {
      yield toResult(line.number, fromJson(line.text), options.registeredAt);
    } else if (header === null) {
      const parsed = parseHeader(line.text);
      // Without a usable header no row can be read: report it once and stop.
      if ('issues' in parsed) {
        yield failure(line.number, parsed.issues);
        return;
      }
      header = parsed.columns;
    } else {
      yield toResult(line.number, fromCsv(line.text, header), options.registeredAt);
    }
  }
}

/** A line turned into command fields, with what could not be read at all. */
interface Draft {
  readonly values: Record<string, unknown>;
  readonly issues: FieldIssue[];
}

function toResult(line: number, draft: Draft, registeredAt: string): RegisterImportResult {
  if (draft.issues.some((i) => i.field === 'line' || i.field === 'columns')) return failure(line, draft.issues);
  const data = { ...draft.values, at: registeredAt };
  const checks = new Validation();
  checkRegisterUnit(checks, data);
  // A field that could not be read is reported once, in the file's own terms.
  const unread = draft.issues.map((i) => i.field);
  const issues = [
    ...draft.issues,
    ...checks.issues.map(renameField).filter((i) => !unread.some((field) => i.field === field || i.field.startsWith(`${field}.`) || i.field.startsWith(`${field}[`))),
  ];
  if (issues.length > 0) return failure(line, issues);
  return { line, command: { type: 'RegisterUnit', data: data as RegisterUnit['data'] } };
}

function fromJson(text: string): Draft {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { values: {}, issues: [{ field: 'line', message: 'is not valid JSON' }] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { values: {}, issues: [{ field: 'line', message: 'must be a JSON object' }] };
  }
  const record = parsed as Record<string, unknown>;
  const issues: FieldIssue[] = [];
  for (const key of Object.keys(record)) if (!JSON_FIELDS.has(key)) issues.push({ field: key, message: 'is not a field of the import' });
  const values: Record<string, unknown> = {
    unitNumber: record.unitNumber,
    location: record.location,
    use: useOf(record.use),
    acquisitionDate: record.acquisitionDate,
    originalPriceFen: record.originalPriceFen,
  };
  const area = typeof record.areaM2 === 'number' ? parseAreaM2(String(record.areaM2)) : typeof record.areaM2 === 'string' ? parseAreaM2(record.areaM2) : null;
  if (area === null) issues.push({ field: 'areaM2', message: 'must be square metres with at most two decimal places, e.g. "89.52"' });
  else values.areaHundredthsM2 = area;
  values.owners = jsonOwners(record.owners, issues);
  return { values, issues };
}

function jsonOwners(value: unknown, issues: FieldIssue[]): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((owner: unknown, i) => {
    if (typeof owner !== 'object' || owner === null) return owner;
    const o = owner as Record<string, unknown>;
    for (const key of Object.keys(o)) if (!OWNER_FIELDS.has(key)) issues.push({ field: `owners[${i}].${key}`, message: 'is not a field of an owner' });
    const share = typeof o.share === 'string' ? parseShare(o.share) : o.share;
    if (share === null) issues.push({ field: `owners[${i}].share`, message: 'must be a fraction such as "1/2", or "1"' });
    return { name: o.name, idType: o.idType, idNumber: o.idNumber, share };
  });
}

function parseHeader(text: string): { columns: Column[] } | { issues: FieldIssue[] } {
  const split = splitCsvLine(text);
  if ('error' in split) return { issues: [{ field: 'header', message: split.error }] };
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const name of split.fields) {
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) issues.push({ field: 'header', message: `unknown column "${name.slice(0, 40)}"` });
    else if (seen.has(name)) issues.push({ field: 'header', message: `column ${name} appears twice` });
    seen.add(name);
  }
  for (const column of CSV_COLUMNS) if (!seen.has(column)) issues.push({ field: 'header', message: `column ${column} is missing` });
  return issues.length > 0 ? { issues } : { columns: split.fields as Column[] };
}

function fromCsv(text: string, header: readonly Column[]): Draft {
  const split = splitCsvLine(text);
  if ('error' in split) return { values: {}, issues: [{ field: 'line', message: split.error }] };
  if (split.fields.length !== header.length) {
    return { values: {}, issues: [{ field: 'columns', message: `expected ${header.length} fields, found ${split.fields.length}` }] };
  }
  const cell = {} as Record<Column, string>;
  header.forEach((column, i) => (cell[column] = split.fields[i]));
  const issues: FieldIssue[] = [];
  const values: Record<string, unknown> = {
    unitNumber: cell.unitNumber,
    location: cell.location,
    use: useOf(cell.use),
    acquisitionDate: cell.acquisitionDate,
    originalPriceFen: null,
  };
  const area = parseAreaM2(cell.areaM2);
  if (area === null) issues.push({ field: 'areaM2', message: 'must be square metres with at most two decimal places, e.g. 89.52' });
  else values.areaHundredthsM2 = area;
  if (cell.originalPriceFen !== '') {
    if (FEN_TEXT.test(cell.originalPriceFen)) values.originalPriceFen = Number(cell.originalPriceFen);
    else issues.push({ field: 'originalPriceFen', message: 'must be whole fen (digits only), or empty when unknown' });
  }
  values.owners = csvOwners(cell.owners, issues);
  return { values, issues };
}

function csvOwners(text: string, issues: FieldIssue[]): unknown {
  if (text === '') return [];
  return text.split(';').map((entry, i) => {
    const parts = entry.split('|').map((p) => p.trim());
    if (parts.length !== 4) {
      issues.push({ field: `owners[${i}]`, message: 'must be name|idType|idNumber|share' });
      return null;
    }
    const [name, idType, idNumber, shareText] = parts;
    const share = parseShare(shareText);
    if (share === null) issues.push({ field: `owners[${i}].share`, message: 'must be a fraction such as 1/2, or 1' });
    return { name, idType, idNumber, share };
  });
}

function useOf(value: unknown): unknown {
  return typeof value === 'string' && Object.hasOwn(UNIT_USE_LABELS, value) ? UNIT_USE_LABELS[value] : value;
}

function renameField(issue: FieldIssue): FieldIssue {
  return issue.field === 'areaHundredthsM2' ? { field: 'areaM2', message: 'must be more than 0 and at most 1,000,000.00 m²' } : issue;
}

function failure(line: number, issues: readonly FieldIssue[]): RegisterImportResult {
  return { line, error: issues[0], issues };
}
