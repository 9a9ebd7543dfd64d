import type { PoolClient } from 'pg';
import { namedStatement, type PostgresEventStore, type RecordedEvent } from '@gov/event-sourcing/postgres';
import { recordLifecycle } from '@gov/platform';
import type { CaseLifecycleEvent } from '@gov/contracts';
import type { JointCaseEvent } from './joint-case.events';
import type { JointCase } from './joint-case.decider';
import { toIsoDate } from '@gov/service-standards';

export const HOUSE_TRANSFER_SCHEMA = `
CREATE TABLE IF NOT EXISTS jp_cases (
  case_id            uuid PRIMARY KEY,
  status             text NOT NULL,
  item_code          text NOT NULL,
  catalog_version    text NOT NULL,
  ticket_day         date NOT NULL,
  ticket_number      text NOT NULL,
  window_no          text NOT NULL,
  clerk              text NOT NULL,
  accepted_at        timestamptz NOT NULL,
  deadline_at        timestamptz NOT NULL,
  completed_at       timestamptz,
  certificate_number text,
  rejection          jsonb,
  party_ids          text[] NOT NULL,
  sellers            jsonb NOT NULL,
  buyers             jsonb NOT NULL,
  unit_number        text NOT NULL
);
CREATE INDEX IF NOT EXISTS jp_cases_party ON jp_cases USING gin (party_ids);
-- Tax's payment order for the case, from HouseTransferTaxAssessed (id, amount) and the payment and compensation steps (status).
ALTER TABLE jp_cases ADD COLUMN IF NOT EXISTS payment_order_id text;
ALTER TABLE jp_cases ADD COLUMN IF NOT EXISTS payment_amount_fen bigint;
ALTER TABLE jp_cases ADD COLUMN IF NOT EXISTS payment_status text;
CREATE TABLE IF NOT EXISTS jp_timeline (
  case_id  uuid NOT NULL,
  seq      integer NOT NULL,
  step     text NOT NULL,
  at       timestamptz NOT NULL,
  actor    text,
  detail   text,
  PRIMARY KEY (case_id, seq)
);
CREATE TABLE IF NOT EXISTS jp_timers (
  case_id  uuid NOT NULL,
  timer    text NOT NULL,
  due_at   timestamptz NOT NULL,
  fired_at timestamptz,
  PRIMARY KEY (case_id, timer)
);
CREATE INDEX IF NOT EXISTS jp_timers_due ON jp_timers (due_at) WHERE fired_at IS NULL;
`;

const ADD_STEPS = namedStatement(
  'jp_add_steps',
  `INSERT INTO jp_timeline (case_id, seq, step, at, actor, detail)
   SELECT $1, (SELECT coalesce(max(seq), 0) FROM jp_timeline WHERE case_id = $1) + s.ord, s.step, s.at, s.actor, s.detail
   FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::text[]) WITH ORDINALITY AS s(step, at, actor, detail, ord)`,
);

interface Step {
  step: string;
  actor?: string;
  detail?: string;
}

/** What each event adds to the timeline the clerk and the parties see. */
function stepOf(e: JointCaseEvent): Step | null {
  switch (e.type) {
    case 'HouseTransferAccepted':
      return { step: 'accepted', actor: e.data.clerk, detail: `ticket ${e.data.ticket.number} at window ${e.data.ticket.window}` };
    case 'DepartmentCommandSent':
      return { step: `sent ${e.data.name}`, actor: 'joint-window', detail: e.data.target };
    case 'PropertyLocked':
      return { step: 'property checked and locked', actor: 'real-estate-registration' };
    case 'TaxesAssessed':
      return { step: 'taxes assessed', actor: 'tax', detail: `total ${e.data.totalFen} fen` };
    case 'PaymentReceived':
      return { step: 'payment confirmed', actor: 'bank', detail: `${e.data.paidFen} fen` };
    case 'ClearanceRecordedByRegistry':
      return { step: 'tax clearance recorded by the registry', actor: 'real-estate-registration' };
    case 'OwnershipRegistered':
      return { step: 'ownership transferred', actor: 'real-estate-registration' };
    case 'CertificateIssued':
      return { step: 'certificate issued', actor: 'real-estate-registration', detail: e.data.certificateNumber };
    case 'HouseTransferCompleted':
      return { step: 'completed', actor: 'joint-window', detail: e.data.withinPromise ? 'within the one-hour promise' : 'after the promised hour' };
    case 'DepartmentRefused':
      return { step: 'refused', actor: e.data.department, detail: e.data.reason };
    case 'HouseTransferRejected':
      return { step: 'rejected', actor: e.data.department, detail: e.data.reason };
    case 'CompensationConfirmed':
      return { step: `compensated: ${e.data.step}`, actor: e.data.step === 'unlock-unit' ? 'real-estate-registration' : 'tax' };
    case 'PaymentWindowExpired':
      return { step: 'payment window expired', actor: 'joint-window' };
    case 'PromiseWarningRaised':
      return { step: 'warning: 45 minutes passed', actor: 'joint-window' };
    case 'PromiseBreached':
      return { step: 'one-hour promise breached', actor: 'joint-window' };
    default:
      return null;
  }
}

const atOf = (e: JointCaseEvent): string => {
  switch (e.type) {
    case 'HouseTransferAccepted':
      return e.data.acceptedAt;
    case 'DepartmentCommandSent':
      return e.data.sentAt;
    default:
      return e.data.at;
  }
};

/** Status of tax's payment order as the joint case knows it (tax's own words: issued, paid, cancelled, refunding). */
export type PaymentOrderStatus = 'issued' | 'paid' | 'cancelled' | 'refunding';

async function projectPaymentOrder(tx: PoolClient, caseId: string, e: JointCaseEvent): Promise<void> {
  switch (e.type) {
    case 'TaxesAssessed':
      // Absent on events recorded before the order was kept: the view shows no order.
      if (e.data.paymentOrderId === undefined) return;
      await tx.query('UPDATE jp_cases SET payment_order_id = $2, payment_amount_fen = $3, payment_status = $4 WHERE case_id = $1', [
        caseId,
        e.data.paymentOrderId,
        e.data.totalFen,
        e.data.paymentOrderId === null ? null : 'issued',
      ]);
      return;
    case 'PaymentReceived':
      await tx.query(`UPDATE jp_cases SET payment_status = 'paid' WHERE case_id = $1 AND payment_order_id IS NOT NULL`, [caseId]);
      return;
    case 'CompensationConfirmed':
      // Tax cancels an unpaid order with the assessment, and refunds a paid one.
      if (e.data.step === 'refund') await tx.query(`UPDATE jp_cases SET payment_status = 'refunding' WHERE case_id = $1 AND payment_order_id IS NOT NULL`, [caseId]);
      if (e.data.step === 'cancel-assessment') await tx.query(`UPDATE jp_cases SET payment_status = 'cancelled' WHERE case_id = $1 AND payment_status = 'issued'`, [caseId]);
      return;
    default:
      return;
  }
}

export interface LifecycleContext {
  readonly store: PostgresEventStore;
  readonly itemCode: string;
}

/** Read models, timers and lifecycle events, in the append's transaction: one statement per table. */
export async function projectJointCase(tx: PoolClient, events: readonly RecordedEvent<JointCaseEvent>[], state: JointCase, ctx: LifecycleContext): Promise<void> {
  if (state.status === 'none') return;
  const caseId = state.caseId;
  const ref = (at: string) => ({ caseId, itemCode: ctx.itemCode, catalogVersion: state.catalogVersion, department: 'joint-window', at });
  const steps: (Step & { at: string })[] = [];
  const lifecycleEvents: CaseLifecycleEvent[] = [];
  for (const e of events) {
    const at = atOf(e);
    const step = stepOf(e);
    if (e.type === 'HouseTransferAccepted') {
      const d = e.data;
      const partyIds = [...d.application.sellers, ...d.application.buyers].map((p) => p.idNumber);
      await tx.query(
        `WITH timers AS (
           INSERT INTO jp_timers (case_id, timer, due_at) VALUES ($1, 'promise-warning', $14), ($1, 'promise-breach', $9), ($1, 'payment-window', $15)
         )
         INSERT INTO jp_cases (case_id, status, item_code, catalog_version, ticket_day, ticket_number, window_no, clerk, accepted_at, deadline_at, party_ids, sellers, buyers, unit_number)
         VALUES ($1, 'in-progress', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
          caseId,
          ctx.itemCode,
          d.catalogVersion,
          toIsoDate(d.acceptedAt),
          d.ticket.number,
          d.ticket.window,
          d.clerk,
          d.acceptedAt,
          d.deadlineAt,
          partyIds,
          JSON.stringify(d.application.sellers.map((p) => ({ name: p.name, idNumber: p.idNumber }))),
          JSON.stringify(d.application.buyers.map((p) => ({ name: p.name, idNumber: p.idNumber }))),
          d.application.unit.unitNumber,
          d.warnAt,
          d.paymentDueAt,
        ],
      );
      lifecycleEvents.push({ type: 'CaseAccepted', data: { ...ref(at), window: d.ticket.window, applicantIds: partyIds } });
    }
    if (step) steps.push({ ...step, at });
    await projectPaymentOrder(tx, caseId, e);
    switch (e.type) {
      case 'PropertyLocked':
      case 'TaxesAssessed':
      case 'PaymentReceived':
      case 'OwnershipRegistered':
      case 'CertificateIssued':
        lifecycleEvents.push({ type: 'CaseStepCompleted', data: { ...ref(at), step: step!.step } });
        if (e.type === 'CertificateIssued') await tx.query('UPDATE jp_cases SET certificate_number = $2 WHERE case_id = $1', [caseId, e.data.certificateNumber]);
        break;
      case 'HouseTransferCompleted':
        await tx.query(
          `WITH timers AS (UPDATE jp_timers SET fired_at = now() WHERE case_id = $1 AND fired_at IS NULL)
           UPDATE jp_cases SET status = 'completed', completed_at = $2 WHERE case_id = $1`,
          [caseId, at],
        );
        lifecycleEvents.push({ type: 'CaseDecided', data: { ...ref(at), outcome: 'approved' } }, { type: 'CaseCompleted', data: { ...ref(at), outcome: 'approved' } });
        break;
      case 'HouseTransferRejected':
        await tx.query(
          `WITH timers AS (UPDATE jp_timers SET fired_at = now() WHERE case_id = $1 AND fired_at IS NULL)
           UPDATE jp_cases SET status = 'rejected', completed_at = $2, rejection = $3 WHERE case_id = $1`,
          [caseId, at, JSON.stringify({ department: e.data.department, code: e.data.code, reason: e.data.reason })],
        );
        lifecycleEvents.push(
          { type: 'CaseDecided', data: { ...ref(at), outcome: 'refused', reason: e.data.reason } },
          { type: 'CaseCompleted', data: { ...ref(at), outcome: 'refused' } },
        );
        break;
      default:
        break;
    }
  }
  if (steps.length) {
    await tx.query(ADD_STEPS([caseId, steps.map((x) => x.step), steps.map((x) => x.at), steps.map((x) => x.actor ?? null), steps.map((x) => x.detail ?? null)]));
  }
  if (lifecycleEvents.length) await recordLifecycle(ctx.store, tx, lifecycleEvents);
}
