/**
 * Tax service contract (v1).
 *
 * Commands: topic `gov.tax.commands.v1`, ce_type `gov.tax.<CommandName>.v1`,
 * ce_id = the command id (a command sent twice with one id has one effect),
 * key = the assessment id. Events: topic `gov.tax.events.v1`, ce_type
 * `gov.tax.<EventName>.v1`, key = ce_subject = the stream id. Amounts are
 * integer fen; instants are ISO 8601 with an offset; dates `YYYY-MM-DD`.
 * A command the tax service refuses is answered with a refusal event, never
 * retried or dead-lettered; a message that breaks this contract (a missing or
 * mistyped field) is dead-lettered by its reader.
 *
 * Schema versions: every message about a house transfer names `caseId` (the
 * joint case, null when the assessment serves none). The messages that gained
 * it are at schema version 2 (ce_type `.v2`, TAX_MESSAGE_VERSIONS); a reader
 * lifts a version 1 message with the upcaster there (caseId null), as the
 * service does for its stored events.
 */
import { SERVICES } from './services';
import { addNullCaseId, type MessageVersions } from './versions';

export const TAX_COMMANDS = {
  assessHouseTransferTax: 'AssessHouseTransferTax',
  cancelAssessment: 'CancelAssessment',
} as const;
export type TaxCommandName = (typeof TAX_COMMANDS)[keyof typeof TAX_COMMANDS];

export const TAX_EVENTS = {
  taxpayerRegistered: 'TaxpayerRegistered',
  taxpayerDeregistered: 'TaxpayerDeregistered',
  houseTransferTaxAssessed: 'HouseTransferTaxAssessed',
  houseTransferTaxAssessmentRefused: 'HouseTransferTaxAssessmentRefused',
  taxAssessmentCancelled: 'TaxAssessmentCancelled',
  taxAssessmentCancellationRefused: 'TaxAssessmentCancellationRefused',
  taxClearanceGranted: 'TaxClearanceGranted',
  taxClearanceRevoked: 'TaxClearanceRevoked',
  paymentOrderIssued: 'PaymentOrderIssued',
  paymentConfirmed: 'PaymentConfirmed',
  paymentOrderCancelled: 'PaymentOrderCancelled',
  refundStarted: 'RefundStarted',
  refundCompleted: 'RefundCompleted',
  referencePricesImported: 'ReferencePricesImported',
} as const;
export type TaxEventName = (typeof TAX_EVENTS)[keyof typeof TAX_EVENTS];

/** Item codes of the tax cases in the catalog (`@gov/service-standards`), used on case lifecycle events. */
export const TAX_ITEM_CODES = {
  taxpayerRegistration: 'SW-01',
  taxpayerDeregistration: 'SW-02',
  houseTransferTax: 'SW-03',
} as const;

/** Stream id prefixes: the Kafka key and ce_subject of an event are `<prefix>-<id>`. */
export const TAX_STREAMS = {
  taxpayer: 'taxpayer',
  assessment: 'tax-assessment',
  paymentOrder: 'payment-order',
  refusal: 'tax-refusal',
  referencePriceImport: 'reference-price-import',
} as const;

export interface TaxTransferParty {
  /** Resident identity number (GB 11643). */
  readonly residentId: string;
}

// ---- commands ----

/** Assess the taxes of a second-hand house sale. The reference price is the tax service's own. */
export interface AssessHouseTransferTaxV1 {
  /** Chosen by the sender; the assessment's id from then on. */
  readonly assessmentId: string;
  /** The real-estate transfer the clearance will be for. */
  readonly transferId: string;
  /** The joint case; echoed on the assessment and its refusal. */
  readonly caseId: string;
  /** Real-estate unit number; the reference price is looked up by it. */
  readonly unitNumber: string;
  /** The unit's community, for a community-wide reference price. */
  readonly community?: string;
  readonly sellers: readonly TaxTransferParty[];
  readonly buyers: readonly TaxTransferParty[];
  readonly contractPriceFen: number;
  /** Floor area in m² as on the certificate, a decimal string with at most 2 places. */
  readonly areaM2: string;
  /** The buyer family's home count after the purchase. */
  readonly buyerFamilyHome: 'first' | 'second' | 'other';
  readonly sellerAcquiredOn: string;
  readonly contractDate: string;
  /** The seller family's only home (家庭唯一生活用房). */
  readonly sellerOnlyHome: boolean;
  /** null when the seller cannot prove the original cost. */
  readonly originalCostFen: number | null;
  /** Default: the policy version in force on the contract date. */
  readonly policyVersion?: string;
}

/** Cancel an assessment (compensation); a paid one is refunded. Cancelling twice is harmless. */
export interface CancelAssessmentV1 {
  readonly assessmentId: string;
  /** The joint case; null when the assessment serves none. Schema version 2. */
  readonly caseId: string | null;
  readonly reason: string;
}

// ---- events ----

export type TaxpayerIdentityV1 =
  | { readonly kind: 'person'; readonly residentId: string; readonly name: string }
  | { readonly kind: 'business'; readonly creditCode: string; readonly name: string };

export interface TaxpayerRegisteredV1 {
  readonly taxpayerId: string;
  readonly taxpayer: TaxpayerIdentityV1;
  readonly materials: { readonly setId: string; readonly documentIds: readonly string[] };
  readonly registeredAt: string;
}

export interface TaxpayerDeregisteredV1 {
  readonly taxpayerId: string;
  readonly reason: string;
  readonly materials: { readonly setId: string; readonly documentIds: readonly string[] };
  readonly deregisteredAt: string;
}

export interface TaxTotalsV1 {
  readonly sellerFen: number;
  readonly buyerFen: number;
  readonly totalFen: number;
}

export interface AssessedTaxLineV1 {
  readonly tax:
    | 'deed-tax'
    | 'value-added-tax'
    | 'urban-maintenance-tax'
    | 'education-surcharge'
    | 'local-education-surcharge'
    | 'individual-income-tax'
    | 'stamp-duty';
  readonly payer: 'seller' | 'buyer';
  readonly baseFen: number;
  /** Decimal string; "0" on an exempt line. */
  readonly rate: string;
  /** VAT only: amount = base × rate ÷ divisor. */
  readonly divisor?: string;
  /** Rounded half up to the fen, line by line; surcharges on the rounded VAT. */
  readonly amountFen: number;
  /** The policy table line applied. */
  readonly policyLine: { readonly id: string; readonly version: string };
}

export interface HouseTransferTaxAssessedV1 {
  readonly assessmentId: string;
  readonly transferId: string;
  readonly caseId: string | null;
  /** The order to pay the total; null when nothing is due (TaxClearanceGranted follows at once). */
  readonly paymentOrderId: string | null;
  readonly unitNumber: string;
  readonly sellers: readonly TaxTransferParty[];
  readonly buyers: readonly TaxTransferParty[];
  readonly policyVersion: string;
  readonly referencePriceFen: number;
  readonly taxableBaseFen: number;
  readonly taxableBaseSource: 'contract-price' | 'reference-price';
  readonly sellerHeldFullYears: number;
  readonly lines: readonly AssessedTaxLineV1[];
  readonly totals: TaxTotalsV1;
  readonly assessedAt: string;
}

/** AssessHouseTransferTax refused (invalid, no reference price, policy not in force...). */
export interface HouseTransferTaxAssessmentRefusedV1 {
  readonly commandId: string;
  readonly assessmentId: string;
  readonly transferId: string;
  readonly caseId: string | null;
  /** Stable machine-readable code, e.g. `reference-price-not-found`, `validation-failed`. */
  readonly code: string;
  readonly reason: string;
  readonly refusedAt: string;
}

export interface TaxAssessmentCancelledV1 {
  readonly assessmentId: string;
  /** The joint case; null when the assessment serves none. Schema version 2. */
  readonly caseId: string | null;
  readonly transferId: string;
  readonly reason: string;
  readonly cancelledAt: string;
}

/** CancelAssessment refused, e.g. `not-found` when the assessment was never made. */
export interface TaxAssessmentCancellationRefusedV1 {
  readonly commandId: string;
  readonly assessmentId: string;
  /** null when the assessment is unknown. */
  readonly transferId: string | null;
  readonly caseId: string | null;
  readonly code: string;
  readonly reason: string;
  readonly refusedAt: string;
}

/** Everything assessed for the transfer is paid: real-estate may register the new owners. */
export interface TaxClearanceGrantedV1 {
  readonly assessmentId: string;
  /** The joint case; null when the assessment serves none. Schema version 2. */
  readonly caseId: string | null;
  readonly transferId: string;
  /** null only when nothing was due. */
  readonly paymentOrderId: string | null;
  readonly bankTransactionId: string | null;
  readonly paidFen: number;
  readonly grantedAt: string;
}

/** Follows TaxAssessmentCancelled when clearance had been granted. */
export interface TaxClearanceRevokedV1 {
  readonly assessmentId: string;
  /** The joint case; null when the assessment serves none. Schema version 2. */
  readonly caseId: string | null;
  readonly transferId: string;
  readonly reason: string;
  readonly revokedAt: string;
}

interface PaymentOrderRefV1 {
  readonly paymentOrderId: string;
  readonly assessmentId: string;
  readonly transferId: string;
  /** The joint case of the assessment; null when none. Schema version 2. */
  readonly caseId: string | null;
}

export interface PaymentOrderIssuedV1 extends PaymentOrderRefV1 {
  readonly amountFen: number;
  readonly issuedAt: string;
}

/** The bank confirmed the exact amount. */
export interface PaymentConfirmedV1 extends PaymentOrderRefV1 {
  readonly bankTransactionId: string;
  readonly amountFen: number;
  readonly paidAt: string;
}

/** Cancelled before any money arrived. */
export interface PaymentOrderCancelledV1 extends PaymentOrderRefV1 {
  readonly reason: string;
  readonly cancelledAt: string;
}

/** Money arrived but is no longer owed: it goes back the way it came. */
export interface RefundStartedV1 extends PaymentOrderRefV1 {
  readonly bankTransactionId: string;
  readonly amountFen: number;
  readonly reason: string;
  readonly startedAt: string;
}

export interface RefundCompletedV1 extends PaymentOrderRefV1 {
  readonly bankRefundTransactionId: string;
  readonly amountFen: number;
  readonly completedAt: string;
}

export interface ReferencePricesImportedV1 {
  readonly importId: string;
  readonly format: 'csv' | 'jsonl';
  readonly linesRead: number;
  readonly imported: number;
  readonly rejected: number;
  readonly importedAt: string;
}

/** Data shape per event name, for consumers that switch on the ce_type. */
export interface TaxEventDataV1 {
  readonly TaxpayerRegistered: TaxpayerRegisteredV1;
  readonly TaxpayerDeregistered: TaxpayerDeregisteredV1;
  readonly HouseTransferTaxAssessed: HouseTransferTaxAssessedV1;
  readonly HouseTransferTaxAssessmentRefused: HouseTransferTaxAssessmentRefusedV1;
  readonly TaxAssessmentCancelled: TaxAssessmentCancelledV1;
  readonly TaxAssessmentCancellationRefused: TaxAssessmentCancellationRefusedV1;
  readonly TaxClearanceGranted: TaxClearanceGrantedV1;
  readonly TaxClearanceRevoked: TaxClearanceRevokedV1;
  readonly PaymentOrderIssued: PaymentOrderIssuedV1;
  readonly PaymentConfirmed: PaymentConfirmedV1;
  readonly PaymentOrderCancelled: PaymentOrderCancelledV1;
  readonly RefundStarted: RefundStartedV1;
  readonly RefundCompleted: RefundCompletedV1;
  readonly ReferencePricesImported: ReferencePricesImportedV1;
}

export interface TaxCommandDataV1 {
  readonly AssessHouseTransferTax: AssessHouseTransferTaxV1;
  readonly CancelAssessment: CancelAssessmentV1;
}

/** Schema versions above 1, with the upcasters from each older version. */
export const TAX_MESSAGE_VERSIONS = {
  CancelAssessment: { current: 2, upcasters: { 1: addNullCaseId } },
  TaxAssessmentCancelled: { current: 2, upcasters: { 1: addNullCaseId } },
  TaxClearanceGranted: { current: 2, upcasters: { 1: addNullCaseId } },
  TaxClearanceRevoked: { current: 2, upcasters: { 1: addNullCaseId } },
  PaymentOrderIssued: { current: 2, upcasters: { 1: addNullCaseId } },
  PaymentConfirmed: { current: 2, upcasters: { 1: addNullCaseId } },
  PaymentOrderCancelled: { current: 2, upcasters: { 1: addNullCaseId } },
  RefundStarted: { current: 2, upcasters: { 1: addNullCaseId } },
  RefundCompleted: { current: 2, upcasters: { 1: addNullCaseId } },
} as const satisfies MessageVersions<TaxCommandName | TaxEventName>;

/** `gov.tax.<Name>.v<N>` at the current schema version, for commands and events alike. */
export function taxCloudEventType(name: TaxCommandName | TaxEventName): string {
  const versions: MessageVersions<TaxCommandName | TaxEventName> = TAX_MESSAGE_VERSIONS;
  return `gov.${SERVICES.tax}.${name}.v${versions[name]?.current ?? 1}`;
}
