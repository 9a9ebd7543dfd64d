import { StandardsValidationError } from '../errors';
import { computeDeadline, elapsedWorkingTime } from './deadline';
import { formatShanghai } from './shanghai-time';
import { hours, workingDays } from './time-limit';
import { WorkingDayCalendar } from './working-day-calendar';

describe(computeDeadline.name, () => {
  const calendar = new WorkingDayCalendar();
  const sut = (input: Parameters<typeof computeDeadline>[0]) => computeDeadline(input, calendar);

  describe('working-day limits', () => {
    it('end with the n-th working day after the day of acceptance', () => {
      const deadline = sut({ acceptedAt: '2018-09-03T10:00:00+08:00', limit: workingDays(5) });
      expect(deadline.dueDate).toBe('2018-09-10');
      expect(formatShanghai(deadline.dueAt)).toBe('2018-09-11T00:00:00+08:00');
      expect(deadline.extension).toEqual({ unit: 'working-days', value: 0 });
    });

    it('cross National Day', () => {
      expect(sut({ acceptedAt: '2018-09-28T16:00:00+08:00', limit: workingDays(5) }).dueDate).toBe('2018-10-10');
    });

    it('read acceptance in Asia/Shanghai', () => {
      // 2018-09-02 17:00 UTC is 01:00 on Monday 3 September in Shanghai.
      expect(sut({ acceptedAt: new Date('2018-09-02T17:00:00Z'), limit: workingDays(5) }).dueDate).toBe('2018-09-10');
    });

    it('warn when 80% of the limit is used', () => {
      const five = sut({ acceptedAt: '2018-09-03T10:00:00+08:00', limit: workingDays(5) });
      expect(formatShanghai(five.warnAt)).toBe('2018-09-10T00:00:00+08:00'); // 4 of 5 days used
      const one = sut({ acceptedAt: '2018-09-03T10:00:00+08:00', limit: workingDays(1) });
      expect(formatShanghai(one.warnAt)).toBe('2018-09-04T19:12:00+08:00');
    });

    it('count early completion from a whole working day ahead', () => {
      const deadline = sut({ acceptedAt: '2018-09-28T10:00:00+08:00', limit: workingDays(5) });
      expect(formatShanghai(deadline.earlyBefore)).toBe('2018-10-10T00:00:00+08:00');
    });

    it('take a limit of 0 as the same day', () => {
      const deadline = sut({ acceptedAt: '2018-09-03T10:00:00+08:00', limit: workingDays(0) });
      expect(deadline.dueDate).toBe('2018-09-03');
      expect(deadline.warnAt).toEqual(deadline.dueAt);
    });

    it('count Saturdays for a Saturday window', () => {
      const acceptedAt = '2018-09-07T10:00:00+08:00';
      expect(sut({ acceptedAt, limit: workingDays(1) }).dueDate).toBe('2018-09-10');
      expect(sut({ acceptedAt, limit: workingDays(1), serviceDays: 'working-days-and-saturdays' }).dueDate).toBe('2018-09-08');
    });

    it('flag a limit running through a provisional year', () => {
      const deadline = sut({ acceptedAt: '2026-12-28T10:00:00+08:00', limit: workingDays(5) });
      expect(deadline.dueDate).toBe('2027-01-05'); // 1 January 2027 is closed
      expect(deadline.provisional).toBe(true);
      expect(sut({ acceptedAt: '2026-12-01T10:00:00+08:00', limit: workingDays(5) }).provisional).toBe(false);
    });
  });

  describe('clock stops', () => {
    const acceptedAt = '2018-09-03T10:00:00+08:00';
    const limit = workingDays(5);

    it('move the deadline by exactly the 3 working days a suspension covered', () => {
      const before = sut({ acceptedAt, limit });
      const after = sut({
        acceptedAt,
        limit,
        suspensions: [{ from: '2018-09-04T10:00:00+08:00', to: '2018-09-07T10:00:00+08:00', reason: 'awaiting-materials' }],
      });
      expect(after.extension).toEqual({ unit: 'working-days', value: 3 });
      expect(calendar.workingDaysBetween(before.dueDate, after.dueDate)).toBe(3);
      expect([before.dueDate, after.dueDate]).toEqual(['2018-09-10', '2018-09-13']);
    });

    it('count only working days while stopped', () => {
      // Stopped 28 Sep to 9 Oct 2018: 29 and 30 Sep (make-up days), 8 and 9 Oct.
      const deadline = sut({
        acceptedAt: '2018-09-27T10:00:00+08:00',
        limit,
        suspensions: [{ from: '2018-09-28T09:00:00+08:00', to: '2018-10-09T09:00:00+08:00', reason: 'expert-review' }],
      });
      expect(deadline.extension.value).toBe(4);
      expect(deadline.dueDate).toBe(calendar.addWorkingDays('2018-09-27', 9));
    });

    it('do not count a stop that began and ended the same day, nor overlaps twice', () => {
      const sameDay = sut({ acceptedAt, limit, suspensions: [{ from: '2018-09-04T10:00:00+08:00', to: '2018-09-04T15:00:00+08:00' }] });
      expect(sameDay.extension.value).toBe(0);
      const overlapping = sut({
        acceptedAt,
        limit,
        suspensions: [
          { from: '2018-09-04T10:00:00+08:00', to: '2018-09-06T10:00:00+08:00', reason: 'hearing' },
          { from: '2018-09-05T10:00:00+08:00', to: '2018-09-07T10:00:00+08:00', reason: 'expert-review' },
        ],
      });
      expect(overlapping.extension.value).toBe(3);
    });

    it('keep an open stop running up to asOf', () => {
      const suspensions = [{ from: '2018-09-04T10:00:00+08:00', reason: 'awaiting-materials' as const }];
      expect(() => sut({ acceptedAt, limit, suspensions })).toThrow(/asOf/);
      const deadline = sut({ acceptedAt, limit, suspensions, asOf: '2018-09-06T12:00:00+08:00' });
      expect(deadline.clockStopped).toBe(true);
      expect(deadline.extension.value).toBe(2);
      expect(deadline.dueDate).toBe('2018-09-12');
    });

    it('ignore stops after asOf', () => {
      const deadline = sut({
        acceptedAt,
        limit,
        suspensions: [{ from: '2018-09-05T10:00:00+08:00', to: '2018-09-07T10:00:00+08:00' }],
        asOf: '2018-09-04T12:00:00+08:00',
      });
      expect(deadline.extension.value).toBe(0);
      expect(deadline.clockStopped).toBe(false);
    });

    it('refuse a stop before acceptance or ending before it starts', () => {
      expect(() => sut({ acceptedAt, limit, suspensions: [{ from: '2018-09-02T10:00:00+08:00', to: '2018-09-04T10:00:00+08:00' }] })).toThrow(
        /suspensions\[0\]\.from/,
      );
      expect(() => sut({ acceptedAt, limit, suspensions: [{ from: '2018-09-05T10:00:00+08:00', to: '2018-09-04T10:00:00+08:00' }] })).toThrow(
        /suspensions\[0\]\.to/,
      );
    });
  });

  describe('hour limits', () => {
    const acceptedAt = '2018-10-10T09:05:00+08:00';

    it('are clock time: the house transfer is due an hour after acceptance', () => {
      const deadline = sut({ acceptedAt, limit: hours(1) });
      expect(formatShanghai(deadline.dueAt)).toBe('2018-10-10T10:05:00+08:00');
      expect(formatShanghai(deadline.warnAt)).toBe('2018-10-10T09:53:00+08:00');
      expect(deadline.dueDate).toBe('2018-10-10');
      expect(deadline.earlyBefore.getTime()).toBe(new Date(acceptedAt).getTime());
    });

    it('move by the time suspended', () => {
      const deadline = sut({ acceptedAt, limit: hours(1), suspensions: [{ from: '2018-10-10T09:20:00+08:00', to: '2018-10-10T09:40:00+08:00' }] });
      expect(formatShanghai(deadline.dueAt)).toBe('2018-10-10T10:25:00+08:00');
      expect(deadline.extension).toEqual({ unit: 'hours', value: 1 / 3 });
    });
  });

  it('refuses malformed limits', () => {
    expect(() => sut({ acceptedAt: '2018-09-03', limit: workingDays(1.5) })).toThrow(StandardsValidationError);
    expect(() => sut({ acceptedAt: '2018-09-03', limit: hours(-1) })).toThrow(/limit\.value/);
    expect(() => sut({ acceptedAt: '2018-09-03', limit: workingDays(1), warningThreshold: 1.5 })).toThrow(/warningThreshold/);
  });
});

describe(elapsedWorkingTime.name, () => {
  const calendar = new WorkingDayCalendar();
  const sut = (input: Parameters<typeof elapsedWorkingTime>[0]) => elapsedWorkingTime(input, calendar);
  const acceptedAt = '2018-09-28T10:00:00+08:00';

  it('is 0 at acceptance and the limit on the due date', () => {
    expect(sut({ acceptedAt, asOf: '2018-09-28T10:05:00+08:00', unit: 'working-days' })).toEqual({ unit: 'working-days', value: 0 });
    expect(sut({ acceptedAt, asOf: '2018-10-10T16:30:00+08:00', unit: 'working-days' }).value).toBe(5);
    expect(sut({ acceptedAt, asOf: '2018-10-05T16:30:00+08:00', unit: 'working-days' }).value).toBe(2);
  });

  it('leaves out the working days the clock was stopped', () => {
    const suspensions = [{ from: '2018-09-28T14:00:00+08:00', to: '2018-10-09T10:00:00+08:00' }];
    expect(sut({ acceptedAt, asOf: '2018-10-12T16:30:00+08:00', unit: 'working-days', suspensions }).value).toBe(3);
  });

  it('counts clock hours for hour limits', () => {
    const suspensions = [{ from: '2018-10-10T09:20:00+08:00', to: '2018-10-10T09:40:00+08:00' }];
    const value = sut({ acceptedAt: '2018-10-10T09:05:00+08:00', asOf: '2018-10-10T09:55:00+08:00', unit: 'hours', suspensions }).value;
    expect(value).toBeCloseTo(0.5, 10);
  });

  it('refuses asOf before acceptance', () => {
    expect(() => sut({ acceptedAt, asOf: '2018-09-27', unit: 'working-days' })).toThrow(/asOf/);
  });
});
