import { toIsoDate, type DateInput, type IsoDate } from '../calendar/shanghai-time';
import { CatalogLookupError, StandardsValidationError, type FieldIssue } from '../errors';
import { parseCatalogVersion } from './catalog-validation';
import type { CatalogEntry, CatalogVersionData, Department, ItemGroup, ServiceItem } from './catalog.types';

/** One effective-dated version of the item catalog, indexed for queries. */
export class CatalogVersion implements CatalogVersionData {
  readonly version: string;
  readonly effectiveFrom: IsoDate;
  readonly title: string | null;
  readonly notes: readonly string[];
  readonly departments: readonly Department[];
  readonly entries: readonly CatalogEntry[];
  private readonly byCode: ReadonlyMap<string, CatalogEntry>;

  constructor(data: CatalogVersionData) {
    this.version = data.version;
    this.effectiveFrom = data.effectiveFrom;
    this.title = data.title;
    this.notes = data.notes;
    this.departments = data.departments;
    this.entries = data.entries;
    this.byCode = new Map(data.entries.map((e) => [e.code, e]));
  }

  entry(code: string): CatalogEntry | undefined {
    return this.byCode.get(code);
  }

  findItem(code: string): ServiceItem | undefined {
    const entry = this.byCode.get(code);
    return entry?.kind === 'item' ? entry : undefined;
  }

  /** The item cases are opened against; a main item (group) is refused. */
  item(code: string): ServiceItem {
    const entry = this.byCode.get(code);
    if (!entry) throw new CatalogLookupError('catalog-item-not-found', `item ${code} is not in catalog version ${this.version}`, { code, version: this.version });
    if (entry.kind !== 'item') {
      throw new CatalogLookupError('catalog-item-is-group', `${code} is a main item in catalog version ${this.version}: cases go to its sub-items`, { code, version: this.version });
    }
    return entry;
  }

  items(): ServiceItem[] {
    return this.entries.filter((e): e is ServiceItem => e.kind === 'item');
  }

  groups(): ItemGroup[] {
    return this.entries.filter((e): e is ItemGroup => e.kind === 'group');
  }

  department(code: string): Department | undefined {
    return this.departments.find((d) => d.code === code);
  }

  byDepartment(department: string): CatalogEntry[] {
    return this.entries.filter((e) => e.department === department);
  }

  /** The sub-items of a main item. */
  children(parent: string): ServiceItem[] {
    return this.items().filter((i) => i.parent === parent);
  }
}

/**
 * The catalog's versions in force over time. A version applies from 00:00
 * Asia/Shanghai of its `effectiveFrom` until the next one; a case keeps the
 * version it was accepted under (`itemAt(code, version)`).
 */
export class Catalog {
  private constructor(readonly versions: readonly CatalogVersion[]) {}

  static of(versions: ReadonlyArray<CatalogVersion | CatalogVersionData>): Catalog {
    const list = versions.map((v) => (v instanceof CatalogVersion ? v : new CatalogVersion(v)));
    const issues: FieldIssue[] = [];
    if (list.length === 0) issues.push({ field: 'versions', message: 'a catalog needs at least one version' });
    list.forEach((v, i) => {
      const other = list.findIndex((o) => o.version === v.version);
      if (other !== i) issues.push({ field: `versions[${i}].version`, message: `duplicate version ${v.version}` });
      const sameDay = list.findIndex((o) => o.effectiveFrom === v.effectiveFrom);
      if (sameDay !== i) issues.push({ field: `versions[${i}].effectiveFrom`, message: `${v.version} and ${list[sameDay].version} both take effect on ${v.effectiveFrom}` });
    });
    if (issues.length > 0) throw new StandardsValidationError('catalog-invalid', issues);
    return new Catalog([...list].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)));
  }

  /** A catalog with one more version (e.g. a change taking effect tomorrow). */
  withVersion(version: CatalogVersion | CatalogVersionData): Catalog {
    return Catalog.of([...this.versions, version]);
  }

  latest(): CatalogVersion {
    return this.versions[this.versions.length - 1];
  }

  version(id: string): CatalogVersion {
    const found = this.versions.find((v) => v.version === id);
    if (!found) throw new CatalogLookupError('catalog-version-not-found', `catalog version ${id} does not exist`, { version: id });
    return found;
  }

  /** The version in force on a day (an instant is read in Asia/Shanghai). */
  versionAt(at: DateInput): CatalogVersion {
    const day = toIsoDate(at, 'at');
    let found: CatalogVersion | undefined;
    for (const v of this.versions) if (v.effectiveFrom <= day) found = v;
    if (!found) {
      throw new CatalogLookupError('catalog-not-in-force', `no catalog version is in force on ${day}; the first takes effect on ${this.versions[0].effectiveFrom}`, { date: day });
    }
    return found;
  }

  /** An item as a given version defines it: a running case's limits stay those of its version. */
  itemAt(code: string, version: string): ServiceItem {
    return this.version(version).item(code);
  }
}

/**
 * Reads catalog JSON: one version document (`data/catalog/<version>.json`) or
 * a list of them. Throws StandardsValidationError naming each bad field.
 */
export function loadCatalog(json: unknown): Catalog {
  const documents = Array.isArray(json) ? json : [json];
  return Catalog.of(documents.map((d, i) => parseCatalogVersion(d, documents.length > 1 ? `catalog[${i}]` : 'catalog')));
}
