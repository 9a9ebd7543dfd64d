import { DeciderSpecification, ForbiddenError, IllegalStateError, NotFoundError, RuleViolation, ValidationError } from '@gov/event-sourcing';
import { WorkingDayCalendar } from '@gov/service-standards';
import { caseRatingDecider } from './case-rating.decider';
import type { CaseRatingEvent, RateCase } from './case-rating.events';

describe(caseRatingDecider.name, () => {
  const sut = DeciderSpecification.for(caseRatingDecider(new WorkingDayCalendar()));
  const ref = { caseKey: 'tax/t-9', service: 'tax', caseId: 't-9', itemCode: 'SW-02', department: 'tax' };
  // Friday 2018-09-28, before the National Day holiday (10-01 … 10-07; 09-29 and 09-30 are make-up working days).
  const rate = (stars: number, extra: Partial<RateCase> = {}) => ({
    type: 'RateCase' as const,
    data: { ...ref, stars, comment: null, ratedAt: '2018-09-28T16:00:00+08:00', byApplicant: true, caseDecided: true, ...extra },
  });
  const rated = (stars: 1 | 2 | 3 | 4 | 5): CaseRatingEvent => ({ type: 'CaseRated', data: { ...ref, stars, comment: null, ratedAt: '2018-09-28T16:00:00+08:00' } });
  const opened: CaseRatingEvent = {
    type: 'RectificationOpened',
    // Five working days after Friday 09-28: Sat 09-29, Sun 09-30 (make-up days), then 10-08, 10-09, 10-10.
    data: { ...ref, stars: 1, openedAt: '2018-09-28T16:00:00+08:00', dueDate: '2018-10-10', dueAt: '2018-10-11T00:00:00+08:00' },
  };
  const close = (department = 'tax', closedAt = '2018-10-09T10:00:00+08:00') => ({ type: 'CloseRectification' as const, data: { closedAt, resolution: '窗口人员已整改并回访', department } });

  it('takes a good rating and opens nothing', () => {
    sut([]).when(rate(5)).then([rated(5)]);
  });

  it('opens a rectification due in 5 working days on a bad rating', () => {
    sut([]).when(rate(1)).then([rated(1), opened]);
    sut([])
      .when(rate(2))
      .then([rated(2), { ...opened, data: { ...opened.data, stars: 2 } } as CaseRatingEvent]);
  });

  it('refuses a second rating, a rating by anyone but the applicant, a case not yet decided, and stars outside 1-5', () => {
    sut([rated(4)]).when(rate(5)).thenThrows(IllegalStateError, (e: IllegalStateError) => expect(e.code).toBe('case-already-rated'));
    sut([]).when(rate(5, { byApplicant: false })).thenThrows(ForbiddenError);
    sut([]).when(rate(5, { caseDecided: false })).thenThrows(RuleViolation);
    sut([]).when(rate(0)).thenThrows(ValidationError);
    sut([]).when(rate(3.5)).thenThrows(ValidationError);
  });

  it('closes the rectification by the case department, once, noting lateness', () => {
    sut([rated(1), opened])
      .when(close())
      .then([{ type: 'RectificationClosed', data: { ...ref, closedAt: '2018-10-09T10:00:00+08:00', resolution: '窗口人员已整改并回访', late: false } }]);
    sut([rated(1), opened])
      .when(close('tax', '2018-10-11T08:00:00+08:00'))
      .then([{ type: 'RectificationClosed', data: { ...ref, closedAt: '2018-10-11T08:00:00+08:00', resolution: '窗口人员已整改并回访', late: true } }]);
    const closed: CaseRatingEvent = { type: 'RectificationClosed', data: { ...ref, closedAt: '2018-10-09T10:00:00+08:00', resolution: 'x', late: false } };
    sut([rated(1), opened, closed]).when(close()).thenThrows(IllegalStateError);
    sut([rated(1), opened]).when(close('real-estate')).thenThrows(ForbiddenError);
    sut([rated(5)]).when(close()).thenThrows(NotFoundError);
  });
});
