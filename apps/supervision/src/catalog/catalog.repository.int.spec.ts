import { migrate, PostgresEventStore } from '@gov/event-sourcing/postgres';
import { parseCatalogVersion } from '@gov/service-standards';
import { createTestDatabase, type TestDatabase } from '@gov/testing';
import { SUPERVISION_SCHEMA } from '../supervision.schema';
import { changedCatalogJson, SEED_CATALOG_DIR } from '../testing/supervision.factories';
import { catalogContentHash, readCatalogDirectory, type CatalogVersionFile } from './catalog-files';
import { CatalogRepository, CatalogVersionChangedError } from './catalog.repository';

describe(CatalogRepository.name, () => {
  let db: TestDatabase;
  let sut: CatalogRepository;
  const seed = readCatalogDirectory(SEED_CATALOG_DIR);
  const file = (json: unknown, name: string): CatalogVersionFile => {
    const data = parseCatalogVersion(json, name);
    return { file: name, data, contentHash: catalogContentHash(data) };
  };

  beforeAll(async () => {
    db = await createTestDatabase('catalog_repository');
    await migrate(db.pool, 'supervision', SUPERVISION_SCHEMA);
    sut = new CatalogRepository(new PostgresEventStore(db.pool));
  });
  afterAll(() => db.drop());

  it('loads the repository versions once, however often it starts', async () => {
    expect(await sut.sync(seed, 'refuse')).toEqual({ inserted: ['2018-08'], unchanged: [], replaced: [] });
    expect(await Promise.all([sut.sync(seed, 'refuse'), sut.sync(seed, 'refuse')])).toEqual([
      { inserted: [], unchanged: ['2018-08'], replaced: [] },
      { inserted: [], unchanged: ['2018-08'], replaced: [] },
    ]);
    const [loaded] = await sut.loadAll();
    expect(loaded).toEqual({ ...seed[0].data });
  });

  it('adds a new version beside the old, effective at its date', async () => {
    const next = file(changedCatalogJson('2019-01', '2019-01-01', 'GS-02', 2), '2019-01.json');
    expect(await sut.sync([...seed, next], 'refuse')).toMatchObject({ inserted: ['2019-01'] });
    expect((await sut.versionAt('2018-12-31'))?.version).toBe('2018-08');
    expect((await sut.versionAt('2019-01-01'))?.version).toBe('2019-01');
    expect(await sut.versionAt('2018-07-31')).toBeNull();
    expect(await sut.entry('2019-01', 'GS-02')).toMatchObject({ promisedLimit: { value: 2 } });
    expect(await sut.entry('2018-08', 'GS-02')).toMatchObject({ promisedLimit: { value: 3 } });
    expect((await sut.entries({ version: '2019-01', department: 'health', kind: 'group' })).length).toBe(20);
  });

  it('refuses a loaded version whose content changed, unless told to replace it', async () => {
    const edited = file(changedCatalogJson('2018-08', '2018-08-01', 'GS-02', 1), '2018-08.json');
    await expect(sut.sync([edited], 'refuse')).rejects.toThrow(CatalogVersionChangedError);
    expect(await sut.entry('2018-08', 'GS-02')).toMatchObject({ promisedLimit: { value: 3 } });
    expect(await sut.sync([edited], 'replace')).toMatchObject({ replaced: ['2018-08'] });
    expect(await sut.entry('2018-08', 'GS-02')).toMatchObject({ promisedLimit: { value: 1 } });
  });
});
