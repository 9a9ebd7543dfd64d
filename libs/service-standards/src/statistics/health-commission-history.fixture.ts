import { HOUR_MS, formatShanghai, toInstant, type IsoDate } from '../calendar/shanghai-time';
import type { WorkingDayCalendar } from '../calendar/working-day-calendar';
import type { Catalog } from '../catalog/catalog';
import { reviewStepCount } from '../catalog/catalog.types';
import type { CaseRecord } from './supervision-statistics';

/**
 * Test data: a case history shaped like the article's health commission. All
 * 74 sub-items get `casesPerItem` cases: the 52 immediate ones are done five
 * minutes after acceptance (the private hospital's registrations); of the 22
 * others, all but the last 6 finish halfway through their promised limit and
 * those 6 on their due date (some after a 3-working-day wait for materials),
 * so 68 of 74 items finish early (92%) and all on time (100%).
 */
export const ON_DUE_DATE_ITEMS = 6;

export interface HealthHistoryOptions {
  readonly catalog: Catalog;
  readonly calendar: WorkingDayCalendar;
  /** The first day of acceptances; default 2018-09-03. */
  readonly from?: IsoDate;
  readonly casesPerItem?: number;
}

const at = (date: IsoDate, hour: number, minute = 0) => new Date(toInstant(date).getTime() + hour * HOUR_MS + minute * 60_000);

export function healthCommissionHistory(options: HealthHistoryOptions): CaseRecord[] {
  const { catalog, calendar } = options;
  const from = options.from ?? '2018-09-03';
  const casesPerItem = options.casesPerItem ?? 5;
  const version = catalog.versionAt(from);
  const items = version.byDepartment('health').flatMap((e) => (e.kind === 'item' ? [e] : []));
  const committed = items.filter((i) => !i.immediate);
  const onDueDate = new Set(committed.slice(-ON_DUE_DATE_ITEMS).map((i) => i.code));

  const cases: CaseRecord[] = [];
  let slot = 0;
  for (let round = 0; round < casesPerItem; round++) {
    for (const item of items) {
      // Eight acceptances a working day, half an hour apart from 09:00.
      const day = calendar.addWorkingDays(from, Math.floor(slot / 8));
      const acceptedAt = at(day, 9, (slot % 8) * 30);
      slot++;
      const n = item.promisedLimit.value;
      const base = { caseId: `${item.code}#${round}`, itemCode: item.code, catalogVersion: version.version, reviewSteps: reviewStepCount(item), immediate: item.immediate };
      if (item.immediate) {
        const done = new Date(acceptedAt.getTime() + 5 * 60_000);
        cases.push({ ...base, acceptedAt: formatShanghai(acceptedAt), decidedAt: done, completedAt: done });
      } else if (onDueDate.has(item.code)) {
        const waits = round % 2 === 1;
        const suspensions = waits ? [{ from: at(day, 14), to: at(calendar.addWorkingDays(day, 3), 10), reason: 'awaiting-materials' as const }] : [];
        const dueDate = calendar.addWorkingDays(day, n + (waits ? 3 : 0));
        const done = at(dueDate, 16, 30);
        cases.push({ ...base, acceptedAt, suspensions, decidedAt: new Date(done.getTime() - HOUR_MS), completedAt: done });
      } else {
        const k = Math.floor(n / 2);
        const done = k === 0 ? at(day, 16) : at(calendar.addWorkingDays(day, k), 15);
        cases.push({ ...base, acceptedAt, decidedAt: new Date(done.getTime() - HOUR_MS), completedAt: done });
      }
    }
  }
  return cases;
}
