import type { PoolClient } from 'pg';
import type { Queryable } from '@gov/event-sourcing/postgres';
import type { WorkingDayCalendar } from '@gov/service-standards';
import { deadlineOf, dueTimers, recordedStanding, reviewStepsOf, statusOf, type DueTimer, type TrackedCase } from './tracked-case';

const UPSERT_CASE = `
INSERT INTO sv_cases (case_key, service, case_id, item_code, item_department, department, catalog_version, measured, status, standing,
                      immediate, review_steps, accepted_at, decided_at, completed_at, due_at, warned_at, breached_at, state, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, now())
ON CONFLICT (case_key) DO UPDATE SET
  item_code = EXCLUDED.item_code, item_department = EXCLUDED.item_department, department = EXCLUDED.department,
  catalog_version = EXCLUDED.catalog_version, measured = EXCLUDED.measured, status = EXCLUDED.status, standing = EXCLUDED.standing,
  immediate = EXCLUDED.immediate, review_steps = EXCLUDED.review_steps,
  accepted_at = EXCLUDED.accepted_at, decided_at = EXCLUDED.decided_at, completed_at = EXCLUDED.completed_at, due_at = EXCLUDED.due_at,
  warned_at = EXCLUDED.warned_at, breached_at = EXCLUDED.breached_at, state = EXCLUDED.state, updated_at = now()`;

const sameTimers = (a: readonly DueTimer[], b: readonly DueTimer[]) =>
  a.length === b.length && a.every((t, i) => t.kind === b[i].kind && t.dueAt.getTime() === b[i].dueAt.getTime());

/** The sv_cases read model and its timers. Callers hold the row lock (`lock`) between read and save. */
export class TrackedCaseStore {
  constructor(private readonly calendar: WorkingDayCalendar) {}

  async get(db: Queryable, caseKey: string): Promise<TrackedCase | null> {
    const { rows } = await db.query<{ state: TrackedCase }>('SELECT state FROM sv_cases WHERE case_key = $1', [caseKey]);
    return rows[0]?.state ?? null;
  }

  /** Reads a case for update: the consumer and the timers serialise on this row. */
  async lock(tx: PoolClient, caseKey: string): Promise<TrackedCase | null> {
    // Named statements: parsed and planned once per connection, as this runs for every lifecycle event.
    const { rows } = await tx.query<{ state: TrackedCase }>({ name: 'sv-case-lock', text: 'SELECT state FROM sv_cases WHERE case_key = $1 FOR UPDATE', values: [caseKey] });
    return rows[0]?.state ?? null;
  }

  /** `now`: when supervision read the event, which arms the case's timers. */
  async save(tx: PoolClient, before: TrackedCase | null, after: TrackedCase, now: Date): Promise<void> {
    const due = deadlineOf(after, this.calendar)?.dueAt ?? null;
    await tx.query({
      name: 'sv-case-upsert',
      text: UPSERT_CASE,
      values: [
        after.caseKey,
        after.service,
        after.caseId,
        after.itemCode,
        after.measure?.itemDepartment ?? null,
        after.department,
        after.measure?.catalogVersion ?? null,
        after.measure !== null && after.acceptedAt !== null,
          statusOf(after),
          recordedStanding(after),
        after.measure?.immediate ?? null,
          reviewStepsOf(after),
        after.acceptedAt,
        after.decidedAt,
        after.completedAt,
        due,
        after.warnedAt,
        after.breachedAt,
        JSON.stringify(after),
      ],
    });
    const previous = before ? dueTimers(before, this.calendar) : [];
    const next = dueTimers(after, this.calendar);
    if (sameTimers(previous, next)) return;
    // One statement: drop the timers the case no longer needs (disjoint rows) and set the ones it does.
    await tx.query({
      name: 'sv-timers-set',
      text: `WITH gone AS (DELETE FROM sv_timers WHERE case_key = $1 AND $4 AND kind <> ALL($2::text[]))
             INSERT INTO sv_timers (case_key, kind, due_at, armed_at) SELECT $1, kind, due_at, $5 FROM unnest($2::text[], $3::timestamptz[]) AS t(kind, due_at)
             ON CONFLICT (case_key, kind) DO UPDATE SET due_at = EXCLUDED.due_at, armed_at = EXCLUDED.armed_at, attempts = 0, last_error = NULL`,
      values: [after.caseKey, next.map((t) => t.kind), next.map((t) => t.dueAt.toISOString()), before !== null, now],
    });
  }
}
