import { assertNever, type Queryable, type RecordedEvent } from '@gov/event-sourcing';
import type { ZetaPermitsApplicant } from '@gov/contracts';
import type { ApplicationEvent } from './application.events';

/** The read model's table; applied at start (idempotent), after the event store's own. */
export const APPLICATION_SCHEMA = `
CREATE TABLE IF NOT EXISTS zeta_permits_applications (
  application_id  text PRIMARY KEY,
  status          text NOT NULL CHECK (status IN ('submitted', 'approved', 'refused')),
  applicant       jsonb NOT NULL,
  resident_id     text NOT NULL,
  subject         text NOT NULL,
  submitted_at    timestamptz NOT NULL,
  decided_at      timestamptz,
  reason          text,
  version         integer NOT NULL
);
CREATE INDEX IF NOT EXISTS zeta_permits_applications_resident ON zeta_permits_applications (resident_id);
`;

export interface ApplicationView {
  readonly applicationId: string;
  readonly status: 'submitted' | 'approved' | 'refused';
  readonly applicant: ZetaPermitsApplicant;
  readonly subject: string;
  readonly submittedAt: string;
  readonly decidedAt: string | null;
  readonly reason: string | null;
  readonly version: number;
}

interface ApplicationRow {
  application_id: string;
  status: ApplicationView['status'];
  applicant: ZetaPermitsApplicant;
  subject: string;
  submitted_at: Date;
  decided_at: Date | null;
  reason: string | null;
  version: number;
}

const INSERT = `INSERT INTO zeta_permits_applications (application_id, status, applicant, resident_id, subject, submitted_at, version)
  VALUES ($1, 'submitted', $2, $3, $4, $5, $6)`;
const DECIDE = 'UPDATE zeta_permits_applications SET status = $2, reason = $3, decided_at = $4, version = $5 WHERE application_id = $1';

/** Inline read model: runs in the append's transaction, so a query never sees a state the log does not hold. */
export async function projectApplication(tx: Queryable, events: readonly RecordedEvent<ApplicationEvent>[]): Promise<void> {
  for (const event of events) {
    switch (event.type) {
      case 'ApplicationSubmitted': {
        const { applicationId, applicant, subject, submittedAt } = event.data;
        await tx.query(INSERT, [applicationId, JSON.stringify(applicant), applicant.residentId, subject, submittedAt, event.streamVersion]);
        break;
      }
      case 'ApplicationDecided': {
        const { applicationId, outcome, reason, decidedAt } = event.data;
        await tx.query(DECIDE, [applicationId, outcome, reason, decidedAt, event.streamVersion]);
        break;
      }
      default:
        assertNever(event, 'application event');
    }
  }
}

export async function findApplication(db: Queryable, applicationId: string): Promise<ApplicationView | null> {
  const { rows } = await db.query<ApplicationRow>(
    'SELECT application_id, status, applicant, subject, submitted_at, decided_at, reason, version FROM zeta_permits_applications WHERE application_id = $1',
    [applicationId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    applicationId: r.application_id,
    status: r.status,
    applicant: r.applicant,
    subject: r.subject,
    submittedAt: r.submitted_at.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
    reason: r.reason,
    version: r.version,
  };
}
