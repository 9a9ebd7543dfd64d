export type PersonalDataKind = 'residentId' | 'phone' | 'name' | 'redact';

/**
 * Which object keys hold personal data, and how to mask them. Keys match
 * regardless of case, `_` and `-`: `idNumber` also covers `id_number` and `IDNUMBER`.
 */
export type PersonalFields = Readonly<Record<string, PersonalDataKind>>;

/** Identity numbers, phone numbers and names (DOMAIN.md: personal data). Extend by spreading. */
export const DEFAULT_PERSONAL_FIELDS: PersonalFields = Object.freeze({
  idNumber: 'residentId',
  idNo: 'residentId',
  idCardNumber: 'residentId',
  residentId: 'residentId',
  residentIdNumber: 'residentId',
  identityNumber: 'residentId',
  name: 'name',
  fullName: 'name',
  realName: 'name',
  holderName: 'name',
  applicantName: 'name',
  ownerName: 'name',
  contactName: 'name',
  guardianName: 'name',
  phone: 'phone',
  phoneNumber: 'phone',
  mobile: 'phone',
  mobileNumber: 'phone',
  mobilePhone: 'phone',
  contactPhone: 'phone',
  telephone: 'phone',
  tel: 'phone',
});

const MOBILE = /^(\+?86[- ]?)?(1[3-9]\d)([- ]?)\d{4}([- ]?)(\d{4})$/;
const DIGIT = /\d/g;
const LATIN_START = /^\p{Script=Latin}/u;

/** `50010219800101001X` → `500***********001X`. */
export function maskResidentId(value: string): string {
  // First 3 + last 4 (common practice, e.g. bank and government apps): hides the
  // county and the birth date, which with a name identify a person; the holder
  // still recognises the tail. Anything too short to be a number is hidden whole.
  if (value.length < 15) return '*'.repeat(value.length);
  return value.slice(0, 3) + '*'.repeat(value.length - 7) + value.slice(-4);
}

/** `13812345678` → `138****5678`; keeps a `+86` prefix and separators. Other numbers keep only their last 4 digits. */
export function maskPhone(value: string): string {
  const mobile = MOBILE.exec(value);
  if (mobile) {
    const [, prefix = '', head, sep1, sep2, tail] = mobile;
    return `${prefix}${head}${sep1}****${sep2}${tail}`;
  }
  const digits = value.replace(/\D/g, '').length;
  const keep = digits >= 8 ? 4 : 0;
  let seen = 0;
  return value.replace(DIGIT, (d) => (++seen > digits - keep ? d : '*'));
}

/**
 * Chinese names keep the surname's first character, one `*` per other character
 * (张三 → 张*, 欧阳娜娜 → 欧***); Latin names keep the first letter and hide the
 * length (`Zhang San` → `Z***`).
 */
export function maskName(value: string): string {
  const name = value.trim();
  if (name === '') return '';
  if (LATIN_START.test(name)) return `${name[0]}***`;
  const characters = Array.from(name);
  if (characters.length === 1) return '*';
  return characters[0] + '*'.repeat(characters.length - 1);
}

/** Masks one value as the given kind of personal data. */
export function maskAs(kind: PersonalDataKind, value: string): string {
  switch (kind) {
    case 'residentId':
      return maskResidentId(value);
    case 'phone':
      return maskPhone(value);
    case 'name':
      return maskName(value);
    case 'redact':
      return '***';
    default: {
      const unknownKind: never = kind;
      throw new RangeError(`unknown personal data kind ${String(unknownKind)}`);
    }
  }
}

/**
 * Deep-copies `value` and masks every string or number under a personal key
 * (and everything nested below one). Masked numbers come back as strings.
 * Class instances are copied as plain objects of their own enumerable fields,
 * as JSON would send them; cycles become `'[Circular]'`.
 */
export function maskPersonalData<T>(value: T, fields: PersonalFields = DEFAULT_PERSONAL_FIELDS): T {
  return walkMasking(value, { kindOf: kindMatcher(fields), text: keep, alwaysCopy: true }, undefined, 0) as T;
}

// ---- internal: shared with scrubPiiDeep, not re-exported from the index ----

export interface MaskingWalk {
  readonly kindOf: (key: string) => PersonalDataKind | undefined;
  /** Applied to strings outside personal keys. */
  readonly text: (value: string) => string;
  /** false: copy on write, returning the same references when nothing is masked. */
  readonly alwaysCopy: boolean;
}

const MAX_DEPTH = 32;
const KEY_CACHE_LIMIT = 10_000;
// The walk is synchronous, so one stack of the objects being visited serves every call.
const ancestors: object[] = [];
const matchers = new WeakMap<PersonalFields, (key: string) => PersonalDataKind | undefined>();

const keep = (value: string): string => value;

/** A key → kind lookup that ignores case, `_` and `-`, memoised per field list. */
export function kindMatcher(fields: PersonalFields): (key: string) => PersonalDataKind | undefined {
  const cached = matchers.get(fields);
  if (cached) return cached;
  const normalised = new Map<string, PersonalDataKind>();
  for (const [key, kind] of Object.entries(fields)) normalised.set(normaliseKey(key), kind);
  const seen = new Map<string, PersonalDataKind | null>();
  const matcher = (key: string): PersonalDataKind | undefined => {
    const hit = seen.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const kind = normalised.get(normaliseKey(key));
    if (seen.size < KEY_CACHE_LIMIT) seen.set(key, kind ?? null);
    return kind;
  };
  matchers.set(fields, matcher);
  return matcher;
}

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

/** Walks JSON-like data; `kind` is set below a personal key and masks every leaf. */
export function walkMasking(value: unknown, walk: MaskingWalk, kind: PersonalDataKind | undefined, depth: number): unknown {
  switch (typeof value) {
    case 'string':
      return kind ? maskAs(kind, value) : walk.text(value);
    case 'number':
    case 'bigint':
      return kind ? maskAs(kind, String(value)) : value;
    case 'object':
      return value === null ? value : walkObject(value, walk, kind, depth);
    default:
      return value;
  }
}

function walkObject(value: object, walk: MaskingWalk, kind: PersonalDataKind | undefined, depth: number): unknown {
  if (value instanceof Date) return walk.alwaysCopy ? new Date(value.getTime()) : value;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Map || value instanceof Set) {
    return value;
  }
  if (ancestors.includes(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  ancestors.push(value);
  try {
    if (Array.isArray(value)) return walkArray(value, walk, kind, depth);
    if (value instanceof Error) return walkError(value, walk, kind, depth);
    const toJSON: unknown = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      const json: unknown = toJSON.call(value);
      const walked = walkMasking(json, walk, kind, depth + 1);
      return walk.alwaysCopy || !Object.is(walked, json) ? walked : value;
    }
    return walkRecord(value as Record<string, unknown>, walk, kind, depth);
  } finally {
    ancestors.pop();
  }
}

function walkArray(value: readonly unknown[], walk: MaskingWalk, kind: PersonalDataKind | undefined, depth: number): unknown {
  let copy: unknown[] | undefined = walk.alwaysCopy ? new Array<unknown>(value.length) : undefined;
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    const next = walkMasking(item, walk, kind, depth + 1);
    if (copy === undefined && !Object.is(next, item)) copy = value.slice(0, i);
    if (copy !== undefined) copy[i] = next;
  }
  return copy ?? value;
}

function walkRecord(
  value: Record<string, unknown>,
  walk: MaskingWalk,
  kind: PersonalDataKind | undefined,
  depth: number,
): unknown {
  const keys = Object.keys(value);
  let copy: Record<string, unknown> | undefined = walk.alwaysCopy ? {} : undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const child = value[key];
    const next = walkMasking(child, walk, kind ?? walk.kindOf(key), depth + 1);
    if (copy === undefined && !Object.is(next, child)) {
      copy = {};
      for (let j = 0; j < i; j++) setOwn(copy, keys[j], value[keys[j]]);
    }
    if (copy !== undefined) setOwn(copy, key, next);
  }
  return copy ?? value;
}

/** Errors keep their class; `name`, `message` and `stack` are text, never a person's name. */
function walkError(value: Error, walk: MaskingWalk, kind: PersonalDataKind | undefined, depth: number): unknown {
  let changed = walk.alwaysCopy;
  const fields: Record<string, unknown> = {};
  for (const key of ['name', 'message', 'stack'] as const) {
    const text = value[key];
    if (typeof text !== 'string') continue;
    const next = kind ? maskAs(kind, text) : walk.text(text);
    if (next !== text || Object.hasOwn(value, key)) fields[key] = next;
    changed ||= next !== text;
  }
  const extraKeys = Object.keys(value);
  if (Object.hasOwn(value, 'cause')) extraKeys.push('cause');
  for (const key of extraKeys) {
    if (key === 'name' || key === 'message' || key === 'stack') continue;
    const child = (value as unknown as Record<string, unknown>)[key];
    const next = walkMasking(child, walk, kind ?? walk.kindOf(key), depth + 1);
    setOwn(fields, key, next);
    changed ||= !Object.is(next, child);
  }
  if (!changed) return value;
  const copy: object = Object.create(Object.getPrototypeOf(value) as object | null);
  for (const key of Object.keys(fields)) {
    const enumerable = Object.getOwnPropertyDescriptor(value, key)?.enumerable ?? false;
    Object.defineProperty(copy, key, { value: fields[key], enumerable, writable: true, configurable: true });
  }
  return copy;
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // A plain assignment to `__proto__` would replace the prototype instead of copying the field.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
