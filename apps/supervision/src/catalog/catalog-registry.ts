import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JsonLogger, ServiceRuntime } from '@gov/platform';
import { Catalog } from '@gov/service-standards';
import { SupervisionConfig } from '../supervision.config';
import { readCatalogDirectory } from './catalog-files';
import { CatalogRepository } from './catalog.repository';

/**
 * Loads the repository's catalog versions into the database at start (after the
 * platform's migrations) and keeps the database's versions in memory for the
 * consumer, which measures every case against them.
 */
@Injectable()
export class CatalogRegistry implements OnModuleInit {
  readonly repository: CatalogRepository;
  private current?: Catalog;
  private refreshedAt = 0;

  constructor(
    runtime: ServiceRuntime,
    private readonly config: SupervisionConfig,
    private readonly logger: JsonLogger,
  ) {
    this.repository = new CatalogRepository(runtime.store);
  }

  async onModuleInit(): Promise<void> {
    const files = readCatalogDirectory(this.config.CATALOG_DIR);
    const result = await this.repository.sync(files, this.config.CATALOG_CHANGED_VERSION);
    if (result.replaced.length) this.logger.warn({ msg: 'catalog versions replaced', versions: result.replaced });
    await this.refresh();
    this.logger.info('catalog loaded', { inserted: result.inserted, unchanged: result.unchanged.length, versions: this.catalog.versions.map((v) => v.version) });
  }

  get catalog(): Catalog {
    if (!this.current) throw new Error('the catalog is not loaded yet');
    return this.current;
  }

  hasVersion(version: string): boolean {
    return this.catalog.versions.some((v) => v.version === version);
  }

  /** Re-reads the versions from the database, e.g. one another replica loaded after this one started. */
  async refresh(): Promise<Catalog> {
    this.current = Catalog.of(await this.repository.loadAll());
    this.refreshedAt = Date.now();
    return this.current;
  }

  /**
   * A version a department names that this process doesn't know: look again,
   * at most once a minute, so a department on a version supervision never got
   * doesn't cost a reload per event.
   */
  async ensureVersion(version: string): Promise<void> {
    if (this.hasVersion(version) || Date.now() - this.refreshedAt < 60_000) return;
    await this.refresh();
  }
}
