import type { Queryable } from '@gov/event-sourcing/postgres';
import type { SaleTransferState } from './sale-transfer.decider';

const UPSERT_TRANSFER = `
INSERT INTO re_transfers AS t (transfer_id, case_id, unit_number, status, sellers, buyers, party_ids, contract_number, contract_price_fen,
  lender_consent_mortgage_ids, tax_clearance, registration_requested_at, certificate_number, refusal_code, reason, applied_at, closed_at,
  version, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, now())
ON CONFLICT (transfer_id) DO UPDATE SET
  case_id = EXCLUDED.case_id, unit_number = EXCLUDED.unit_number, status = EXCLUDED.status, sellers = EXCLUDED.sellers,
  buyers = EXCLUDED.buyers, party_ids = EXCLUDED.party_ids, contract_number = EXCLUDED.contract_number,
  contract_price_fen = EXCLUDED.contract_price_fen, lender_consent_mortgage_ids = EXCLUDED.lender_consent_mortgage_ids,
  tax_clearance = EXCLUDED.tax_clearance, registration_requested_at = EXCLUDED.registration_requested_at,
  certificate_number = EXCLUDED.certificate_number, refusal_code = EXCLUDED.refusal_code, reason = EXCLUDED.reason,
  applied_at = EXCLUDED.applied_at, closed_at = EXCLUDED.closed_at, version = EXCLUDED.version, updated_at = now()
WHERE t.version < EXCLUDED.version`;

/** The transfer's row, from its state after the append, in the same transaction. */
export async function projectTransfer(tx: Queryable, state: SaleTransferState, version: number): Promise<void> {
  if (state.status === 'not-applied') return;
  if (state.status === 'application-refused') {
    await tx.query(UPSERT_TRANSFER, [
      state.transferId, null, state.unitNumber, state.status, '[]', '[]', [], null, null, '[]', null, null, null,
      state.code, state.reason, null, state.refusedAt, version,
    ]);
    return;
  }
  const { application } = state;
  const taxClearance = 'taxClearance' in state ? state.taxClearance : null;
  const registrationRequestedAt = 'registrationRequestedAt' in state ? state.registrationRequestedAt : null;
  const certificateNumber = state.status === 'completed' ? state.certificate.certificateNumber : null;
  const closedAt = state.status === 'cancelled' ? state.cancelledAt : state.status === 'refused' ? state.refusedAt : null;
  const reason = state.status === 'cancelled' || state.status === 'refused' ? state.reason : null;
  await tx.query(UPSERT_TRANSFER, [
    application.transferId,
    application.caseId,
    application.unitNumber,
    state.status,
    JSON.stringify(application.sellers),
    JSON.stringify(application.buyers),
    [...application.sellers, ...application.buyers].map((p) => p.idNumber),
    application.contractNumber,
    application.contractPriceFen,
    JSON.stringify(application.lenderConsentMortgageIds),
    taxClearance ? JSON.stringify(taxClearance) : null,
    registrationRequestedAt,
    certificateNumber,
    state.status === 'refused' ? state.code : null,
    reason,
    application.appliedAt,
    closedAt,
    version,
  ]);
}
