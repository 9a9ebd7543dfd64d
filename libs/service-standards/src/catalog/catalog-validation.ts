import { isIsoDate } from '../calendar/shanghai-time';
import { SERVICE_DAYS, TIME_LIMIT_UNITS, type ServiceDays, type TimeLimit } from '../calendar/time-limit';
import { StandardsValidationError, type FieldIssue } from '../errors';
import {
  ITEM_TYPES,
  MATERIAL_REQUIREMENTS,
  ONLINE_LEVELS,
  PROCESS_TYPES,
  STANDARD_STEPS,
  type CatalogEntry,
  type CatalogVersionData,
  type Department,
  type ItemType,
  type Material,
  type MaterialRequirement,
  type OnlineLevel,
  type ProcessStep,
  type ProcessType,
  type ServiceItem,
  type WindowAssignment,
} from './catalog.types';

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const DOCUMENT_FIELDS = ['version', 'effectiveFrom', 'title', 'notes', 'departments', 'items'];
const GROUP_FIELDS = ['code', 'kind', 'department', 'name'];
const ITEM_FIELDS = [
  'code', 'kind', 'department', 'name', 'parent', 'itemType', 'processType', 'steps', 'legalLimit', 'legalBasis',
  'promisedLimit', 'immediate', 'onlineLevel', 'materials', 'windows', 'serviceDays', 'components',
];

/** Hours a limit spans at most, to compare limits in different units (a working day ≤ 24 h). */
const spanHours = (l: TimeLimit) => (l.unit === 'hours' ? l.value : l.value * 24);

class Issues {
  readonly list: FieldIssue[] = [];
  add(field: string, message: string): void {
    this.list.push({ field, message });
  }
  unknownFields(json: Json, allowed: readonly string[], at: string): void {
    for (const key of Object.keys(json)) if (!allowed.includes(key)) this.add(`${at}.${key}`, 'unknown field');
  }
  text(json: Json, key: string, at: string): string {
    const v = json[key];
    if (!isText(v)) this.add(`${at}.${key}`, 'required, a non-empty string');
    return typeof v === 'string' ? v : '';
  }
  oneOf<T extends string>(json: Json, key: string, allowed: readonly T[], at: string, fallback?: T): T {
    const v = json[key] ?? fallback;
    if (!allowed.includes(v as T)) this.add(`${at}.${key}`, `expected one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
    return v as T;
  }
  limit(v: unknown, at: string): TimeLimit | null {
    if (!isRecord(v)) {
      this.add(at, 'expected { unit, value }');
      return null;
    }
    this.unknownFields(v, ['unit', 'value'], at);
    const unit = this.oneOf(v, 'unit', TIME_LIMIT_UNITS, at);
    const value = v.value;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) this.add(`${at}.value`, 'expected a number ≥ 0');
    else if (unit === 'working-days' && !Number.isInteger(value)) this.add(`${at}.value`, 'working days are whole days');
    return { unit, value: Number(value) };
  }
}

function parseSteps(json: Json, processType: ProcessType, issues: Issues, at: string): readonly ProcessStep[] {
  if (processType === 'SIMPLE' || processType === 'GENERAL') {
    const standard = STANDARD_STEPS[processType];
    if (json.steps !== undefined) {
      const codes = Array.isArray(json.steps) ? json.steps.map((s: unknown) => (isRecord(s) ? s.code : undefined)) : [];
      if (codes.join('→') !== standard.map((s) => s.code).join('→')) {
        issues.add(`${at}.steps`, `${processType} items follow ${standard.map((s) => s.code).join(' → ')}; omit steps or use MAJOR`);
      }
    }
    return standard;
  }
  if (!Array.isArray(json.steps) || json.steps.length < 2) {
    issues.add(`${at}.steps`, 'MAJOR items list their own steps: accept first, then at least one more');
    return [];
  }
  const steps = json.steps.map((s: unknown, i: number): ProcessStep => {
    const stepAt = `${at}.steps[${i}]`;
    if (!isRecord(s)) {
      issues.add(stepAt, 'expected { code, name }');
      return { code: '', name: '' };
    }
    issues.unknownFields(s, ['code', 'name'], stepAt);
    return { code: issues.text(s, 'code', stepAt), name: issues.text(s, 'name', stepAt) };
  });
  if (steps[0]?.code !== 'accept') issues.add(`${at}.steps[0].code`, 'the first step is accept');
  const codes = steps.map((s) => s.code);
  codes.forEach((c, i) => {
    if (codes.indexOf(c) !== i) issues.add(`${at}.steps[${i}].code`, `duplicate step ${c}`);
  });
  return steps;
}

function parseMaterials(v: unknown, issues: Issues, at: string): readonly Material[] {
  if (!Array.isArray(v) || v.length === 0) {
    issues.add(at, 'expected a non-empty list of { name, requirement }');
    return [];
  }
  const names = new Set<string>();
  return v.map((m: unknown, i: number): Material => {
    const mAt = `${at}[${i}]`;
    if (!isRecord(m)) {
      issues.add(mAt, 'expected { name, requirement }');
      return { name: '', requirement: 'key' };
    }
    issues.unknownFields(m, ['name', 'requirement'], mAt);
    const name = issues.text(m, 'name', mAt);
    if (names.has(name)) issues.add(`${mAt}.name`, `duplicate material ${name}`);
    names.add(name);
    return { name, requirement: issues.oneOf<MaterialRequirement>(m, 'requirement', MATERIAL_REQUIREMENTS, mAt) };
  });
}

function parseWindows(v: unknown, issues: Issues, at: string): readonly WindowAssignment[] {
  if (!Array.isArray(v) || v.length === 0) {
    issues.add(at, 'expected a non-empty list of { category, numbers }');
    return [];
  }
  return v.map((w: unknown, i: number): WindowAssignment => {
    const wAt = `${at}[${i}]`;
    if (!isRecord(w)) {
      issues.add(wAt, 'expected { category, numbers }');
      return { category: '', numbers: [] };
    }
    issues.unknownFields(w, ['category', 'numbers'], wAt);
    const numbers = w.numbers;
    if (!Array.isArray(numbers) || numbers.length === 0 || !numbers.every((n) => Number.isInteger(n) && n > 0)) {
      issues.add(`${wAt}.numbers`, 'expected a non-empty list of window numbers (positive integers)');
    }
    return { category: issues.text(w, 'category', wAt), numbers: Array.isArray(numbers) ? numbers.map(Number) : [] };
  });
}

function parseItem(json: Json, issues: Issues, at: string): ServiceItem {
  issues.unknownFields(json, ITEM_FIELDS, at);
  const processType = issues.oneOf<ProcessType>(json, 'processType', PROCESS_TYPES, at);
  const legalLimit = json.legalLimit === null ? null : issues.limit(json.legalLimit, `${at}.legalLimit`);
  const promisedLimit = issues.limit(json.promisedLimit, `${at}.promisedLimit`) ?? { unit: 'working-days', value: 0 };
  if (typeof json.immediate !== 'boolean') issues.add(`${at}.immediate`, 'required, true or false');
  const parent = json.parent ?? null;
  if (parent !== null && !isText(parent)) issues.add(`${at}.parent`, 'expected an item code or null');
  const components = json.components ?? [];
  if (!Array.isArray(components) || !components.every(isText)) issues.add(`${at}.components`, 'expected a list of item codes');
  const legalBasis = json.legalBasis ?? null;
  if (legalBasis !== null && !isText(legalBasis)) issues.add(`${at}.legalBasis`, 'expected a string or null');
  return {
    kind: 'item',
    code: String(json.code ?? ''),
    department: issues.text(json, 'department', at),
    name: issues.text(json, 'name', at),
    parent: typeof parent === 'string' ? parent : null,
    itemType: issues.oneOf<ItemType>(json, 'itemType', ITEM_TYPES, at),
    processType,
    steps: parseSteps(json, processType, issues, at),
    legalLimit,
    legalBasis: typeof legalBasis === 'string' ? legalBasis : null,
    promisedLimit,
    immediate: json.immediate === true,
    onlineLevel: issues.oneOf<OnlineLevel>(json, 'onlineLevel', ONLINE_LEVELS, at),
    materials: parseMaterials(json.materials, issues, `${at}.materials`),
    windows: parseWindows(json.windows, issues, `${at}.windows`),
    serviceDays: issues.oneOf<ServiceDays>(json, 'serviceDays', SERVICE_DAYS, at, 'working-days'),
    components: Array.isArray(components) ? components.map(String) : [],
  };
}

/** The center's standards an item must meet, beyond its shape. */
function checkStandards(item: ServiceItem, issues: Issues, at: string): void {
  const { legalLimit, promisedLimit } = item;
  if (legalLimit && legalLimit.unit === promisedLimit.unit && promisedLimit.value > legalLimit.value) {
    issues.add(`${at}.promisedLimit.value`, `promised ${promisedLimit.value} exceeds the legal ${legalLimit.value} ${legalLimit.unit}`);
  } else if (legalLimit && spanHours(promisedLimit) > spanHours(legalLimit)) {
    issues.add(`${at}.promisedLimit`, 'the promised limit exceeds the legal limit');
  }
  // The article: simple items are done in one working day.
  if (item.processType === 'SIMPLE' && spanHours(promisedLimit) > 24) {
    issues.add(`${at}.promisedLimit`, 'SIMPLE items promise at most 1 working day');
  }
  if (item.immediate && item.processType !== 'SIMPLE') {
    issues.add(`${at}.immediate`, 'only SIMPLE items (accept → decide) can be completed at acceptance');
  }
  if (item.onlineLevel === 'tolerated-missing' && !item.materials.some((m) => m.requirement === 'tolerable-missing')) {
    issues.add(`${at}.onlineLevel`, 'tolerated-missing handling needs at least one tolerable-missing material');
  }
}

function labelOf(json: unknown, i: number): string {
  return isRecord(json) && isText(json.code) ? `items[${i}](${json.code})` : `items[${i}]`;
}

/**
 * Reads one catalog version document, checking every field and cross
 * reference; throws StandardsValidationError listing all problems.
 */
export function parseCatalogVersion(json: unknown, source = 'catalog'): CatalogVersionData {
  const issues = new Issues();
  if (!isRecord(json)) throw StandardsValidationError.field('catalog-invalid', '(root)', 'expected a catalog version object');
  issues.unknownFields(json, DOCUMENT_FIELDS, '(root)');
  const version = issues.text(json, 'version', '(root)');
  const effectiveFrom = json.effectiveFrom;
  if (!isIsoDate(effectiveFrom)) issues.add('effectiveFrom', 'required, a date YYYY-MM-DD (Asia/Shanghai)');
  if (json.title !== undefined && !isText(json.title)) issues.add('title', 'expected a string');
  const notes = json.notes ?? [];
  if (!Array.isArray(notes) || !notes.every((n) => typeof n === 'string')) issues.add('notes', 'expected a list of strings');

  const departments: Department[] = [];
  if (!Array.isArray(json.departments) || json.departments.length === 0) issues.add('departments', 'expected a non-empty list');
  else {
    json.departments.forEach((d: unknown, i: number) => {
      const at = `departments[${i}]`;
      if (!isRecord(d)) return issues.add(at, 'expected { code, name }');
      issues.unknownFields(d, ['code', 'name'], at);
      const code = issues.text(d, 'code', at);
      if (departments.some((x) => x.code === code)) issues.add(`${at}.code`, `duplicate department ${code}`);
      departments.push({ code, name: issues.text(d, 'name', at) });
    });
  }

  const entries: CatalogEntry[] = [];
  const entryLabels: string[] = [];
  const labels = new Map<string, string>();
  if (!Array.isArray(json.items) || json.items.length === 0) issues.add('items', 'expected a non-empty list');
  else {
    json.items.forEach((raw: unknown, i: number) => {
      const at = labelOf(raw, i);
      if (!isRecord(raw)) return issues.add(at, 'expected an item object');
      const code = raw.code;
      if (!isText(code) || !CODE_RE.test(code)) issues.add(`${at}.code`, 'required: letters, digits, . _ -');
      else if (labels.has(code)) issues.add(`${at}.code`, `duplicate code, also ${labels.get(code)}`);
      else labels.set(code, at);
      const kind = raw.kind ?? 'item';
      if (kind === 'group' || kind === 'item') entryLabels.push(at);
      if (kind === 'group') {
        issues.unknownFields(raw, GROUP_FIELDS, at);
        entries.push({ kind: 'group', code: String(code), department: issues.text(raw, 'department', at), name: issues.text(raw, 'name', at) });
      } else if (kind === 'item') entries.push(parseItem(raw, issues, at));
      else issues.add(`${at}.kind`, 'expected group or item (default item)');
    });
  }

  const byCode = new Map(entries.map((e) => [e.code, e]));
  const departmentCodes = new Set(departments.map((d) => d.code));
  entries.forEach((entry, i) => {
    const at = entryLabels[i];
    if (entry.department && !departmentCodes.has(entry.department)) issues.add(`${at}.department`, `unknown department ${entry.department}`);
    if (entry.kind === 'group') {
      if (!entries.some((e) => e.kind === 'item' && e.parent === entry.code)) issues.add(at, 'a main item needs at least one sub-item');
      return;
    }
    if (entry.parent !== null) {
      const parent = byCode.get(entry.parent);
      if (!parent) issues.add(`${at}.parent`, `unknown item ${entry.parent}`);
      else if (parent.kind !== 'group') issues.add(`${at}.parent`, `${entry.parent} is not a main item (kind group)`);
      else if (parent.department !== entry.department) issues.add(`${at}.department`, `differs from its main item's ${parent.department}`);
    }
    entry.components.forEach((c, j) => {
      const component = byCode.get(c);
      if (!component || component.kind !== 'item' || c === entry.code) {
        issues.add(`${at}.components[${j}]`, `${c} is not another item of this catalog`);
      }
    });
    checkStandards(entry, issues, at);
  });

  if (issues.list.length > 0) throw new StandardsValidationError('catalog-invalid', issues.list, `${source} ${version || '(no version)'}`);
  return {
    version,
    effectiveFrom: effectiveFrom as string,
    title: isText(json.title) ? json.title : null,
    notes: notes as string[],
    departments,
    entries,
  };
}
