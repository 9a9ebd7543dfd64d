import { CalendarCoverageError, StandardsValidationError, type FieldIssue } from '../errors';
import {
  chineseDaysTable,
  repositoryHolidayOverrides,
  type HolidayEntry,
  type HolidayTable,
  type YearStatus,
} from './holiday-data';
import {
  dayNumber,
  fromDayNumber,
  toDayNumber,
  weekdayOfDayNumber,
  yearOfDayNumber,
  type DateInput,
  type IsoDate,
} from './shanghai-time';
import type { ServiceDays, ServiceSchedule } from './time-limit';

/**
 * working-day: an ordinary Monday to Friday; make-up-working-day: a weekend day
 * the State Council made a working day (调休上班), open for every window;
 * saturday / sunday: an ordinary weekend day (a Saturday serves only windows
 * with Saturday service); public-holiday: closed for everyone, Saturday windows
 * included.
 */
export type DayKind = 'working-day' | 'make-up-working-day' | 'saturday' | 'sunday' | 'public-holiday';

export interface DayInfo {
  readonly date: IsoDate;
  /** 0 = Sunday ... 6 = Saturday. */
  readonly weekday: number;
  readonly kind: DayKind;
  readonly holidayName: string | null;
  /** Where the day's status comes from: chinese-days, the override file, or the weekly rule. */
  readonly source: string;
  /** The year's data is provisional (see the override file). */
  readonly provisional: boolean;
  readonly inLieu: boolean;
}

export type YearCoverageStatus = YearStatus | 'none';

export interface WorkingDayCalendarOptions {
  /** Holiday data, later tables winning; by default chinese-days, then the repository override file. */
  readonly tables?: readonly HolidayTable[];
  /** Service days assumed when a call names no window. Default: working days only. */
  readonly serviceDays?: ServiceDays;
  /** A year without data: `reject` throws CalendarCoverageError (default); `weekdays` assumes Monday to Friday. */
  readonly uncoveredYears?: 'reject' | 'weekdays';
}

/** A window, an item, or just its service days. */
export type ScheduleInput = ServiceSchedule | ServiceDays;

const Code = { Weekday: 0, Saturday: 1, Sunday: 2, Holiday: 3, MakeUp: 4 } as const;
type Code = (typeof Code)[keyof typeof Code];

interface YearTable {
  readonly first: number;
  readonly codes: Uint8Array;
  readonly provisional: boolean;
}

const MAX_WORKING_DAYS = 3660;

/**
 * Chinese working days: Monday to Friday, minus public holidays, plus make-up
 * working days, with Saturdays for windows that serve on Saturdays. Dates are
 * civil dates in Asia/Shanghai; an instant is read in Asia/Shanghai.
 */
export class WorkingDayCalendar {
  private readonly entries = new Map<IsoDate, HolidayEntry>();
  private readonly coverage = new Map<number, YearStatus>();
  private readonly yearTables = new Map<number, YearTable>();
  private lastTable: YearTable | undefined;
  readonly serviceDays: ServiceDays;
  readonly uncoveredYears: 'reject' | 'weekdays';

  constructor(private readonly options: WorkingDayCalendarOptions = {}) {
    const tables = options.tables ?? [chineseDaysTable(), repositoryHolidayOverrides()];
    this.serviceDays = options.serviceDays ?? 'working-days';
    this.uncoveredYears = options.uncoveredYears ?? 'reject';
    for (const table of tables) {
      for (const [year, c] of table.years) this.coverage.set(year, c.status);
      for (const [date, entry] of table.dates) this.entries.set(date, entry);
    }
    const issues: FieldIssue[] = [];
    for (const [date, entry] of this.entries) {
      if (!this.coverage.has(Number(date.slice(0, 4)))) {
        issues.push({ field: `dates.${date}`, message: `${entry.source}: the year is neither in the library nor declared under years` });
      }
    }
    if (issues.length > 0) throw new StandardsValidationError('holiday-overrides-invalid', issues);
  }

  /** The same data with other default service days. */
  withServiceDays(serviceDays: ServiceDays): WorkingDayCalendar {
    return new WorkingDayCalendar({ ...this.options, serviceDays });
  }

  coverageOf(year: number): YearCoverageStatus {
    return this.coverage.get(year) ?? 'none';
  }

  /** Years with data, ascending. */
  coveredYears(): number[] {
    return [...this.coverage.keys()].sort((a, b) => a - b);
  }

  dayInfo(date: DateInput): DayInfo {
    const day = toDayNumber(date);
    const iso = fromDayNumber(day);
    const year = yearOfDayNumber(day);
    const weekday = weekdayOfDayNumber(day);
    const table = this.yearTable(year);
    const entry = this.entries.get(iso);
    const kind = KIND_OF[table.codes[day - table.first] as Code];
    return {
      date: iso,
      weekday,
      kind,
      holidayName: entry?.type === 'ordinary' ? null : (entry?.name ?? null),
      source: entry?.source ?? (this.coverage.has(year) ? 'weekly rule' : 'weekly rule (year not covered)'),
      provisional: table.provisional,
      inLieu: entry?.inLieu ?? false,
    };
  }

  isWorkingDay(date: DateInput, window?: ScheduleInput): boolean {
    return this.isWorkingDayNumber(toDayNumber(date), this.saturdays(window));
  }

  /**
   * The due date of a limit of `n` working days from `start`. The day of
   * acceptance does not count: the first day is the next working day (the rule
   * on periods of the procedure laws: 期间开始的时和日，不计算在期间内).
   * `n = 0` means the same day, or the next working day when `start` is not one.
   */
  addWorkingDays(start: DateInput, n: number, window?: ScheduleInput): IsoDate {
    return fromDayNumber(this.addWorkingDayNumbers(toDayNumber(start, 'start'), n, this.saturdays(window)));
  }

  /**
   * Working days in (a, b]: those after `a` up to and including `b`; negative
   * when b is before a. `workingDaysBetween(s, addWorkingDays(s, n)) === n` for n ≥ 1.
   */
  workingDaysBetween(a: DateInput, b: DateInput, window?: ScheduleInput): number {
    return this.workingDayNumbersBetween(toDayNumber(a, 'a'), toDayNumber(b, 'b'), this.saturdays(window));
  }

  /** The first working day on or after `date`. */
  nextWorkingDayOnOrAfter(date: DateInput, window?: ScheduleInput): IsoDate {
    return this.addWorkingDays(date, 0, window);
  }

  /** Whether any day from `a` to `b` lies in a provisional year. */
  isProvisionalBetween(a: DateInput, b: DateInput): boolean {
    const [from, to] = [yearOfDayNumber(toDayNumber(a)), yearOfDayNumber(toDayNumber(b))].sort((x, y) => x - y);
    for (let y = from; y <= to; y++) if (this.coverage.get(y) === 'provisional') return true;
    return false;
  }

  /** @internal day-number arithmetic shared with the deadline clock. */
  saturdays(window?: ScheduleInput): boolean {
    const days = window === undefined ? this.serviceDays : typeof window === 'string' ? window : window.serviceDays;
    return days === 'working-days-and-saturdays';
  }

  /** @internal */
  isWorkingDayNumber(day: number, saturdays: boolean): boolean {
    let table = this.lastTable;
    if (!table || day < table.first || day >= table.first + table.codes.length) {
      table = this.yearTable(yearOfDayNumber(day));
      this.lastTable = table;
    }
    const code = table.codes[day - table.first] as Code;
    return code === Code.Weekday || code === Code.MakeUp || (saturdays && code === Code.Saturday);
  }

  /** @internal */
  addWorkingDayNumbers(start: number, n: number, saturdays: boolean): number {
    if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS) {
      throw StandardsValidationError.field('invalid-time', 'n', `expected a whole number of working days 0..${MAX_WORKING_DAYS}, got ${n}`);
    }
    let day = start;
    if (n === 0) {
      while (!this.isWorkingDayNumber(day, saturdays)) day++;
      return day;
    }
    for (let counted = 0; counted < n; ) {
      day++;
      if (this.isWorkingDayNumber(day, saturdays)) counted++;
    }
    return day;
  }

  /** @internal */
  workingDayNumbersBetween(a: number, b: number, saturdays: boolean): number {
    if (b < a) return -this.workingDayNumbersBetween(b, a, saturdays);
    let count = 0;
    for (let day = a + 1; day <= b; day++) if (this.isWorkingDayNumber(day, saturdays)) count++;
    return count;
  }

  private yearTable(year: number): YearTable {
    const cached = this.yearTables.get(year);
    if (cached) return cached;
    const status = this.coverage.get(year);
    if (status === undefined && this.uncoveredYears === 'reject') throw new CalendarCoverageError(year);
    const first = dayNumber(`${String(year).padStart(4, '0')}-01-01`);
    const next = dayNumber(`${String(year + 1).padStart(4, '0')}-01-01`);
    const codes = new Uint8Array(next - first);
    for (let day = first; day < next; day++) {
      const weekday = weekdayOfDayNumber(day);
      const entry = this.entries.get(fromDayNumber(day));
      let code: Code = weekday === 0 ? Code.Sunday : weekday === 6 ? Code.Saturday : Code.Weekday;
      if (entry?.type === 'holiday') code = Code.Holiday;
      // A make-up day on a weekday is just a working day.
      else if (entry?.type === 'workday' && code !== Code.Weekday) code = Code.MakeUp;
      codes[day - first] = code;
    }
    const table = { first, codes, provisional: status === 'provisional' };
    this.yearTables.set(year, table);
    return table;
  }
}

const KIND_OF: Record<Code, DayKind> = {
  [Code.Weekday]: 'working-day',
  [Code.Saturday]: 'saturday',
  [Code.Sunday]: 'sunday',
  [Code.Holiday]: 'public-holiday',
  [Code.MakeUp]: 'make-up-working-day',
};

let defaultCalendar: WorkingDayCalendar | undefined;

/** chinese-days plus the repository override file; working days only; uncovered years refused. */
export function defaultWorkingDayCalendar(): WorkingDayCalendar {
  defaultCalendar ??= new WorkingDayCalendar();
  return defaultCalendar;
}

/** `defaultWorkingDayCalendar().isWorkingDay(...)`. */
export function isWorkingDay(date: DateInput, window?: ScheduleInput): boolean {
  return defaultWorkingDayCalendar().isWorkingDay(date, window);
}

/** `defaultWorkingDayCalendar().addWorkingDays(...)`. */
export function addWorkingDays(start: DateInput, n: number, window?: ScheduleInput): IsoDate {
  return defaultWorkingDayCalendar().addWorkingDays(start, n, window);
}

/** `defaultWorkingDayCalendar().workingDaysBetween(...)`. */
export function workingDaysBetween(a: DateInput, b: DateInput, window?: ScheduleInput): number {
  return defaultWorkingDayCalendar().workingDaysBetween(a, b, window);
}
