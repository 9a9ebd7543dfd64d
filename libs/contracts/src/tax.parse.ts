/**
 * Parsers of the tax contract (tax.ts): what a reader of
 * `gov.tax.{commands,events}.v1` checks before anything acts on a message.
 * Content rules tax decides itself (a resident id's check digit, a policy in
 * force) stay tax's: a command breaking them is answered with a refusal event.
 */
import { SERVICES } from './services';
import { array, bool, date, decimal, fen, id, instant, int, nullable, object, oneOf, optional, text, variants, type Schema } from './schema';
import { parseContractMessage, type ContractMessage, type MessageContract } from './message';
import {
  TAX_MESSAGE_VERSIONS,
  type AssessedTaxLineV1,
  type TaxCommandDataV1,
  type TaxEventDataV1,
  type TaxpayerIdentityV1,
  type TaxTotalsV1,
  type TaxTransferParty,
} from './tax';

const reason = text({ max: 2000 });
const code = text({ min: 1, max: 100 });
const unitNumber = text({ min: 1, max: 100 });
const caseId = nullable(id);
const party = object<TaxTransferParty>({ residentId: text({ min: 1, max: 64 }) });
const parties = array(party, { min: 1, max: 100 });
const materials = object<{ readonly setId: string; readonly documentIds: readonly string[] }>({ setId: id, documentIds: array(id, { max: 200 }) });
const orderRef = { paymentOrderId: id, assessmentId: id, transferId: id, caseId };

const taxpayer = variants<TaxpayerIdentityV1>('kind', {
  person: object<Extract<TaxpayerIdentityV1, { kind: 'person' }>>({ kind: oneOf(['person']), residentId: text({ min: 1, max: 64 }), name: text({ min: 1, max: 200 }) }),
  business: object<Extract<TaxpayerIdentityV1, { kind: 'business' }>>({ kind: oneOf(['business']), creditCode: text({ min: 1, max: 64 }), name: text({ min: 1, max: 200 }) }),
});

const line = object<AssessedTaxLineV1>({
  tax: oneOf(['deed-tax', 'value-added-tax', 'urban-maintenance-tax', 'education-surcharge', 'local-education-surcharge', 'individual-income-tax', 'stamp-duty']),
  payer: oneOf(['seller', 'buyer']),
  baseFen: fen,
  rate: decimal(6),
  divisor: optional(decimal(6)),
  amountFen: fen,
  policyLine: object<AssessedTaxLineV1['policyLine']>({ id: text({ min: 1, max: 100 }), version: text({ min: 1, max: 32 }) }),
});
const totals = object<TaxTotalsV1>({ sellerFen: fen, buyerFen: fen, totalFen: fen });

const commands: { readonly [K in keyof TaxCommandDataV1]: Schema<TaxCommandDataV1[K]> } = {
  AssessHouseTransferTax: object({
    assessmentId: id,
    transferId: id,
    caseId: id,
    unitNumber,
    community: optional(text({ min: 1, max: 200 })),
    sellers: parties,
    buyers: parties,
    contractPriceFen: fen,
    areaM2: decimal(2),
    buyerFamilyHome: oneOf(['first', 'second', 'other']),
    sellerAcquiredOn: date,
    contractDate: date,
    sellerOnlyHome: bool,
    originalCostFen: nullable(fen),
    policyVersion: optional(text({ min: 1, max: 32 })),
  }),
  CancelAssessment: object({ assessmentId: id, caseId, reason: text({ min: 1, max: 2000 }) }),
};

const events: { readonly [K in keyof TaxEventDataV1]: Schema<TaxEventDataV1[K]> } = {
  TaxpayerRegistered: object({ taxpayerId: id, taxpayer, materials, registeredAt: instant }),
  TaxpayerDeregistered: object({ taxpayerId: id, reason, materials, deregisteredAt: instant }),
  HouseTransferTaxAssessed: object({
    assessmentId: id,
    transferId: id,
    caseId,
    paymentOrderId: nullable(id),
    unitNumber,
    sellers: parties,
    buyers: parties,
    policyVersion: text({ min: 1, max: 32 }),
    referencePriceFen: fen,
    taxableBaseFen: fen,
    taxableBaseSource: oneOf(['contract-price', 'reference-price']),
    sellerHeldFullYears: int({ min: 0, max: 1000 }),
    lines: array(line, { max: 50 }),
    totals,
    assessedAt: instant,
  }),
  HouseTransferTaxAssessmentRefused: object({ commandId: text({ min: 1, max: 200 }), assessmentId: text({ max: 128 }), transferId: text({ max: 128 }), caseId, code, reason, refusedAt: instant }),
  TaxAssessmentCancelled: object({ assessmentId: id, caseId, transferId: id, reason, cancelledAt: instant }),
  TaxAssessmentCancellationRefused: object({ commandId: text({ min: 1, max: 200 }), assessmentId: text({ max: 128 }), transferId: nullable(id), caseId, code, reason, refusedAt: instant }),
  TaxClearanceGranted: object({
    assessmentId: id,
    caseId,
    transferId: id,
    paymentOrderId: nullable(id),
    bankTransactionId: nullable(text({ min: 1, max: 200 })),
    paidFen: fen,
    grantedAt: instant,
  }),
  TaxClearanceRevoked: object({ assessmentId: id, caseId, transferId: id, reason, revokedAt: instant }),
  PaymentOrderIssued: object({ ...orderRef, amountFen: fen, issuedAt: instant }),
  PaymentConfirmed: object({ ...orderRef, bankTransactionId: text({ min: 1, max: 200 }), amountFen: fen, paidAt: instant }),
  PaymentOrderCancelled: object({ ...orderRef, reason, cancelledAt: instant }),
  RefundStarted: object({ ...orderRef, bankTransactionId: text({ min: 1, max: 200 }), amountFen: fen, reason, startedAt: instant }),
  RefundCompleted: object({ ...orderRef, bankRefundTransactionId: text({ min: 1, max: 200 }), amountFen: fen, completedAt: instant }),
  ReferencePricesImported: object({
    importId: id,
    format: oneOf(['csv', 'jsonl']),
    linesRead: int({ min: 0 }),
    imported: int({ min: 0 }),
    rejected: int({ min: 0 }),
    importedAt: instant,
  }),
};

export const TAX_COMMAND_CONTRACT: MessageContract<TaxCommandDataV1> = { service: SERVICES.tax, schemas: commands, versions: TAX_MESSAGE_VERSIONS };
export const TAX_EVENT_CONTRACT: MessageContract<TaxEventDataV1> = { service: SERVICES.tax, schemas: events, versions: TAX_MESSAGE_VERSIONS };

export type TaxCommandMessage = ContractMessage<TaxCommandDataV1>;
export type TaxEventMessage = ContractMessage<TaxEventDataV1>;

/** A command on `gov.tax.commands.v1`, checked against the contract. Throws ContractViolation. */
export function parseTaxCommand(ceType: string, data: unknown): TaxCommandMessage {
  return parseContractMessage(TAX_COMMAND_CONTRACT, ceType, data);
}

/** An event on `gov.tax.events.v1`, checked against the contract. Throws ContractViolation. */
export function parseTaxEvent(ceType: string, data: unknown): TaxEventMessage {
  return parseContractMessage(TAX_EVENT_CONTRACT, ceType, data);
}
