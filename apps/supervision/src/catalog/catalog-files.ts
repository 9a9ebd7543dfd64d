import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '@gov/event-sourcing';
import { Catalog, parseCatalogVersion, type CatalogVersionData } from '@gov/service-standards';

export interface CatalogVersionFile {
  readonly file: string;
  readonly data: CatalogVersionData;
  /** sha256 of the parsed version's canonical JSON: layout changes in the file don't count as changes. */
  readonly contentHash: string;
}

export function catalogContentHash(data: CatalogVersionData): string {
  const plain = { version: data.version, effectiveFrom: data.effectiveFrom, title: data.title, notes: data.notes, departments: data.departments, entries: data.entries };
  return createHash('sha256').update(canonicalJson(plain)).digest('hex');
}

/**
 * Reads and validates every `<version>.json` of a catalog directory, as a whole
 * (no two versions with the same name or the same effective date). Throws,
 * naming the file and field, on anything invalid.
 */
export function readCatalogDirectory(dir: string): CatalogVersionFile[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  if (files.length === 0) throw new Error(`no catalog versions (*.json) in ${dir}`);
  const versions = files.map((file): CatalogVersionFile => {
    const json: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const data = parseCatalogVersion(json, file);
    return { file, data, contentHash: catalogContentHash(data) };
  });
  Catalog.of(versions.map((v) => v.data));
  return versions;
}
