import type { Suspension } from '../calendar/deadline';
import { elapsedWorkingTime } from '../calendar/deadline';
import { toInstant, type InstantInput } from '../calendar/shanghai-time';
import { defaultWorkingDayCalendar, type WorkingDayCalendar } from '../calendar/working-day-calendar';
import type { Catalog } from '../catalog/catalog';
import type { ServiceItem } from '../catalog/catalog.types';
import { CatalogLookupError, StandardsValidationError } from '../errors';
import { limitCompression, type Compression } from './limit-compression';
import { rate, type Rate } from './rate';
import { standing, type CaseStanding } from './standing';

/** A case as supervision records it from the lifecycle events. */
export interface CaseRecord {
  readonly caseId: string;
  readonly itemCode: string;
  /** The catalog version the case was accepted under; its limits apply to the end. */
  readonly catalogVersion: string;
  readonly acceptedAt: InstantInput;
  readonly decidedAt?: InstantInput | null;
  readonly completedAt?: InstantInput | null;
  /** Review steps completed after acceptance. */
  readonly reviewSteps: number;
  readonly suspensions?: readonly Suspension[];
  /** Handled as an immediate item (马上办结), as the item was flagged at acceptance. */
  readonly immediate: boolean;
}

export interface SupervisionFigures {
  readonly cases: number;
  readonly completed: number;
  readonly running: number;
  /** Running, past the 80% warning mark, not yet overdue. */
  readonly runningWarned: number;
  readonly runningOverdue: number;
  /** Mean review steps of completed cases. */
  readonly averageReviewSteps: number | null;
  /** Mean working days from acceptance to completion, suspensions excluded, of completed cases. */
  readonly averageCompletionWorkingDays: number | null;
  /** Completed a whole working day (or hour) before the promised limit, of completed cases. */
  readonly earlyCompletionRate: Rate;
  /** Completed within the promised limit (early included), of completed cases. */
  readonly onTimeRate: Rate;
  /** Items flagged immediate, of the distinct items with cases (the article's 52 of 74). */
  readonly immediateItemShare: Rate;
  readonly immediateCaseShare: Rate;
  /** Promised against legal limits over the distinct item versions with cases. */
  readonly compression: Compression;
  /** The same over committed (non-immediate) items only. */
  readonly committedCompression: Compression;
}

export interface ItemFigures extends SupervisionFigures {
  readonly itemCode: string;
  readonly itemName: string;
  readonly department: string;
}

export interface DepartmentFigures extends SupervisionFigures {
  readonly department: string;
  readonly departmentName: string | null;
}

export interface SupervisionStatistics {
  readonly asOf: Date;
  readonly center: SupervisionFigures;
  readonly byDepartment: readonly DepartmentFigures[];
  readonly byItem: readonly ItemFigures[];
}

export interface StatisticsInput {
  /** The cases of the period; those accepted after `asOf` are left out. */
  readonly cases: readonly CaseRecord[];
  readonly catalog: Catalog;
  /** The moment running cases are judged at. */
  readonly asOf: InstantInput;
  readonly calendar?: WorkingDayCalendar;
}

interface Observation {
  readonly record: CaseRecord;
  readonly item: ServiceItem;
  readonly acceptedMs: number;
  readonly standing: CaseStanding;
  readonly completionWorkingDays: number | null;
}

function observe(record: CaseRecord, index: number, input: StatisticsInput, asOf: Date, calendar: WorkingDayCalendar): Observation | null {
  const at = `cases[${index}](${record.caseId})`;
  try {
    const acceptedAt = toInstant(record.acceptedAt, `${at}.acceptedAt`);
    if (acceptedAt > asOf) return null;
    if (!Number.isInteger(record.reviewSteps) || record.reviewSteps < 0) {
      throw StandardsValidationError.field('case-invalid', `${at}.reviewSteps`, 'expected a whole number ≥ 0');
    }
    const item = input.catalog.itemAt(record.itemCode, record.catalogVersion);
    const clock = { ...record, promisedLimit: item.promisedLimit, serviceDays: item.serviceDays };
    const st = standing(clock, asOf, calendar);
    const completionWorkingDays =
      st.status === 'completed'
        ? elapsedWorkingTime({ ...clock, asOf: st.completedAt, unit: 'working-days' }, calendar).value
        : null;
    return { record, item, acceptedMs: acceptedAt.getTime(), standing: st, completionWorkingDays };
  } catch (error) {
    // Name the case in the error; calendar coverage problems are not the case's fault.
    if (error instanceof StandardsValidationError && error.code !== 'case-invalid') {
      throw new StandardsValidationError('case-invalid', error.issues.map((i) => ({ field: `${at}.${i.field}`, message: i.message })));
    }
    if (error instanceof CatalogLookupError) throw new StandardsValidationError('case-invalid', [{ field: `${at}.itemCode`, message: error.message }]);
    throw error;
  }
}

const mean = (values: readonly number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);

function figures(observations: readonly Observation[]): SupervisionFigures {
  const completed = observations.filter((o) => o.standing.status === 'completed');
  const running = observations.filter((o) => o.standing.status === 'running');
  const early = completed.filter((o) => o.standing.standing === 'early').length;
  const onTime = completed.filter((o) => o.standing.standing !== 'overdue').length;

  // An item counts as immediate as flagged on its most recently accepted case.
  const latestByItem = new Map<string, Observation>();
  const itemVersions = new Map<string, ServiceItem>();
  for (const o of observations) {
    const latest = latestByItem.get(o.record.itemCode);
    if (!latest || o.acceptedMs >= latest.acceptedMs) latestByItem.set(o.record.itemCode, o);
    itemVersions.set(`${o.record.itemCode}@${o.record.catalogVersion}`, o.item);
  }
  const immediateItems = [...latestByItem.values()].filter((o) => o.record.immediate).length;
  const items = [...itemVersions.values()];

  return {
    cases: observations.length,
    completed: completed.length,
    running: running.length,
    runningWarned: running.filter((o) => o.standing.status === 'running' && o.standing.warning && o.standing.standing === 'on-time').length,
    runningOverdue: running.filter((o) => o.standing.standing === 'overdue').length,
    averageReviewSteps: mean(completed.map((o) => o.record.reviewSteps)),
    averageCompletionWorkingDays: mean(completed.map((o) => o.completionWorkingDays ?? 0)),
    earlyCompletionRate: rate(early, completed.length),
    onTimeRate: rate(onTime, completed.length),
    immediateItemShare: rate(immediateItems, latestByItem.size),
    immediateCaseShare: rate(observations.filter((o) => o.record.immediate).length, observations.length),
    compression: limitCompression(items),
    committedCompression: limitCompression(items.filter((i) => !i.immediate)),
  };
}

function groupBy<K>(observations: readonly Observation[], key: (o: Observation) => K): Map<K, Observation[]> {
  const groups = new Map<K, Observation[]>();
  for (const o of observations) {
    const k = key(o);
    const list = groups.get(k);
    if (list) list.push(o);
    else groups.set(k, [o]);
  }
  return groups;
}

/**
 * The center's supervision figures for a set of cases, per item, per
 * department and for the whole center. Pure: same input, same figures.
 */
export function computeSupervisionStatistics(input: StatisticsInput): SupervisionStatistics {
  const calendar = input.calendar ?? defaultWorkingDayCalendar();
  const asOf = toInstant(input.asOf, 'asOf');
  const observations = input.cases
    .map((record, i) => observe(record, i, input, asOf, calendar))
    .filter((o): o is Observation => o !== null);

  const byItem = [...groupBy(observations, (o) => o.record.itemCode)]
    .map(([itemCode, list]): ItemFigures => {
      const latest = list.reduce((a, b) => (b.acceptedMs >= a.acceptedMs ? b : a));
      return { itemCode, itemName: latest.item.name, department: latest.item.department, ...figures(list) };
    })
    .sort((a, b) => a.itemCode.localeCompare(b.itemCode));

  const byDepartment = [...groupBy(observations, (o) => o.item.department)]
    .map(([department, list]): DepartmentFigures => {
      const latest = list.reduce((a, b) => (b.acceptedMs >= a.acceptedMs ? b : a));
      const departmentName = input.catalog.version(latest.record.catalogVersion).department(department)?.name ?? null;
      return { department, departmentName, ...figures(list) };
    })
    .sort((a, b) => a.department.localeCompare(b.department));

  return { asOf, center: figures(observations), byDepartment, byItem };
}
