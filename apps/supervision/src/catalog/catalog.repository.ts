import type { Pool, PoolClient } from 'pg';
import type { PostgresEventStore, Queryable } from '@gov/event-sourcing/postgres';
import type { CatalogEntry, CatalogVersionData, Department, IsoDate } from '@gov/service-standards';
import type { CatalogVersionFile } from './catalog-files';

export class CatalogVersionChangedError extends Error {
  override readonly name = 'CatalogVersionChangedError';
  constructor(readonly version: string, file: string) {
    super(
      `catalog version ${version} (${file}) differs from the one loaded before; cases were measured against it. ` +
        'Publish the change as a new version with its own effectiveFrom (or set CATALOG_CHANGED_VERSION=replace in development).',
    );
  }
}

export interface CatalogSyncResult {
  readonly inserted: readonly string[];
  readonly unchanged: readonly string[];
  readonly replaced: readonly string[];
}

export interface CatalogVersionRow {
  readonly version: string;
  readonly effectiveFrom: IsoDate;
  readonly title: string | null;
  readonly notes: readonly string[];
  readonly departments: readonly Department[];
  readonly items: number;
  readonly groups: number;
  readonly loadedAt: string;
}

export interface EntryFilter {
  readonly version: string;
  readonly department?: string;
  readonly parent?: string;
  readonly kind?: 'item' | 'group';
}

const VERSION_COLUMNS = `v.version, to_char(v.effective_from, 'YYYY-MM-DD') AS effective_from, v.title, v.notes, v.departments, v.loaded_at,
  (SELECT count(*) FROM sv_catalog_items i WHERE i.version = v.version AND i.kind = 'item')::int AS items,
  (SELECT count(*) FROM sv_catalog_items i WHERE i.version = v.version AND i.kind = 'group')::int AS groups`;

interface VersionDbRow {
  version: string;
  effective_from: string;
  title: string | null;
  notes: string[];
  departments: Department[];
  loaded_at: Date;
  items: number;
  groups: number;
}

const toVersionRow = (r: VersionDbRow): CatalogVersionRow => ({
  version: r.version,
  effectiveFrom: r.effective_from,
  title: r.title,
  notes: r.notes,
  departments: r.departments,
  items: r.items,
  groups: r.groups,
  loadedAt: r.loaded_at.toISOString(),
});

/** The catalog tables: loading versions from the repository files, and the query side. */
export class CatalogRepository {
  private readonly pool: Pool;

  constructor(private readonly store: PostgresEventStore) {
    this.pool = store.pool;
  }

  /**
   * Loads the versions into the database, idempotently: a new version is
   * inserted, an identical one left alone, a changed one refused (or replaced).
   * Replicas starting together serialise on an advisory lock.
   */
  async sync(files: readonly CatalogVersionFile[], onChanged: 'refuse' | 'replace'): Promise<CatalogSyncResult> {
    return this.store.transaction(async (client) => {
      const result = { inserted: [] as string[], unchanged: [] as string[], replaced: [] as string[] };
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('supervision:catalog-sync'))`);
      const { rows } = await client.query<{ version: string; content_hash: string }>('SELECT version, content_hash FROM sv_catalog_versions');
      const loaded = new Map(rows.map((r) => [r.version, r.content_hash]));
      for (const f of files) {
        const hash = loaded.get(f.data.version);
        if (hash === f.contentHash) {
          result.unchanged.push(f.data.version);
          continue;
        }
        if (hash !== undefined) {
          if (onChanged === 'refuse') throw new CatalogVersionChangedError(f.data.version, f.file);
          await client.query('DELETE FROM sv_catalog_versions WHERE version = $1', [f.data.version]);
          result.replaced.push(f.data.version);
        } else result.inserted.push(f.data.version);
        await this.insert(client, f);
      }
      return result;
    });
  }

  private async insert(tx: PoolClient, f: CatalogVersionFile): Promise<void> {
    const d = f.data;
    await tx.query(
      `INSERT INTO sv_catalog_versions (version, effective_from, title, notes, departments, content_hash) VALUES ($1, $2, $3, $4, $5, $6)`,
      [d.version, d.effectiveFrom, d.title, JSON.stringify(d.notes), JSON.stringify(d.departments), f.contentHash],
    );
    const entries = d.entries.map((e, ordinal) => ({
      code: e.code,
      kind: e.kind,
      department: e.department,
      parent: e.kind === 'item' ? e.parent : null,
      name: e.name,
      ordinal,
      entry: e,
    }));
    await tx.query(
      `INSERT INTO sv_catalog_items (version, code, kind, department, parent, name, ordinal, entry)
       SELECT $1, x.code, x.kind, x.department, x.parent, x.name, x.ordinal, x.entry
       FROM jsonb_to_recordset($2::jsonb) AS x(code text, kind text, department text, parent text, name text, ordinal int, entry jsonb)`,
      [d.version, JSON.stringify(entries)],
    );
  }

  /** Every version with its entries, as the in-memory catalog is built from. */
  async loadAll(db: Queryable = this.pool): Promise<CatalogVersionData[]> {
    const versions = await this.versions(db);
    const { rows } = await db.query<{ version: string; entry: CatalogEntry }>('SELECT version, entry FROM sv_catalog_items ORDER BY version, ordinal');
    const byVersion = new Map<string, CatalogEntry[]>();
    for (const r of rows) {
      const list = byVersion.get(r.version) ?? [];
      list.push(r.entry);
      byVersion.set(r.version, list);
    }
    return versions.map((v) => ({ version: v.version, effectiveFrom: v.effectiveFrom, title: v.title, notes: v.notes, departments: v.departments, entries: byVersion.get(v.version) ?? [] }));
  }

  async versions(db: Queryable = this.pool): Promise<CatalogVersionRow[]> {
    const { rows } = await db.query<VersionDbRow>(`SELECT ${VERSION_COLUMNS} FROM sv_catalog_versions v ORDER BY v.effective_from`);
    return rows.map(toVersionRow);
  }

  async version(version: string): Promise<CatalogVersionRow | null> {
    const { rows } = await this.pool.query<VersionDbRow>(`SELECT ${VERSION_COLUMNS} FROM sv_catalog_versions v WHERE v.version = $1`, [version]);
    return rows[0] ? toVersionRow(rows[0]) : null;
  }

  /** The version in force on a day: the latest whose effective date is on or before it. */
  async versionAt(day: IsoDate): Promise<CatalogVersionRow | null> {
    const { rows } = await this.pool.query<VersionDbRow>(
      `SELECT ${VERSION_COLUMNS} FROM sv_catalog_versions v WHERE v.effective_from <= $1::date ORDER BY v.effective_from DESC LIMIT 1`,
      [day],
    );
    return rows[0] ? toVersionRow(rows[0]) : null;
  }

  async entries(filter: EntryFilter): Promise<CatalogEntry[]> {
    const where = ['version = $1'];
    const params: unknown[] = [filter.version];
    if (filter.department) where.push(`department = $${params.push(filter.department)}`);
    if (filter.parent) where.push(`parent = $${params.push(filter.parent)}`);
    if (filter.kind) where.push(`kind = $${params.push(filter.kind)}`);
    const { rows } = await this.pool.query<{ entry: CatalogEntry }>(`SELECT entry FROM sv_catalog_items WHERE ${where.join(' AND ')} ORDER BY ordinal`, params);
    return rows.map((r) => r.entry);
  }

  async entry(version: string, code: string): Promise<CatalogEntry | null> {
    const { rows } = await this.pool.query<{ entry: CatalogEntry }>('SELECT entry FROM sv_catalog_items WHERE version = $1 AND code = $2', [version, code]);
    return rows[0]?.entry ?? null;
  }
}
