import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { CalendarCoverageError, StandardsValidationError } from '../errors';
import { chineseDaysTable, parseHolidayOverrides, repositoryHolidayOverrides } from './holiday-data';
import { WorkingDayCalendar, addWorkingDays, isWorkingDay, workingDaysBetween } from './working-day-calendar';

const saturdayWindow = { serviceDays: 'working-days-and-saturdays' } as const;

describe(WorkingDayCalendar.name, () => {
  const sut = new WorkingDayCalendar();

  describe('the 2018 Spring Festival', () => {
    it('closes 15 to 21 February for everyone, Saturday windows included', () => {
      for (let d = 15; d <= 21; d++) {
        const date = `2018-02-${d}`;
        expect(sut.dayInfo(date)).toMatchObject({ kind: 'public-holiday', holidayName: '春节' });
        expect(sut.isWorkingDay(date)).toBe(false);
        expect(sut.isWorkingDay(date, saturdayWindow)).toBe(false);
      }
    });

    it('opens on the make-up Sunday 2018-02-11 and Saturday 2018-02-24 for every window', () => {
      expect(sut.dayInfo('2018-02-11')).toMatchObject({ weekday: 0, kind: 'make-up-working-day', holidayName: '春节' });
      expect(sut.isWorkingDay('2018-02-11')).toBe(true);
      expect(sut.isWorkingDay('2018-02-24')).toBe(true);
      expect(sut.isWorkingDay('2018-02-10')).toBe(false);
    });

    it('counts the make-up Sunday and skips the holiday week', () => {
      expect(sut.addWorkingDays('2018-02-09', 1)).toBe('2018-02-11');
      expect(sut.addWorkingDays('2018-02-14', 1)).toBe('2018-02-22');
      // 11, 12, 13, 14, 22, 23, 24 (Saturday make-up), 26, 27, 28
      expect(sut.workingDaysBetween('2018-02-09', '2018-02-28')).toBe(10);
    });
  });

  describe('the 2024 make-up Sunday', () => {
    it('makes Sunday 2024-02-04 a working day before the 10-17 February holiday', () => {
      expect(sut.dayInfo('2024-02-04')).toMatchObject({ weekday: 0, kind: 'make-up-working-day' });
      expect(sut.addWorkingDays('2024-02-02', 1)).toBe('2024-02-04');
      expect(sut.addWorkingDays('2024-02-09', 1)).toBe('2024-02-18');
      expect(sut.isWorkingDay('2024-02-12')).toBe(false);
    });
  });

  describe('Saturday service', () => {
    it('counts an ordinary Saturday only for a window that opens on Saturdays', () => {
      expect(sut.dayInfo('2018-09-08')).toMatchObject({ weekday: 6, kind: 'saturday' });
      expect(sut.isWorkingDay('2018-09-08')).toBe(false);
      expect(sut.isWorkingDay('2018-09-08', saturdayWindow)).toBe(true);
      expect(sut.isWorkingDay('2018-09-08', 'working-days-and-saturdays')).toBe(true);
      expect(sut.withServiceDays('working-days-and-saturdays').isWorkingDay('2018-09-08')).toBe(true);
      expect(sut.isWorkingDay('2018-09-09', saturdayWindow)).toBe(false);
    });

    it('moves a deadline only for the Saturday window', () => {
      expect(sut.addWorkingDays('2018-09-07', 1)).toBe('2018-09-10');
      expect(sut.addWorkingDays('2018-09-07', 1, saturdayWindow)).toBe('2018-09-08');
    });

    it('keeps a Saturday inside a holiday closed', () => {
      expect(sut.isWorkingDay('2018-10-06', saturdayWindow)).toBe(false);
      expect(sut.isWorkingDay('2018-02-17', saturdayWindow)).toBe(false);
    });
  });

  describe('National Day', () => {
    it('carries a 5-working-day limit over the 2018 holiday and its make-up weekend', () => {
      // 29 Sep (Saturday) and 30 Sep (Sunday) are make-up days, 1-7 Oct closed.
      expect(sut.addWorkingDays('2018-09-28', 5)).toBe('2018-10-10');
      expect(sut.workingDaysBetween('2018-09-28', '2018-10-10')).toBe(5);
    });

    it('carries one over the 2024 holiday', () => {
      expect(sut.addWorkingDays('2024-09-27', 5)).toBe('2024-10-10');
    });
  });

  describe('counting', () => {
    it('does not count the day of acceptance', () => {
      expect(sut.addWorkingDays('2018-09-03', 1)).toBe('2018-09-04');
      expect(sut.addWorkingDays('2018-09-03', 0)).toBe('2018-09-03');
      expect(sut.addWorkingDays('2018-09-08', 0)).toBe('2018-09-10');
    });

    it('is the inverse of workingDaysBetween', () => {
      for (const start of ['2018-02-09', '2018-09-28', '2024-02-03', '2026-12-24']) {
        for (let n = 1; n <= 30; n++) expect(sut.workingDaysBetween(start, sut.addWorkingDays(start, n))).toBe(n);
      }
      expect(sut.workingDaysBetween('2018-10-10', '2018-09-28')).toBe(-5);
    });

    it('refuses a fractional or negative count', () => {
      expect(() => sut.addWorkingDays('2018-09-03', 1.5)).toThrow(StandardsValidationError);
      expect(() => sut.addWorkingDays('2018-09-03', -1)).toThrow(StandardsValidationError);
    });

    it('offers the default calendar as plain functions', () => {
      expect(isWorkingDay('2018-02-11')).toBe(true);
      expect(addWorkingDays('2018-09-28', 5)).toBe('2018-10-10');
      expect(workingDaysBetween('2018-09-28', '2018-10-10')).toBe(5);
    });
  });

  describe('dates and instants', () => {
    it('reads an instant in Asia/Shanghai, not UTC', () => {
      // 2018-02-10 16:30 UTC is 00:30 on Sunday 11 February in Shanghai.
      expect(sut.isWorkingDay(new Date('2018-02-10T16:30:00Z'))).toBe(true);
      expect(sut.isWorkingDay('2018-02-10T23:59:00+08:00')).toBe(false);
    });

    it('refuses a date-time without an offset', () => {
      expect(() => sut.isWorkingDay('2018-02-11T09:00:00')).toThrow(/offset/);
      expect(() => sut.isWorkingDay('2018-02-30')).toThrow(StandardsValidationError);
    });

    it('gives the same answers whatever the host time zone', () => {
      const repo = join(__dirname, '../../../..');
      const script = `
        const Module = require('module'); const fs = require('fs'); const swc = require('@swc/core');
        require.extensions['.ts'] = (m, file) => m._compile(swc.transformSync(fs.readFileSync(file, 'utf8'),
          { filename: file, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }).code, file);
        const lib = require(${JSON.stringify(join(__dirname, '../index.ts'))});
        const cal = new lib.WorkingDayCalendar();
        process.stdout.write(JSON.stringify({
          tz: new Date(2018, 0, 1).getTimezoneOffset(),
          feb11: cal.dayInfo('2018-02-11').kind,
          feb10: cal.isWorkingDay('2018-02-10'),
          nationalDay: cal.addWorkingDays('2018-09-28', 5),
          instant: lib.toIsoDate(new Date('2018-02-10T16:30:00Z')),
          due: lib.computeDeadline({ acceptedAt: '2018-09-28T10:00:00+08:00', limit: lib.workingDays(5) }, cal).dueAt.toISOString(),
        }));`;
      const offsets = new Set<number>();
      for (const tz of ['America/Los_Angeles', 'UTC', 'Asia/Shanghai', 'Pacific/Kiritimati']) {
        const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: repo, env: { ...process.env, TZ: tz } }).toString());
        offsets.add(out.tz);
        expect({ ...out, tz: undefined }).toEqual({
          tz: undefined,
          feb11: 'make-up-working-day',
          feb10: false,
          nationalDay: '2018-10-10',
          instant: '2018-02-11',
          due: '2018-10-10T16:00:00.000Z',
        });
      }
      expect(offsets.size).toBe(4);
    });
  });

  describe('coverage', () => {
    it('has chinese-days years as official and 2027 as provisional from the override file', () => {
      expect(sut.coverageOf(2004)).toBe('official');
      expect(sut.coverageOf(2018)).toBe('official');
      expect(sut.coverageOf(2026)).toBe('official');
      expect(sut.coverageOf(2027)).toBe('provisional');
      expect(sut.coverageOf(2028)).toBe('none');
      expect(sut.coveredYears()[0]).toBe(2004);
    });

    it('knows the 2026 arrangement from the library', () => {
      expect(sut.isWorkingDay('2026-01-04')).toBe(true); // Sunday make-up day
      expect(sut.isWorkingDay('2026-02-23')).toBe(false);
      expect(sut.isWorkingDay('2026-10-10')).toBe(true); // Saturday make-up day
    });

    it('closes the 2027 statutory holidays, marked provisional', () => {
      expect(sut.dayInfo('2027-02-08')).toMatchObject({ kind: 'public-holiday', provisional: true });
      expect(sut.dayInfo('2027-02-08').source).toMatch(/holiday-overrides\.json/);
      expect(sut.dayInfo('2027-02-09')).toMatchObject({ kind: 'working-day', provisional: true });
    });

    it('refuses a year without data unless told to assume weekdays', () => {
      expect(() => sut.isWorkingDay('2028-03-01')).toThrow(CalendarCoverageError);
      expect(() => sut.isWorkingDay('2003-10-01')).toThrow(CalendarCoverageError);
      const lenient = new WorkingDayCalendar({ uncoveredYears: 'weekdays' });
      expect(lenient.isWorkingDay('2028-03-01')).toBe(true);
      expect(lenient.dayInfo('2028-03-04').kind).toBe('saturday');
    });
  });

  describe('overrides', () => {
    it('win over the library', () => {
      const overrides = parseHolidayOverrides({
        dates: {
          '2018-02-11': { type: 'ordinary', source: 'test: undo the make-up day' },
          '2018-09-10': { type: 'holiday', name: '测试', source: 'test' },
        },
      });
      const calendar = new WorkingDayCalendar({ tables: [chineseDaysTable(), overrides] });
      expect(calendar.dayInfo('2018-02-11')).toMatchObject({ kind: 'sunday', holidayName: null });
      expect(calendar.isWorkingDay('2018-09-10')).toBe(false);
    });

    it('need their year declared when the library lacks it', () => {
      const overrides = parseHolidayOverrides({ dates: { '2030-01-01': { type: 'holiday', source: 'test' } } });
      expect(() => new WorkingDayCalendar({ tables: [chineseDaysTable(), overrides] })).toThrow(/2030-01-01/);
    });

    it('name every bad field', () => {
      const error = (() => {
        try {
          parseHolidayOverrides({ years: { 2031: { status: 'maybe' } }, dates: { '2031-13-01': { type: 'holyday' } }, extra: 1 });
        } catch (e) {
          return e as StandardsValidationError;
        }
        throw new Error('expected a validation error');
      })();
      expect(error.issues.map((i) => i.field)).toEqual([
        'extra',
        'years.2031.status',
        'years.2031.source',
        'dates.2031-13-01',
        'dates.2031-13-01.type',
        'dates.2031-13-01.source',
      ]);
    });

    it('keep a source note on every date of the repository file', () => {
      const file = repositoryHolidayOverrides();
      expect(file.dates.size).toBeGreaterThan(0);
      for (const entry of file.dates.values()) expect(entry.source).toMatch(/: \S/);
    });
  });
});
