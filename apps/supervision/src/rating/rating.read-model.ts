import type { Queryable } from '@gov/event-sourcing/postgres';
import type { RatingView, RectificationView } from './rating.command-bus';

interface RectificationRow {
  case_key: string;
  service: string;
  case_id: string;
  department: string;
  item_code: string;
  stars: number;
  opened_at: Date;
  due_date: string;
  due_at: Date;
  status: 'open' | 'closed';
  closed_at: Date | null;
  closed_late: boolean | null;
  resolution: string | null;
}

const COLUMNS = `case_key, service, case_id, department, item_code, stars, opened_at, to_char(due_date, 'YYYY-MM-DD') AS due_date, due_at, status, closed_at, closed_late, resolution`;

const toView = (r: RectificationRow, now: Date): RectificationView => ({
  caseKey: r.case_key,
  service: r.service,
  caseId: r.case_id,
  department: r.department,
  itemCode: r.item_code,
  stars: r.stars,
  openedAt: r.opened_at.toISOString(),
  dueDate: r.due_date,
  dueAt: r.due_at.toISOString(),
  status: r.status,
  overdue: r.status === 'open' && r.due_at <= now,
  closedAt: r.closed_at?.toISOString() ?? null,
  closedLate: r.closed_late,
  resolution: r.resolution,
});

export async function findRectification(db: Queryable, caseKey: string, now: Date): Promise<RectificationView | null> {
  const { rows } = await db.query<RectificationRow>(`SELECT ${COLUMNS} FROM sv_rectifications WHERE case_key = $1`, [caseKey]);
  return rows[0] ? toView(rows[0], now) : null;
}

/** Rectifications by department and status; `overdue` = open past the deadline, for supervisors to chase. */
export async function listRectifications(db: Queryable, filter: { department?: string; status?: 'open' | 'closed' | 'overdue' }, now: Date): Promise<RectificationView[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.department) where.push(`department = $${params.push(filter.department)}`);
  if (filter.status === 'open' || filter.status === 'closed') where.push(`status = $${params.push(filter.status)}`);
  if (filter.status === 'overdue') where.push(`status = 'open' AND due_at <= $${params.push(now)}`);
  const { rows } = await db.query<RectificationRow>(`SELECT ${COLUMNS} FROM sv_rectifications ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY due_at LIMIT 1000`, params);
  return rows.map((r) => toView(r, now));
}

export async function findRating(db: Queryable, caseKey: string, now: Date): Promise<RatingView | null> {
  const { rows } = await db.query<{ case_key: string; stars: number; rated_at: Date }>('SELECT case_key, stars, rated_at FROM sv_ratings WHERE case_key = $1', [caseKey]);
  if (!rows[0]) return null;
  const r = await findRectification(db, caseKey, now);
  return {
    caseKey: rows[0].case_key,
    stars: rows[0].stars,
    ratedAt: rows[0].rated_at.toISOString(),
    rectification: r ? { status: r.status, dueAt: r.dueAt, closedAt: r.closedAt, late: r.closedLate } : null,
  };
}
