/**
 * A small runtime schema for the contracts: each message type gets a parser
 * that checks the JSON a consumer received against the contract's TypeScript
 * type (required fields, types, enums, ids, integers as safe integers) and
 * returns a fresh value holding only the contract's fields. Pure: no framework.
 */

export interface ContractIssue {
  /** Path in the message data, e.g. `buyers[0].share.numerator`; `` for the whole data. */
  readonly field: string;
  readonly message: string;
}

/**
 * A message that breaks its contract. Retrying cannot fix it: consumers send it
 * to the dead-letter topic at once, with the fields named.
 */
export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
  constructor(
    /** The CloudEvents type (or the contract name) the message claimed to be. */
    readonly contract: string,
    readonly issues: readonly ContractIssue[],
  ) {
    super(`${contract}: ${issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ')}`.slice(0, 2000));
  }

  /** The fields named, in order, without repeats. */
  get fields(): readonly string[] {
    return [...new Set(this.issues.map((i) => i.field))];
  }
}

/** Checks `value` at `path`; pushes issues and returns undefined when it does not fit. */
export interface Schema<T> {
  readonly check: (value: unknown, path: string, issues: ContractIssue[]) => T | undefined;
  /** Set on `optional(...)`: the key may be absent. */
  readonly optional?: true;
}

const at = (path: string, key: string): string => (path ? `${path}.${key}` : key);
const describe = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

function schema<T>(expected: string, test: (value: unknown) => value is T, rule?: (value: T) => string | undefined): Schema<T> {
  return {
    check: (value, path, issues) => {
      if (value === undefined) {
        issues.push({ field: path, message: 'is required' });
        return undefined;
      }
      if (!test(value)) {
        issues.push({ field: path, message: `expected ${expected}, got ${describe(value)}` });
        return undefined;
      }
      const broken = rule?.(value);
      if (broken) {
        issues.push({ field: path, message: broken });
        return undefined;
      }
      return value;
    },
  };
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number';

/** A string of `min`..`max` characters (default 0..2000), optionally matching a pattern. */
export function text(options: { min?: number; max?: number; pattern?: RegExp; rule?: string } = {}): Schema<string> {
  const { min = 0, max = 2000, pattern, rule } = options;
  return schema('a string', isString, (v) => {
    if (v.length < min) return min === 1 ? 'must not be empty' : `must have at least ${min} characters`;
    if (v.length > max) return `must have at most ${max} characters`;
    if (v.includes('\u0000')) return 'must not contain a NUL character';
    if (pattern && !pattern.test(v)) return rule ?? `must match ${pattern.source}`;
    return undefined;
  });
}

// The platform's one id rule and instant form (@gov/service-standards CALLER_ID, INSTANT), restated: that lib imports this one.
const ID = /^[A-Za-z0-9][A-Za-z0-9._:\-/]{0,127}$/;
/** An id chosen by a sender: 1-128 of `A-Za-z0-9._:-/`, starting with a letter or digit. */
export const id: Schema<string> = text({ min: 1, max: 128, pattern: ID, rule: 'must be 1-128 letters, digits or . _ : - / starting with a letter or digit' });

const INSTANT = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
/** ISO 8601 date-time with an offset (`Z` or `±hh:mm`), a real calendar instant. */
export const instant: Schema<string> = schema('a string', isString, (v) =>
  INSTANT.test(v) && !Number.isNaN(Date.parse(v)) && isCalendarDate(v.slice(0, 10)) ? undefined : 'must be an ISO 8601 date-time with an offset',
);

/** `YYYY-MM-DD`, a day that exists. */
export const date: Schema<string> = schema('a string', isString, (v) => (isCalendarDate(v) ? undefined : 'must be a calendar date YYYY-MM-DD'));

function isCalendarDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

/** An integer within the safe range (and within min..max when given). */
export function int(options: { min?: number; max?: number } = {}): Schema<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
  return schema('an integer', isNumber, (v) => {
    if (!Number.isSafeInteger(v)) return 'must be a safe integer';
    if (v < min) return `must be at least ${min}`;
    if (v > max) return `must be at most ${max}`;
    return undefined;
  });
}

/** Money: integer fen, not negative. */
export const fen: Schema<number> = int({ min: 0 });

export const bool: Schema<boolean> = schema('a boolean', (v): v is boolean => typeof v === 'boolean');

/** A decimal string such as `89.50`, with at most `places` decimal places. */
export function decimal(places: number): Schema<string> {
  const pattern = new RegExp(`^\\d{1,15}(\\.\\d{1,${places}})?$`);
  return text({ min: 1, max: 32, pattern, rule: `must be a decimal number with at most ${places} decimal places` });
}

export function oneOf<const T extends string>(values: readonly T[]): Schema<T> {
  return schema('a string', (v): v is T => typeof v === 'string', (v) => (values.includes(v) ? undefined : `must be one of ${values.join(', ')}`));
}

/** `null` allowed; the key must still be present. */
export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return {
    check: (value, path, issues) => (value === null ? null : inner.check(value, path, issues)),
  };
}

/** The key may be absent (never `null` unless the inner schema allows it). */
export function optional<T>(inner: Schema<T>): Schema<T | undefined> {
  return { optional: true, check: (value, path, issues) => (value === undefined ? undefined : inner.check(value, path, issues)) };
}

export function array<T>(item: Schema<T>, options: { min?: number; max?: number } = {}): Schema<readonly T[]> {
  const { min = 0, max = 1000 } = options;
  return {
    check: (value, path, issues) => {
      if (value === undefined) {
        issues.push({ field: path, message: 'is required' });
        return undefined;
      }
      if (!Array.isArray(value)) {
        issues.push({ field: path, message: `expected an array, got ${describe(value)}` });
        return undefined;
      }
      if (value.length < min || value.length > max) {
        issues.push({ field: path, message: `must have ${min}..${max} items` });
        return undefined;
      }
      const before = issues.length;
      const out = value.map((v, i) => item.check(v, `${path}[${i}]`, issues));
      return issues.length === before ? (out as T[]) : undefined;
    },
  };
}

/** Every key of T, required ones and optional ones alike, with its schema: the type checker keeps it in step with the contract. */
export type Shape<T> = { readonly [K in keyof T]-?: Schema<T[K]> };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ObjectSchema<T> extends Schema<T> {
  readonly shape: Shape<T>;
}

/** A JSON object with exactly the contract's fields read (others are left out of the result). */
export function object<T>(shape: Shape<T>): ObjectSchema<T> {
  return {
    shape,
    check: (value, path, issues) => {
      if (value === undefined) {
        issues.push({ field: path, message: 'is required' });
        return undefined;
      }
      if (!isRecord(value)) {
        issues.push({ field: path, message: `expected a JSON object, got ${describe(value)}` });
        return undefined;
      }
      const before = issues.length;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(shape) as (keyof T & string)[]) {
        const field: Schema<unknown> = shape[key];
        const v = field.check(value[key], at(path, key), issues);
        if (v !== undefined) out[key] = v;
      }
      return issues.length === before ? (out as T) : undefined;
    },
  };
}

/** A union told apart by a string field (e.g. `kind`), one schema per tag. */
export function variants<T>(key: string, byTag: Readonly<Record<string, Schema<T>>>): Schema<T> {
  const tags = Object.keys(byTag);
  return {
    check: (value, path, issues) => {
      if (!isRecord(value)) {
        issues.push({ field: path, message: value === undefined ? 'is required' : `expected a JSON object, got ${describe(value)}` });
        return undefined;
      }
      const tag = value[key];
      if (typeof tag !== 'string' || !tags.includes(tag)) {
        issues.push({ field: at(path, key), message: tag === undefined ? 'is required' : `must be one of ${tags.join(', ')}` });
        return undefined;
      }
      return byTag[tag].check(value, path, issues);
    },
  };
}

/** Parses `data` with `schema` or throws a ContractViolation naming every bad field. */
export function parseWith<T>(contract: string, schema: Schema<T>, data: unknown): T {
  const issues: ContractIssue[] = [];
  const value = schema.check(data, '', issues);
  if (issues.length || value === undefined) throw new ContractViolation(contract, issues.length ? issues : [{ field: '', message: 'does not fit the contract' }]);
  return value;
}
