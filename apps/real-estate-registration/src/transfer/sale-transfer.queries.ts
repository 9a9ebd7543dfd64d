import { Validation, ForbiddenError, NotFoundError, ValidationError } from '@gov/event-sourcing';
import { PostgresEventStore } from '@gov/event-sourcing/postgres';
import { CALLER_ID } from '@gov/service-standards';
import { Injectable } from '@nestjs/common';
import { hasRole, isParty, visibleTo, type Principal } from '@gov/platform';
import type { Owner, Party } from '../domain/party';
import { REGISTER_DEPARTMENT } from '../shared/access';
import type { SaleTransferStatus, TaxClearance } from './sale-transfer.decider';

export interface TransferView {
  readonly transferId: string;
  readonly caseId: string | null;
  readonly status: Exclude<SaleTransferStatus, 'not-applied'>;
  readonly unitNumber: string;
  readonly sellers: readonly Party[];
  readonly buyers: readonly Owner[];
  readonly contractNumber: string | null;
  readonly contractPriceFen: number | null;
  readonly lenderConsentMortgageIds: readonly string[];
  readonly taxClearance: TaxClearance | null;
  readonly registrationRequestedAt: string | null;
  readonly certificateNumber: string | null;
  readonly refusalCode: string | null;
  readonly reason: string | null;
  readonly appliedAt: string | null;
  readonly closedAt: string | null;
  readonly version: number;
}

interface TransferRow {
  transfer_id: string;
  case_id: string | null;
  unit_number: string;
  status: TransferView['status'];
  sellers: Party[];
  buyers: Owner[];
  party_ids: string[];
  contract_number: string | null;
  contract_price_fen: string | null;
  lender_consent_mortgage_ids: string[];
  tax_clearance: TaxClearance | null;
  registration_requested_at: Date | null;
  certificate_number: string | null;
  refusal_code: string | null;
  reason: string | null;
  applied_at: Date | null;
  closed_at: Date | null;
  version: number;
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

/**
 * A transfer is a case: an applicant sees only the ones they are a seller or
 * buyer in; staff of any department see every one, personal data in clear only
 * for the registry, supervisors and service accounts.
 */
@Injectable()
export class TransferQueries {
  constructor(private readonly store: PostgresEventStore) {}

  async get(transferId: string, principal: Principal | undefined): Promise<TransferView & { personalDataVisible: boolean }> {
    const issues = new Validation();
    if (!issues.require('transferId', transferId, CALLER_ID)) throw new ValidationError(issues.issues);
    const { rows } = await this.store.pool.query<TransferRow>('SELECT * FROM re_transfers WHERE transfer_id = $1', [transferId]);
    if (rows.length === 0) throw new NotFoundError('sale transfer', transferId);
    const r = rows[0];
    if (!hasRole(principal, 'clerk', 'supervisor', 'service') && !isParty(principal, r.party_ids)) {
      throw new ForbiddenError('only a party to this transfer or staff may see it', 'not-a-party');
    }
    const view: TransferView = {
      transferId: r.transfer_id,
      caseId: r.case_id,
      status: r.status,
      unitNumber: r.unit_number,
      sellers: r.sellers,
      buyers: r.buyers,
      contractNumber: r.contract_number,
      contractPriceFen: r.contract_price_fen === null ? null : Number(r.contract_price_fen),
      lenderConsentMortgageIds: r.lender_consent_mortgage_ids,
      taxClearance: r.tax_clearance,
      registrationRequestedAt: iso(r.registration_requested_at),
      certificateNumber: r.certificate_number,
      refusalCode: r.refusal_code,
      reason: r.reason,
      appliedAt: iso(r.applied_at),
      closedAt: iso(r.closed_at),
      version: r.version,
    };
    return visibleTo(view, principal, { department: REGISTER_DEPARTMENT, partyIds: r.party_ids });
  }

  /** The identity numbers of the transfer's sellers and buyers ([] when unknown). */
  async partiesOf(transferId: string): Promise<readonly string[]> {
    const { rows } = await this.store.pool.query<{ party_ids: string[] }>('SELECT party_ids FROM re_transfers WHERE transfer_id = $1', [transferId]);
    return rows[0]?.party_ids ?? [];
  }
}
