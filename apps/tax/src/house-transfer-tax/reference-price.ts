import { isValidUnitNumber, UNIT_NUMBER_RULE } from '@gov/identity';
import { toScaledInteger } from '../shared/decimal';
import type { ReferencePrice } from './assess-house-transfer';

/**
 * The assessed reference price table (计税参考价): per unit (a total or a price
 * per m²) or per community (a price per m²); a unit's own entry wins over its
 * community's. Imported from JSON lines or CSV with prices in yuan as published,
 * stored in integer fen. Parsing is pure and reports errors per line.
 *
 * JSON lines: {"unitNumber": "...", "totalYuan": "1200000.00"}
 *             {"unitNumber": "...", "pricePerM2Yuan": "12000"}
 *             {"community": "...", "pricePerM2Yuan": "9800.50"}
 * CSV: a header naming unit_number, community, price_per_m2_yuan, total_yuan
 *      in any order; per row one of unit_number/community and one price.
 */

export type ReferencePriceEntry =
  | { readonly scope: 'unit'; readonly unitNumber: string; readonly price: ReferencePrice }
  | { readonly scope: 'community'; readonly community: string; readonly price: Extract<ReferencePrice, { kind: 'per-m2' }> };

export type ReferencePriceLineResult =
  | { readonly ok: true; readonly entry: ReferencePriceEntry }
  | { readonly ok: false; readonly message: string };

export interface ReferencePriceLineError {
  /** 1-based line number in the file, header included. */
  readonly line: number;
  readonly message: string;
}

export interface ReferencePriceImport {
  readonly entries: readonly ReferencePriceEntry[];
  readonly errors: readonly ReferencePriceLineError[];
}

export interface ReferencePriceTable {
  readonly byUnit: ReadonlyMap<string, ReferencePrice>;
  readonly byCommunity: ReadonlyMap<string, Extract<ReferencePrice, { kind: 'per-m2' }>>;
}

export interface ReferencePriceFound {
  readonly price: ReferencePrice;
  readonly source: 'unit' | 'community';
}

interface RawFields {
  readonly unitNumber: unknown;
  readonly community: unknown;
  readonly pricePerM2Yuan: unknown;
  readonly totalYuan: unknown;
}

const JSON_FIELDS = ['unitNumber', 'community', 'pricePerM2Yuan', 'totalYuan'] as const;
const CSV_COLUMNS = {
  unit_number: 'unitNumber',
  community: 'community',
  price_per_m2_yuan: 'pricePerM2Yuan',
  total_yuan: 'totalYuan',
} as const satisfies Record<string, keyof RawFields>;

export function parseReferencePriceJsonLine(text: string): ReferencePriceLineResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'must be a JSON object' };
  const record = value as Record<string, unknown>;
  const unknownFields = Object.keys(record).filter((k) => !(JSON_FIELDS as readonly string[]).includes(k));
  if (unknownFields.length > 0) return { ok: false, message: `unknown field ${unknownFields.join(', ')}` };
  return toEntry({
    unitNumber: record.unitNumber,
    community: record.community,
    pricePerM2Yuan: record.pricePerM2Yuan,
    totalYuan: record.totalYuan,
  });
}

/** Reads the CSV header once; the returned parser handles each following line. */
export function referencePriceCsvParser(
  header: string,
): { readonly ok: true; readonly parse: (line: string) => ReferencePriceLineResult } | { readonly ok: false; readonly message: string } {
  const names = splitCsvLine(stripBom(header))?.map((n) => n.trim());
  if (!names) return { ok: false, message: 'header: unterminated quote' };
  const unknown = names.filter((n) => !(n in CSV_COLUMNS));
  if (unknown.length > 0) return { ok: false, message: `header: unknown column ${unknown.join(', ')}` };
  if (new Set(names).size !== names.length) return { ok: false, message: 'header: a column is named twice' };
  if (!names.includes('unit_number') && !names.includes('community')) {
    return { ok: false, message: 'header: needs unit_number or community' };
  }
  if (!names.includes('price_per_m2_yuan') && !names.includes('total_yuan')) {
    return { ok: false, message: 'header: needs price_per_m2_yuan or total_yuan' };
  }
  const columns = names.map((n) => CSV_COLUMNS[n as keyof typeof CSV_COLUMNS]);
  return {
    ok: true,
    parse: (line) => {
      const cells = splitCsvLine(line);
      if (!cells) return { ok: false, message: 'unterminated quote' };
      if (cells.length !== columns.length) return { ok: false, message: `expected ${columns.length} fields, found ${cells.length}` };
      const fields: Record<keyof RawFields, unknown> = { unitNumber: '', community: '', pricePerM2Yuan: '', totalYuan: '' };
      columns.forEach((column, i) => (fields[column] = cells[i].trim()));
      return toEntry(fields);
    },
  };
}

/**
 * Parses a whole file. Blank lines are skipped; a key listed twice is an
 * error on its second line, so the file's meaning never depends on order.
 */
export function importReferencePrices(text: string, format: 'csv' | 'jsonl'): ReferencePriceImport {
  const reader = new ReferencePriceReader(format);
  const entries: ReferencePriceEntry[] = [];
  const errors: ReferencePriceLineError[] = [];
  for (const line of text.split(/\r?\n/)) {
    const result = reader.read(line);
    if (result?.ok === true) entries.push(result.entry);
    else if (result) {
      errors.push(result.error);
      if (result.fatal) return { entries: [], errors };
    }
  }
  const end = reader.finish();
  return end ? { entries: [], errors: [end] } : { entries, errors };
}

export type ReferencePriceReadResult =
  | { readonly ok: true; readonly entry: ReferencePriceEntry }
  | { readonly ok: false; readonly error: ReferencePriceLineError; readonly fatal: boolean };

/**
 * Reads an import one line at a time, so an upload is parsed as it streams in:
 * the CSV header, blank lines, per-line errors and keys listed twice. Keeps
 * only the keys seen (for the duplicate check), never the entries.
 */
export class ReferencePriceReader {
  private lineNumber = 0;
  private parse?: (line: string) => ReferencePriceLineResult;
  private failed = false;
  private readonly firstLine = new Map<string, number>();

  constructor(readonly format: 'csv' | 'jsonl') {
    if (format === 'jsonl') this.parse = parseReferencePriceJsonLine;
  }

  /** The next line, without its line break; null when it carries nothing (blank, header). */
  read(raw: string): ReferencePriceReadResult | null {
    this.lineNumber++;
    const line = this.lineNumber === 1 ? stripBom(raw) : raw;
    if (this.failed || line.trim() === '') return null;
    if (!this.parse) {
      const parser = referencePriceCsvParser(line);
      if (!parser.ok) {
        this.failed = true;
        return { ok: false, error: { line: this.lineNumber, message: parser.message }, fatal: true };
      }
      this.parse = parser.parse;
      return null;
    }
    const result = this.parse(line);
    if (!result.ok) return { ok: false, error: { line: this.lineNumber, message: result.message }, fatal: false };
    const key = entryKey(result.entry);
    const earlier = this.firstLine.get(key);
    if (earlier !== undefined) {
      return { ok: false, error: { line: this.lineNumber, message: `${describe(result.entry)} is already listed on line ${earlier}` }, fatal: false };
    }
    this.firstLine.set(key, this.lineNumber);
    return { ok: true, entry: result.entry };
  }

  /** A line longer than the import allows, dropped as it streamed past: refused by its number. */
  tooLong(limit: number): ReferencePriceReadResult {
    this.lineNumber++;
    const header = !this.parse && !this.failed;
    if (header) this.failed = true;
    return { ok: false, error: { line: this.lineNumber, message: `${header ? 'header: ' : ''}longer than ${limit} characters` }, fatal: header };
  }

  /** After the last line: a CSV file that never had a header is refused as a whole. */
  finish(): ReferencePriceLineError | null {
    if (this.parse || this.failed) return null;
    const parser = referencePriceCsvParser('');
    return { line: 1, message: parser.ok ? 'header: missing' : parser.message };
  }
}

export function buildReferencePriceTable(entries: readonly ReferencePriceEntry[]): ReferencePriceTable {
  const byUnit = new Map<string, ReferencePrice>();
  const byCommunity = new Map<string, Extract<ReferencePrice, { kind: 'per-m2' }>>();
  for (const entry of entries) {
    if (entry.scope === 'unit') byUnit.set(entry.unitNumber, entry.price);
    else byCommunity.set(entry.community, entry.price);
  }
  return { byUnit, byCommunity };
}

export function lookupReferencePrice(
  table: ReferencePriceTable,
  unit: { readonly unitNumber: string; readonly community?: string },
): ReferencePriceFound | null {
  const own = table.byUnit.get(unit.unitNumber);
  if (own) return { price: own, source: 'unit' };
  const community = unit.community === undefined ? undefined : table.byCommunity.get(unit.community);
  return community ? { price: community, source: 'community' } : null;
}

/** NUL, a lone surrogate or U+FFFD (left by undecodable bytes) is never a name. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what is refused
const UNSAFE_TEXT = /[\u0000\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function toEntry(fields: RawFields): ReferencePriceLineResult {
  const unitNumber = text(fields.unitNumber);
  const community = text(fields.community);
  if (unitNumber === null || community === null) return { ok: false, message: 'unitNumber and community must be text' };
  if ((unitNumber === '') === (community === '')) return { ok: false, message: 'give exactly one of unit number or community' };
  // The same rule as the lookup and the register: a number it would refuse is never stored.
  if (unitNumber !== '' && !isValidUnitNumber(unitNumber)) return { ok: false, message: `unit number ${UNIT_NUMBER_RULE}` };
  if (UNSAFE_TEXT.test(community)) return { ok: false, message: 'community: must be valid UTF-8 text without NUL' };
  const perM2 = yuanToFen(fields.pricePerM2Yuan);
  const total = yuanToFen(fields.totalYuan);
  if (perM2 === 'malformed') return { ok: false, message: 'price per m² must be a positive yuan amount with at most 2 decimals' };
  if (total === 'malformed') return { ok: false, message: 'total must be a positive yuan amount with at most 2 decimals' };
  if ((perM2 === null) === (total === null)) return { ok: false, message: 'give exactly one of price per m² or total' };
  if (community !== '') {
    if (perM2 === null) return { ok: false, message: 'a community reference price is per m²' };
    return { ok: true, entry: { scope: 'community', community, price: { kind: 'per-m2', fenPerM2: perM2 } } };
  }
  const price: ReferencePrice = perM2 !== null ? { kind: 'per-m2', fenPerM2: perM2 } : { kind: 'total', totalFen: total as number };
  return { ok: true, entry: { scope: 'unit', unitNumber, price } };
}

function text(value: unknown): string | null {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value.trim() : null;
}

// Absent → null. A JSON number is read through its shortest decimal form, so 9800.5 stays exact.
function yuanToFen(value: unknown): number | null | 'malformed' {
  if (value === undefined || value === null || value === '') return null;
  const decimal = typeof value === 'number' ? String(value) : value;
  if (typeof decimal !== 'string') return 'malformed';
  const fen = toScaledInteger(decimal.trim(), 2);
  return fen === null || fen === 0 ? 'malformed' : fen;
}

function entryKey(entry: ReferencePriceEntry): string {
  return entry.scope === 'unit' ? `unit:${entry.unitNumber}` : `community:${entry.community}`;
}

function describe(entry: ReferencePriceEntry): string {
  return entry.scope === 'unit' ? `unit ${entry.unitNumber}` : `community ${entry.community}`;
}

function stripBom(line: string): string {
  return line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
}

/** RFC 4180 fields of one line (no line breaks inside quotes); null on an unterminated quote. */
function splitCsvLine(line: string): string[] | null {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  if (quoted) return null;
  fields.push(field);
  return fields;
}
