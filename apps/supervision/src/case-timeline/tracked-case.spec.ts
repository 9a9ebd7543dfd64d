import { WorkingDayCalendar, seedCatalog, toInstant, type Catalog } from '@gov/service-standards';
import { catalogWithChange, lifecycleOf } from '../testing/supervision.factories';
import { applyLifecycle, caseRecordOf, dueTimers, recordedStanding, reviewStepsOf, statusOf, type TrackedCase } from './tracked-case';
import type { CaseLifecycleEvent } from '@gov/contracts';

describe(applyLifecycle.name, () => {
  const calendar = new WorkingDayCalendar();
  const run = (events: readonly CaseLifecycleEvent[], catalog: Catalog = seedCatalog()): TrackedCase => {
    let c: TrackedCase | null = null;
    for (const event of events) c = applyLifecycle(c, { service: 'business-registration', event }, { catalog, calendar });
    if (!c) throw new Error('no events');
    return c;
  };
  const company = lifecycleOf({ caseId: 'c-1', itemCode: 'GS-02', catalogVersion: '2018-08', department: 'market-regulation' });

  it('measures a case against its item and sets the warning and breach timers', () => {
    // GS-02: GENERAL, promised 3 working days. Accepted Monday 2018-10-08 → due end of Thursday 10-11.
    const sut = run([company.accepted('2018-10-08T10:00:00+08:00', { applicantIds: ['91500102MA5U5X7J2R'] })]);
    expect(sut.caseKey).toBe('business-registration/c-1');
    expect(sut.measure).toMatchObject({ catalogVersion: '2018-08', promisedLimit: { unit: 'working-days', value: 3 }, processType: 'GENERAL', decisionStep: 'approve' });
    expect(statusOf(sut)).toBe('running');
    expect(sut.applicantIds).toEqual(['91500102MA5U5X7J2R']);
    const timers = dueTimers(sut, calendar);
    expect(timers.map((t) => t.kind)).toEqual(['warning', 'breach']);
    expect(timers[1].dueAt).toEqual(toInstant('2018-10-12T00:00:00+08:00'));
    // 80% of 3 working days used = 0.6 of a working day before the deadline.
    expect(timers[0].dueAt).toEqual(new Date(toInstant('2018-10-12T00:00:00+08:00').getTime() - 0.6 * 86_400_000));
  });

  it('keeps the version the case started under, even after a new one takes effect', () => {
    const catalog = catalogWithChange('2018-10', '2018-10-09', 'GS-02', 2);
    const claimed = run([company.accepted('2018-10-10T10:00:00+08:00')], catalog);
    expect(claimed.measure?.catalogVersion).toBe('2018-08');
    expect(claimed.measure?.promisedLimit.value).toBe(3);
    const unclaimed = lifecycleOf({ caseId: 'c-2', itemCode: 'GS-02', catalogVersion: '', department: 'market-regulation' });
    expect(run([unclaimed.accepted('2018-10-08T10:00:00+08:00')], catalog).measure).toMatchObject({ catalogVersion: '2018-08' });
    expect(run([unclaimed.accepted('2018-10-09T10:00:00+08:00')], catalog).measure).toMatchObject({ catalogVersion: '2018-10', promisedLimit: { value: 2 } });
  });

  it('measures under the version in force when the claimed one is unknown, and says so', () => {
    const unknown = lifecycleOf({ caseId: 'c-3', itemCode: 'GS-02', catalogVersion: '2031-01', department: 'market-regulation' });
    const sut = run([unknown.accepted('2018-10-08T10:00:00+08:00')]);
    expect(sut.measure?.catalogVersion).toBe('2018-08');
    expect(sut.notes.join()).toMatch(/2031-01 is unknown/);
  });

  it('counts review steps as the catalog does: the decision is one', () => {
    const simple = lifecycleOf({ caseId: 's', itemCode: 'GS-01', catalogVersion: '2018-08', department: 'market-regulation' });
    expect(reviewStepsOf(run([simple.accepted('2018-10-08T10:00:00+08:00'), simple.decided('2018-10-08T11:00:00+08:00')]))).toBe(1);
    const general = [company.accepted('2018-10-08T10:00:00+08:00'), company.step('2018-10-08T10:00:00+08:00', 'accept'), company.step('2018-10-09T10:00:00+08:00', 'review')];
    expect(reviewStepsOf(run([...general, company.decided('2018-10-10T10:00:00+08:00')]))).toBe(2);
    expect(reviewStepsOf(run([...general, company.step('2018-10-10T09:00:00+08:00', 'approve'), company.decided('2018-10-10T10:00:00+08:00')]))).toBe(2);
  });

  it('stops the clock while suspended and moves the deadline by the working days waited', () => {
    const accepted = company.accepted('2018-10-08T10:00:00+08:00');
    const suspended = run([accepted, company.suspended('2018-10-09T09:00:00+08:00')]);
    expect(statusOf(suspended)).toBe('suspended');
    expect(dueTimers(suspended, calendar)).toEqual([]);
    // Waited Tue 10-09 → Fri 10-12: 3 working days (10, 11, 12); due Thursday 10-11 + 3 = Tuesday 10-16.
    const resumed = run([accepted, company.suspended('2018-10-09T09:00:00+08:00'), company.resumed('2018-10-12T09:00:00+08:00')]);
    expect(statusOf(resumed)).toBe('running');
    expect(dueTimers(resumed, calendar).find((t) => t.kind === 'breach')?.dueAt).toEqual(toInstant('2018-10-17T00:00:00+08:00'));
  });

  it.each([
    ['early', '2018-10-09T15:00:00+08:00'],
    ['on-time', '2018-10-11T16:00:00+08:00'],
    ['overdue', '2018-10-12T09:00:00+08:00'],
  ])('judges a completed case %s and drops its timers', (expected, completedAt) => {
    const sut = run([company.accepted('2018-10-08T10:00:00+08:00'), company.decided(completedAt), company.completed(completedAt)]);
    expect(statusOf(sut)).toBe('completed');
    expect(sut.finalStanding).toBe(expected);
    expect(recordedStanding(sut)).toBe(expected);
    expect(dueTimers(sut, calendar)).toEqual([]);
    expect(caseRecordOf(sut)).toMatchObject({ caseId: 'business-registration/c-1', reviewSteps: 1, immediate: false });
  });

  it('sets no second warning once one fired, and keeps the breach', () => {
    const sut = { ...run([company.accepted('2018-10-08T10:00:00+08:00')]), warnedAt: '2018-10-11T09:36:00+08:00' };
    expect(dueTimers(sut, calendar).map((t) => t.kind)).toEqual(['breach']);
    expect(recordedStanding({ ...sut, breachedAt: '2018-10-12T00:00:00+08:00' })).toBe('overdue');
  });

  it('follows a case it cannot measure, saying why', () => {
    const unknownItem = lifecycleOf({ caseId: 'x', itemCode: 'NOPE-1', catalogVersion: '2018-08', department: 'tax' });
    const sut = run([unknownItem.accepted('2018-10-08T10:00:00+08:00'), unknownItem.completed('2018-10-08T11:00:00+08:00')]);
    expect(sut.measure).toBeNull();
    expect(sut.notes.join()).toMatch(/NOPE-1/);
    expect(recordedStanding(sut)).toBeNull();
    expect(caseRecordOf(sut)).toBeNull();
    const group = lifecycleOf({ caseId: 'g', itemCode: 'WJW-02', catalogVersion: '2018-08', department: 'health' });
    expect(run([group.accepted('2018-10-08T10:00:00+08:00')]).notes.join()).toMatch(/main item/);
  });

  it('takes events that came before acceptance, and dates nothing before it', () => {
    const early = run([company.step('2018-10-08T10:30:00+08:00', 'review')]);
    expect(early.acceptedAt).toBeNull();
    expect(early.notes.join()).toMatch(/before any CaseAccepted/);
    const skewed = run([company.accepted('2018-10-08T10:00:00+08:00'), company.completed('2018-10-08T09:59:00+08:00')]);
    expect(skewed.completedAt).toBe('2018-10-08T10:00:00+08:00');
    expect(skewed.finalStanding).toBe('early');
  });

  it('ignores what cannot happen: a second acceptance, a resume without a wait, events after completion', () => {
    const events = [
      company.accepted('2018-10-08T10:00:00+08:00'),
      company.accepted('2018-10-09T10:00:00+08:00'),
      company.resumed('2018-10-09T11:00:00+08:00'),
      company.completed('2018-10-09T12:00:00+08:00'),
      company.step('2018-10-09T13:00:00+08:00', 'review'),
    ];
    const sut = run(events);
    expect(sut.acceptedAt).toBe('2018-10-08T10:00:00+08:00');
    expect(sut.timeline.map((e) => e.event)).toEqual(['CaseAccepted', 'CaseCompleted']);
    expect(sut.notes).toHaveLength(3);
  });

  it('measures hour limits in clock time (the one-hour house transfer)', () => {
    const house = lifecycleOf({ caseId: 'h', itemCode: 'LB-01', catalogVersion: '2018-08', department: 'real-estate' });
    const sut = run([house.accepted('2018-10-10T09:05:00+08:00')]);
    expect(dueTimers(sut, calendar)).toEqual([
      { kind: 'warning', dueAt: toInstant('2018-10-10T09:53:00+08:00') },
      { kind: 'breach', dueAt: toInstant('2018-10-10T10:05:00+08:00') },
    ]);
  });
});
