import { assertNever } from '@gov/event-sourcing';
import { eventsOf, type Queryable, type RecordedEvent, type StreamOptions } from '@gov/event-sourcing/postgres';
import type { TaxAssessmentState } from './tax-assessment.decider';
import type { AssessedTaxLine, HouseTransferTaxInput, TaxTotals } from './assess-house-transfer';
import type { TransferParty } from './tax-assessment.commands';
import type { HouseTransferTaxAssessed, TaxAssessmentEvent } from './tax-assessment.events';
import { findPolicyLine, TRANSFER_TAX_POLICY_TABLE } from './transfer-tax.policy';

export const TAX_ASSESSMENT_SCHEMA = `
CREATE TABLE IF NOT EXISTS tax_assessments (
  assessment_id        text PRIMARY KEY,
  transfer_id          text NOT NULL,
  case_id              text,
  status               text NOT NULL CHECK (status IN ('assessed', 'cleared', 'cancelled')),
  -- Sellers' and buyers' identity numbers, for the party access check.
  party_ids            text[] NOT NULL,
  total_fen            bigint NOT NULL,
  payment_order_id     text,
  assessment           jsonb NOT NULL,
  assessed_at          timestamptz NOT NULL,
  cleared_at           timestamptz,
  bank_transaction_id  text,
  cancelled_at         timestamptz,
  cancel_reason        text,
  clearance_revoked_at timestamptz,
  version              integer NOT NULL
);
CREATE INDEX IF NOT EXISTS tax_assessments_transfer ON tax_assessments (transfer_id);
`;

/** How the fen were rounded, stated on every assessment. */
export const ROUNDING_RULE =
  'each line rounded half up to the fen on its own; surcharges levied on the rounded VAT; totals add the rounded lines';

export interface AssessmentLineView extends Omit<AssessedTaxLine, 'policyLine'> {
  readonly policyLine: { readonly id: string; readonly version: string; readonly source: string | null };
}

export interface AssessmentView {
  readonly assessmentId: string;
  readonly transferId: string;
  readonly caseId: string | null;
  readonly status: 'assessed' | 'cleared' | 'cancelled';
  readonly unitNumber: string;
  readonly sellers: readonly TransferParty[];
  readonly buyers: readonly TransferParty[];
  readonly input: HouseTransferTaxInput;
  readonly policyVersion: string;
  readonly referencePriceFen: number;
  readonly taxableBaseFen: number;
  readonly taxableBaseSource: 'contract-price' | 'reference-price';
  readonly sellerHeldFullYears: number;
  readonly lines: readonly AssessmentLineView[];
  readonly totals: TaxTotals;
  readonly rounding: string;
  readonly paymentOrderId: string | null;
  readonly assessedAt: string;
  readonly clearedAt: string | null;
  readonly bankTransactionId: string | null;
  readonly cancelledAt: string | null;
  readonly cancelReason: string | null;
  readonly clearanceRevokedAt: string | null;
}

export interface FoundAssessment {
  readonly view: AssessmentView;
  readonly partyIds: readonly string[];
}

interface AssessmentRow {
  assessment_id: string;
  case_id: string | null;
  status: AssessmentView['status'];
  party_ids: string[];
  payment_order_id: string | null;
  assessment: HouseTransferTaxAssessed['data'];
  cleared_at: Date | null;
  bank_transaction_id: string | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  clearance_revoked_at: Date | null;
}

export async function projectTaxAssessment(tx: Queryable, events: readonly RecordedEvent<TaxAssessmentEvent>[]): Promise<void> {
  for (const event of events) {
    switch (event.type) {
      case 'HouseTransferTaxAssessed': {
        const d = event.data;
        await tx.query(
          `INSERT INTO tax_assessments (assessment_id, transfer_id, case_id, status, party_ids, total_fen, payment_order_id, assessment, assessed_at, version)
           VALUES ($1, $2, $3, 'assessed', $4, $5, $6, $7, $8, $9)`,
          [
            d.assessmentId,
            d.transferId,
            d.caseId,
            [...d.sellers, ...d.buyers].map((p) => p.residentId),
            d.totals.totalFen,
            d.paymentOrderId,
            JSON.stringify(d),
            d.assessedAt,
            event.streamVersion,
          ],
        );
        break;
      }
      case 'TaxClearanceGranted':
        await tx.query(
          `UPDATE tax_assessments SET status = 'cleared', cleared_at = $2, bank_transaction_id = $3, version = $4 WHERE assessment_id = $1`,
          [event.data.assessmentId, event.data.grantedAt, event.data.bankTransactionId, event.streamVersion],
        );
        break;
      case 'TaxAssessmentCancelled':
        await tx.query(
          `UPDATE tax_assessments SET status = 'cancelled', cancelled_at = $2, cancel_reason = $3, version = $4 WHERE assessment_id = $1`,
          [event.data.assessmentId, event.data.cancelledAt, event.data.reason, event.streamVersion],
        );
        break;
      case 'TaxClearanceRevoked':
        await tx.query('UPDATE tax_assessments SET clearance_revoked_at = $2, version = $3 WHERE assessment_id = $1', [
          event.data.assessmentId,
          event.data.revokedAt,
          event.streamVersion,
        ]);
        break;
      default:
        assertNever(event, 'tax assessment event');
    }
  }
}

export async function findAssessment(db: Queryable, assessmentId: string): Promise<FoundAssessment | null> {
  const { rows } = await db.query<AssessmentRow>('SELECT * FROM tax_assessments WHERE assessment_id = $1', [assessmentId]);
  if (!rows.length) return null;
  const r = rows[0];
  const a = r.assessment;
  return {
    partyIds: r.party_ids,
    view: {
      assessmentId: a.assessmentId,
      transferId: a.transferId,
      caseId: a.caseId,
      status: r.status,
      unitNumber: a.unitNumber,
      sellers: a.sellers,
      buyers: a.buyers,
      input: a.input,
      policyVersion: a.policyVersion,
      referencePriceFen: a.referencePriceFen,
      taxableBaseFen: a.taxableBaseFen,
      taxableBaseSource: a.taxableBaseSource,
      sellerHeldFullYears: a.sellerHeldFullYears,
      lines: a.lines.map((line) => ({
        ...line,
        policyLine: { ...line.policyLine, source: findPolicyLine(TRANSFER_TAX_POLICY_TABLE, line.policyLine)?.source ?? null },
      })),
      totals: a.totals,
      rounding: ROUNDING_RULE,
      paymentOrderId: a.paymentOrderId,
      assessedAt: a.assessedAt,
      clearedAt: r.cleared_at?.toISOString() ?? null,
      bankTransactionId: r.bank_transaction_id,
      cancelledAt: r.cancelled_at?.toISOString() ?? null,
      cancelReason: r.cancel_reason,
      clearanceRevokedAt: r.clearance_revoked_at?.toISOString() ?? null,
    },
  };
}

/** How a unit of work loads an assessment's stream: with its inline read model. */
export const TAX_ASSESSMENT_STREAM: StreamOptions<TaxAssessmentState, TaxAssessmentEvent> = { project: (tx, events) => projectTaxAssessment(tx, events) };
export const isTaxAssessmentEvent = eventsOf<TaxAssessmentEvent>({
  HouseTransferTaxAssessed: true,
  TaxClearanceGranted: true,
  TaxAssessmentCancelled: true,
  TaxClearanceRevoked: true,
});
