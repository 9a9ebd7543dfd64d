import { hours } from '../calendar/time-limit';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { seedCatalog } from '../catalog/seed-catalog';
import { StandardsValidationError } from '../errors';
import { ON_DUE_DATE_ITEMS, healthCommissionHistory } from './health-commission-history.fixture';
import { computeSupervisionStatistics, type CaseRecord } from './supervision-statistics';

describe(computeSupervisionStatistics.name, () => {
  const calendar = new WorkingDayCalendar();
  const catalog = seedCatalog();
  const asOf = '2019-12-31T00:00:00+08:00';

  describe('the health commission of the article', () => {
    const cases = healthCommissionHistory({ catalog, calendar, casesPerItem: 5 });
    const sut = computeSupervisionStatistics({ cases, catalog, asOf, calendar });
    const health = sut.byDepartment.find((d) => d.department === 'health');

    it('gives back 70% immediate, 92% early and 100% on time', () => {
      expect(health).toBeDefined();
      expect(health?.immediateItemShare).toMatchObject({ numerator: 52, denominator: 74, percent: 70 });
      expect(health?.immediateCaseShare).toMatchObject({ numerator: 52 * 5, denominator: 74 * 5, percent: 70 });
      expect(health?.earlyCompletionRate).toMatchObject({ numerator: 68 * 5, denominator: 74 * 5, percent: 92 });
      expect(health?.onTimeRate).toMatchObject({ numerator: 74 * 5, denominator: 74 * 5, percent: 100 });
      expect(health?.runningOverdue).toBe(0);
    });

    it('is the whole center when only the health commission has cases', () => {
      expect(sut.byDepartment.map((d) => d.department)).toEqual(['health']);
      expect(sut.center).toEqual(Object.fromEntries(Object.entries(health ?? {}).filter(([k]) => k !== 'department' && k !== 'departmentName')));
      expect(health?.departmentName).toBe('涪陵区卫生和计划生育委员会');
    });

    it('reports each sub-item', () => {
      expect(sut.byItem).toHaveLength(74);
      const immediate = sut.byItem.find((i) => i.itemCode === 'WJW-02-01');
      expect(immediate).toMatchObject({ cases: 5, averageCompletionWorkingDays: 0, averageReviewSteps: 1, earlyCompletionRate: { percent: 100 } });
      const onDueDate = sut.byItem.filter((i) => i.earlyCompletionRate.percent === 0);
      expect(onDueDate).toHaveLength(ON_DUE_DATE_ITEMS);
      expect(onDueDate.every((i) => i.onTimeRate.percent === 100)).toBe(true);
    });

    it('averages review steps and completion days over completed cases', () => {
      expect(health?.averageReviewSteps).toBeGreaterThan(1);
      expect(health?.averageCompletionWorkingDays).toBeGreaterThan(0);
      const perCase = cases.reduce((sum, c) => sum + c.reviewSteps, 0) / cases.length;
      expect(health?.averageReviewSteps).toBeCloseTo(perCase, 12);
    });

    it('compresses the committed items as the catalog does', () => {
      expect(health?.committedCompression).toMatchObject({ items: 22, excluded: 0 });
      expect(health?.compression.items).toBe(74);
    });
  });

  describe('several departments', () => {
    const record = (caseId: string, itemCode: string, acceptedAt: string, completedAt: string | null, extra: Partial<CaseRecord> = {}): CaseRecord => ({
      caseId,
      itemCode,
      catalogVersion: '2018-08',
      acceptedAt,
      completedAt,
      reviewSteps: catalog.itemAt(itemCode, '2018-08').steps.length - 1,
      immediate: catalog.itemAt(itemCode, '2018-08').immediate,
      ...extra,
    });
    const cases: CaseRecord[] = [
      // The house transfer of the article: accepted 09:05, certificate before 10:00.
      record('house-1', 'LB-01', '2018-10-10T09:05:00+08:00', '2018-10-10T09:55:00+08:00'),
      record('house-2', 'LB-01', '2018-10-10T14:00:00+08:00', '2018-10-10T15:30:00+08:00'),
      record('tax-1', 'SW-02', '2018-10-10T10:00:00+08:00', '2018-10-10T10:20:00+08:00'),
      // A permit accepted on a Saturday, due after 7 service days counting Saturdays.
      record('permit-1', 'CRJ-01-01', '2018-09-08T10:00:00+08:00', '2018-09-14T11:00:00+08:00'),
      // Still running, past its due date and past its warning mark.
      record('company-1', 'GS-02', '2018-10-08T10:00:00+08:00', null),
      record('company-2', 'GS-02', '2018-10-09T10:00:00+08:00', null),
      // Not accepted yet as of the evaluation time.
      record('later', 'GS-02', '2018-10-20T10:00:00+08:00', null),
    ];
    const sut = computeSupervisionStatistics({ cases, catalog, asOf: '2018-10-12T12:00:00+08:00', calendar });

    it('counts per department and for the center', () => {
      expect(sut.byDepartment.map((d) => [d.department, d.cases])).toEqual([
        ['exit-entry', 1],
        ['market-regulation', 2],
        ['real-estate', 2],
        ['tax', 1],
      ]);
      expect(sut.center).toMatchObject({ cases: 6, completed: 4, running: 2, runningOverdue: 1, runningWarned: 1 });
    });

    it('judges hour limits by the clock', () => {
      const transfer = sut.byItem.find((i) => i.itemCode === 'LB-01');
      expect(transfer).toMatchObject({ cases: 2, onTimeRate: { numerator: 1, denominator: 2, percent: 50 }, earlyCompletionRate: { numerator: 0 } });
      expect(transfer?.compression).toMatchObject({ items: 0, excluded: 1, ratio: null });
      expect(catalog.itemAt('LB-01', '2018-08').promisedLimit).toEqual(hours(1));
    });

    it('counts Saturdays for the exit-entry window', () => {
      expect(sut.byItem.find((i) => i.itemCode === 'CRJ-01-01')).toMatchObject({ averageCompletionWorkingDays: 5, earlyCompletionRate: { percent: 100 } });
    });

    it('names the case that refers to an unknown item', () => {
      const bad = [record('ok', 'SW-02', '2018-10-10T10:00:00+08:00', null), { ...record('bad', 'SW-02', '2018-10-10T10:00:00+08:00', null), itemCode: 'SW-99' }];
      expect(() => computeSupervisionStatistics({ cases: bad, catalog, asOf, calendar })).toThrow(StandardsValidationError);
      expect(() => computeSupervisionStatistics({ cases: bad, catalog, asOf, calendar })).toThrow(/cases\[1\]\(bad\)\.itemCode/);
    });

    it('returns empty rates for no cases', () => {
      const empty = computeSupervisionStatistics({ cases: [], catalog, asOf, calendar });
      expect(empty.center).toMatchObject({ cases: 0, averageReviewSteps: null, onTimeRate: { ratio: null, percent: null } });
      expect(empty.byItem).toEqual([]);
    });
  });
});
