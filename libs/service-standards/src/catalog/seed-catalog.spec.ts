import { limitCompression } from '../statistics/limit-compression';
import { reviewStepCount } from './catalog.types';
import { DEPARTMENTS } from '@gov/contracts';
import { seedCatalog } from './seed-catalog';

describe(seedCatalog.name, () => {
  const sut = seedCatalog().versionAt('2018-10-10');
  const items = sut.items();
  const health = sut.byDepartment('health');

  it('knows every department code clerks carry on their tokens, besides the joint window', () => {
    const codes = sut.departments.map((d) => d.code);
    expect(Object.values(DEPARTMENTS).filter((d) => d !== DEPARTMENTS.jointProcessing && !codes.includes(d))).toEqual([]);
  });

  it('has the health commission of the article: 20 items, 74 sub-items, 52 immediate', () => {
    const groups = health.filter((e) => e.kind === 'group');
    const subItems = health.flatMap((e) => (e.kind === 'item' ? [e] : []));
    expect(groups).toHaveLength(20);
    expect(subItems).toHaveLength(74);
    expect(subItems.filter((i) => i.immediate)).toHaveLength(52);
    expect(subItems.every((i) => i.parent !== null && sut.entry(i.parent)?.kind === 'group')).toBe(true);
    expect(groups.every((g) => sut.children(g.code).length > 0)).toBe(true);
  });

  it('registers doctors and nurses at once', () => {
    for (const code of ['WJW-01-01', 'WJW-01-02', 'WJW-02-01', 'WJW-02-03']) {
      expect(sut.item(code)).toMatchObject({ immediate: true, processType: 'SIMPLE', onlineLevel: 'fully-online' });
    }
  });

  it('compresses the legal limits of committed licensing items by 65%', () => {
    const committed = items.filter((i) => i.itemType === 'licensing' && !i.immediate);
    const compression = limitCompression(committed);
    expect(compression.percent).toBe(65);
    expect(compression.excluded).toBe(0);
  });

  it('keeps every promise within the legal limit and the standard processes', () => {
    for (const item of items) {
      if (item.legalLimit?.unit === item.promisedLimit.unit) expect(item.promisedLimit.value).toBeLessThanOrEqual(item.legalLimit.value);
      if (item.processType === 'SIMPLE') expect(reviewStepCount(item)).toBe(1);
      if (item.processType === 'GENERAL') expect(reviewStepCount(item)).toBe(2);
    }
  });

  it('handles the second-hand house transfer at one window within one hour', () => {
    expect(sut.item('LB-01')).toMatchObject({
      promisedLimit: { unit: 'hours', value: 1 },
      components: ['BDC-01', 'SW-03'],
      windows: [{ category: 'house-transfer', numbers: [35, 36] }],
    });
    expect(sut.item('BDC-01').legalLimit).toEqual({ unit: 'working-days', value: 30 });
  });

  it('opens the tax short-task windows 1-4 and cross-region windows 14-15', () => {
    expect(sut.item('SW-02').windows).toEqual([{ category: 'tax-short', numbers: [1, 2, 3, 4] }]);
    expect(sut.item('SW-04').windows).toEqual([{ category: 'tax-cross-region', numbers: [14, 15] }]);
  });

  it('serves Hong Kong and Macau permits on Saturdays', () => {
    const exitEntry = sut.byDepartment('exit-entry').flatMap((e) => (e.kind === 'item' ? [e] : []));
    expect(exitEntry.length).toBeGreaterThan(0);
    expect(exitEntry.every((i) => i.serviceDays === 'working-days-and-saturdays')).toBe(true);
    expect(items.filter((i) => i.department !== 'exit-entry').every((i) => i.serviceDays === 'working-days')).toBe(true);
  });

  it('lets a business register fully online', () => {
    expect(sut.item('GS-01').onlineLevel).toBe('fully-online');
    expect(sut.item('GS-02').processType).toBe('GENERAL');
  });
});
