import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@gov/event-sourcing/postgres';
import type { CaseRatingEvent } from './case-rating.events';

/** sv_ratings and sv_rectifications, in the append's transaction. */
export async function projectCaseRating(tx: PoolClient, events: readonly RecordedEvent<CaseRatingEvent>[]): Promise<void> {
  for (const e of events) {
    switch (e.type) {
      case 'CaseRated':
        await tx.query(
          `INSERT INTO sv_ratings (case_key, service, case_id, department, item_code, stars, comment, rated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [e.data.caseKey, e.data.service, e.data.caseId, e.data.department, e.data.itemCode, e.data.stars, e.data.comment, e.data.ratedAt],
        );
        break;
      case 'RectificationOpened':
        await tx.query(
          `INSERT INTO sv_rectifications (case_key, service, case_id, department, item_code, stars, opened_at, due_date, due_at, status)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open')`,
          [e.data.caseKey, e.data.service, e.data.caseId, e.data.department, e.data.itemCode, e.data.stars, e.data.openedAt, e.data.dueDate, e.data.dueAt],
        );
        break;
      case 'RectificationClosed':
        await tx.query(`UPDATE sv_rectifications SET status = 'closed', closed_at = $2, closed_late = $3, resolution = $4 WHERE case_key = $1`, [
          e.data.caseKey,
          e.data.closedAt,
          e.data.late,
          e.data.resolution,
        ]);
        break;
      default: {
        const unknownEvent: never = e;
        throw new Error(`unhandled rating event ${JSON.stringify(unknownEvent)}`);
      }
    }
  }
}
