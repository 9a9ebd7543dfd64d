import { RuleViolation, ValidationError } from '@gov/event-sourcing';
import type { Queryable } from '@gov/event-sourcing/postgres';
import {
  addCalendarDays,
  computeSupervisionStatistics,
  toInstant,
  type Catalog,
  type CaseRecord,
  type SupervisionStatistics,
  type Suspension,
  type WorkingDayCalendar,
} from '@gov/service-standards';
import { withDomainErrors } from '../shared/standards-errors';

export interface StatisticsRequest {
  readonly from: string;
  readonly to: string;
  readonly department?: string;
  readonly itemCode?: string;
  readonly asOf: Date;
}

interface CaseRow {
  case_key: string;
  item_code: string;
  catalog_version: string;
  accepted_at: Date;
  decided_at: Date | null;
  completed_at: Date | null;
  review_steps: number;
  immediate: boolean;
  suspensions: Suspension[];
}

/**
 * The center's figures over the measured cases accepted in a period, by the
 * standards lib's computeSupervisionStatistics. Only the columns it needs are
 * read, so a year of the center's cases fits in memory; beyond `maxCases` the
 * query is refused rather than risk the process.
 */
export async function supervisionStatistics(
  db: Queryable,
  request: StatisticsRequest,
  ctx: { readonly catalog: Catalog; readonly calendar: WorkingDayCalendar; readonly maxCases: number },
): Promise<SupervisionStatistics> {
  if (request.to < request.from) throw ValidationError.field('to', 'the period ends before it starts');
  const from = withDomainErrors(() => toInstant(request.from, 'from'));
  const until = withDomainErrors(() => toInstant(addCalendarDays(request.to, 1), 'to'));
  const where = ['measured', 'accepted_at >= $1', 'accepted_at < $2'];
  const params: unknown[] = [from, until];
  if (request.department) where.push(`item_department = $${params.push(request.department)}`);
  if (request.itemCode) where.push(`item_code = $${params.push(request.itemCode)}`);
  params.push(ctx.maxCases + 1);
  const { rows } = await db.query<CaseRow>(
    `SELECT case_key, item_code, catalog_version, accepted_at, decided_at, completed_at, review_steps, immediate, state->'suspensions' AS suspensions
     FROM sv_cases WHERE ${where.join(' AND ')} ORDER BY accepted_at LIMIT $${params.length}`,
    params,
  );
  if (rows.length > ctx.maxCases) {
    throw new RuleViolation('statistics-period-too-large', `more than ${ctx.maxCases} cases in the period: ask for a shorter one, a department or an item`, { maxCases: ctx.maxCases });
  }
  const cases = rows.map(
    (r): CaseRecord => ({
      caseId: r.case_key,
      itemCode: r.item_code,
      catalogVersion: r.catalog_version,
      acceptedAt: r.accepted_at,
      decidedAt: r.decided_at,
      completedAt: r.completed_at,
      reviewSteps: r.review_steps,
      suspensions: r.suspensions,
      immediate: r.immediate,
    }),
  );
  return withDomainErrors(() => computeSupervisionStatistics({ cases, catalog: ctx.catalog, asOf: request.asOf, calendar: ctx.calendar }));
}
