import { formatShanghai } from '../calendar/shanghai-time';
import { hours, workingDays } from '../calendar/time-limit';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { standing, type CaseClock } from './standing';

describe(standing.name, () => {
  const calendar = new WorkingDayCalendar();
  // Accepted Friday 28 September 2018, promised 5 working days: due Wednesday 10 October.
  const fiveDays: CaseClock = { acceptedAt: '2018-09-28T10:00:00+08:00', promisedLimit: workingDays(5) };
  const sut = (c: CaseClock, now: string) => standing(c, now, calendar);

  describe('a completed case', () => {
    it('is early when done a working day or more before the due date', () => {
      const s = sut({ ...fiveDays, completedAt: '2018-10-09T17:00:00+08:00' }, '2018-10-20T00:00:00+08:00');
      expect(s).toMatchObject({ status: 'completed', standing: 'early', elapsed: { unit: 'working-days', value: 4 } });
    });

    it('is on time when done on the due date', () => {
      const s = sut({ ...fiveDays, completedAt: '2018-10-10T16:30:00+08:00' }, '2018-10-20T00:00:00+08:00');
      expect(s).toMatchObject({ status: 'completed', standing: 'on-time', elapsed: { value: 5 } });
    });

    it('is overdue when done after it', () => {
      const s = sut({ ...fiveDays, completedAt: '2018-10-11T09:00:00+08:00' }, '2018-10-20T00:00:00+08:00');
      expect(s).toMatchObject({ status: 'completed', standing: 'overdue', elapsed: { value: 6 } });
    });

    it('is on time after a suspension moved its deadline', () => {
      const s = sut(
        {
          ...fiveDays,
          suspensions: [{ from: '2018-10-08T10:00:00+08:00', to: '2018-10-11T10:00:00+08:00', reason: 'awaiting-materials' }],
          completedAt: '2018-10-15T16:00:00+08:00',
        },
        '2018-10-20T00:00:00+08:00',
      );
      expect(s).toMatchObject({ status: 'completed', standing: 'on-time', elapsed: { value: 5 }, deadline: { dueDate: '2018-10-15' } });
    });

    it('is early at acceptance for an immediate item promised one working day', () => {
      const s = sut({ acceptedAt: '2018-10-10T09:00:00+08:00', completedAt: '2018-10-10T09:05:00+08:00', promisedLimit: workingDays(1) }, '2018-10-10T12:00:00+08:00');
      expect(s).toMatchObject({ status: 'completed', standing: 'early', elapsed: { value: 0 } });
    });

    it('is on time, not early, for the house transfer done within its hour', () => {
      const transfer: CaseClock = { acceptedAt: '2018-10-10T09:05:00+08:00', promisedLimit: hours(1) };
      expect(sut({ ...transfer, completedAt: '2018-10-10T09:55:00+08:00' }, '2018-10-10T12:00:00+08:00')).toMatchObject({ standing: 'on-time' });
      expect(sut({ ...transfer, completedAt: '2018-10-10T10:06:00+08:00' }, '2018-10-10T12:00:00+08:00')).toMatchObject({ standing: 'overdue' });
    });
  });

  describe('a running case', () => {
    it('is on time without warning before 80% of the limit', () => {
      expect(sut(fiveDays, '2018-10-09T10:00:00+08:00')).toMatchObject({ status: 'running', standing: 'on-time', warning: false, elapsed: { value: 4 } });
    });

    it('is warned from the 80% mark, the start of its last working day', () => {
      const s = sut(fiveDays, '2018-10-10T00:00:00+08:00');
      expect(s).toMatchObject({ status: 'running', standing: 'on-time', warning: true });
      expect(formatShanghai(s.deadline.warnAt)).toBe('2018-10-10T00:00:00+08:00');
    });

    it('is overdue once the due date is over', () => {
      expect(sut(fiveDays, '2018-10-11T00:00:00+08:00')).toMatchObject({ status: 'running', standing: 'overdue', warning: true });
    });

    it('is not overdue while its clock is stopped', () => {
      const waiting: CaseClock = { ...fiveDays, suspensions: [{ from: '2018-10-08T10:00:00+08:00', reason: 'hearing' }] };
      const s = sut(waiting, '2018-10-19T10:00:00+08:00');
      expect(s).toMatchObject({ status: 'running', standing: 'on-time', deadline: { clockStopped: true } });
    });

    it('is running when judged before its completion', () => {
      expect(sut({ ...fiveDays, completedAt: '2018-10-10T16:00:00+08:00' }, '2018-10-09T10:00:00+08:00')).toMatchObject({ status: 'running' });
    });
  });
});
