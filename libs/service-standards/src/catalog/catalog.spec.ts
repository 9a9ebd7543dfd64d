import seedJson from '../../data/catalog/2018-08.json';
import { computeDeadline } from '../calendar/deadline';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { CatalogLookupError, StandardsValidationError } from '../errors';
import { standing } from '../statistics/standing';
import { Catalog, loadCatalog } from './catalog';
import { parseCatalogVersion } from './catalog-validation';

type ItemJson = { code: string; promisedLimit?: { unit: string; value: number } };

/** The seed catalog as JSON with one item's promised limit changed, as a new version. */
function changedVersion(version: string, effectiveFrom: string, code: string, promisedDays: number) {
  const copy = JSON.parse(JSON.stringify(seedJson)) as { version: string; effectiveFrom: string; items: ItemJson[] };
  const item = copy.items.find((i) => i.code === code);
  if (!item) throw new Error(`no ${code} in the seed`);
  item.promisedLimit = { unit: 'working-days', value: promisedDays };
  return { ...copy, version, effectiveFrom };
}

describe(Catalog.name, () => {
  const calendar = new WorkingDayCalendar();
  const sut = loadCatalog(seedJson);

  describe('queries', () => {
    const version = sut.versionAt('2018-10-10');

    it('finds items by code, department and main item', () => {
      expect(version.item('WJW-02-01').name).toBe('护士执业注册（首次注册）');
      expect(version.children('WJW-02').map((i) => i.code)).toEqual(['WJW-02-01', 'WJW-02-02', 'WJW-02-03', 'WJW-02-04', 'WJW-02-05', 'WJW-02-06']);
      expect(version.byDepartment('tax').map((e) => e.code)).toEqual(['SW-01', 'SW-02', 'SW-03', 'SW-04']);
      expect(version.department('exit-entry')?.name).toBe('涪陵区公安局出入境管理支队');
      expect(version.entry('NOPE')).toBeUndefined();
    });

    it('refuses a case against a main item or an unknown code', () => {
      expect(() => version.item('WJW-02')).toThrow(CatalogLookupError);
      expect(() => sut.itemAt('NOPE', '2018-08')).toThrow(/NOPE/);
      expect(() => sut.itemAt('WJW-02-01', '2099-01')).toThrow(/2099-01/);
    });
  });

  describe('versions', () => {
    it('has none in force before the first takes effect', () => {
      expect(() => sut.versionAt('2018-07-31')).toThrow(CatalogLookupError);
      expect(sut.versionAt('2018-08-01').version).toBe('2018-08');
    });

    it('refuses two versions with the same id or the same effective date', () => {
      expect(() => loadCatalog([seedJson, seedJson])).toThrow(StandardsValidationError);
      expect(() => sut.withVersion({ ...sut.latest(), version: 'other' })).toThrow(/both take effect on 2018-08-01/);
    });

    it('switches at 00:00 Asia/Shanghai of the effective date', () => {
      const catalog = loadCatalog([seedJson, changedVersion('2018-10b', '2018-10-11', 'WJW-04-03', 3)]);
      expect(catalog.versionAt('2018-10-10T23:59:59+08:00').version).toBe('2018-08');
      expect(catalog.versionAt('2018-10-10T16:00:00Z').version).toBe('2018-10b'); // 00:00 on the 11th in Shanghai
      expect(catalog.versions.map((v) => v.version)).toEqual(['2018-08', '2018-10b']);
    });

    it('leaves cases accepted today on the old limits when a change takes effect tomorrow', () => {
      // Today is 2018-10-10; the address change of a medical institution drops from 7 to 3 working days tomorrow.
      const today = '2018-10-10T15:00:00+08:00';
      const catalog = sut.withVersion(parseCatalogVersion(changedVersion('2018-10b', '2018-10-11', 'WJW-04-03', 3)));

      const todays = { acceptedAt: today, catalogVersion: catalog.versionAt(today).version };
      const tomorrows = { acceptedAt: '2018-10-11T09:00:00+08:00', catalogVersion: catalog.versionAt('2018-10-11T09:00:00+08:00').version };
      expect([todays.catalogVersion, tomorrows.catalogVersion]).toEqual(['2018-08', '2018-10b']);

      const limitOf = (c: { catalogVersion: string }) => catalog.itemAt('WJW-04-03', c.catalogVersion).promisedLimit;
      expect(limitOf(todays)).toEqual({ unit: 'working-days', value: 7 });
      expect(limitOf(tomorrows)).toEqual({ unit: 'working-days', value: 3 });

      // Judged next week, today's case still runs against 7 days.
      const oldDeadline = computeDeadline({ acceptedAt: todays.acceptedAt, limit: limitOf(todays) }, calendar);
      expect(oldDeadline.dueDate).toBe('2018-10-19');
      const seen = standing({ acceptedAt: todays.acceptedAt, promisedLimit: limitOf(todays) }, '2018-10-17T10:00:00+08:00', calendar);
      expect(seen).toMatchObject({ status: 'running', standing: 'on-time' });
      expect(computeDeadline({ acceptedAt: tomorrows.acceptedAt, limit: limitOf(tomorrows) }, calendar).dueDate).toBe('2018-10-16');
    });
  });
});
