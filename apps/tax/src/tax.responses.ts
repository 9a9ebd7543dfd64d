// Success response schemas of the tax REST API. Each class `implements` the
// view it documents, so the compiler keeps the two in step.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ReferencePrice, HouseTransferTaxInput, TaxTotals } from './house-transfer-tax/assess-house-transfer';
import type { ReferencePriceFound, ReferencePriceLineError } from './house-transfer-tax/reference-price';
import type { ReferencePriceImportReport } from './house-transfer-tax/reference-price.store';
import type { AssessmentLineView, AssessmentView } from './house-transfer-tax/tax-assessment.projection';
import type { TransferParty } from './house-transfer-tax/tax-assessment.commands';
import type { PaymentOrderView } from './payment/payment-order.projection';
import type { MaterialsSet, TaxpayerIdentity } from './taxpayer/taxpayer.commands';
import type { TaxpayerView } from './taxpayer/taxpayer.projection';

const TAXES = ['deed-tax', 'value-added-tax', 'urban-maintenance-tax', 'education-surcharge', 'local-education-surcharge', 'individual-income-tax', 'stamp-duty'];

export class TaxpayerIdentityResponse {
  @ApiProperty({ enum: ['person', 'business'] }) readonly kind!: 'person' | 'business';
  @ApiProperty() readonly name!: string;
  @ApiPropertyOptional({ description: 'kind person: resident identity number (masked for non-parties)' }) readonly residentId?: string;
  @ApiPropertyOptional({ description: 'kind business: Unified Social Credit Code' }) readonly creditCode?: string;
}

export class MaterialsSetResponse implements MaterialsSet {
  @ApiProperty() readonly setId!: string;
  @ApiProperty({ type: [String] }) readonly documentIds!: readonly string[];
}

export class TaxpayerResponse implements TaxpayerView {
  @ApiProperty() readonly taxpayerId!: string;
  @ApiProperty({ enum: ['registered', 'deregistered'] }) readonly status!: 'registered' | 'deregistered';
  @ApiProperty({ type: TaxpayerIdentityResponse }) readonly taxpayer!: TaxpayerIdentity;
  @ApiProperty({ type: MaterialsSetResponse }) readonly materials!: MaterialsSet;
  @ApiProperty({ format: 'date-time' }) readonly registeredAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readonly deregisteredAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) readonly deregistrationReason!: string | null;
}

export class ReferencePriceResponse {
  @ApiProperty({ enum: ['total', 'per-m2'] }) readonly kind!: 'total' | 'per-m2';
  @ApiPropertyOptional({ type: 'integer', description: 'kind total: the whole unit, in fen' }) readonly totalFen?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'kind per-m2: fen per m²' }) readonly fenPerM2?: number;
}

export class ReferencePriceFoundResponse implements ReferencePriceFound {
  @ApiProperty({ type: ReferencePriceResponse }) readonly price!: ReferencePrice;
  @ApiProperty({ enum: ['unit', 'community'], description: "the unit's own price, or its community's per m²" }) readonly source!: 'unit' | 'community';
}

export class ReferencePriceLineErrorResponse implements ReferencePriceLineError {
  @ApiProperty({ type: 'integer', description: '1-based line number in the file, header included' }) readonly line!: number;
  @ApiProperty({ example: 'unitNumber: must be a unit number' }) readonly message!: string;
}

export class ReferencePriceImportResponse implements ReferencePriceImportReport {
  @ApiProperty() readonly importId!: string;
  @ApiProperty({ enum: ['csv', 'jsonl'] }) readonly format!: 'csv' | 'jsonl';
  @ApiProperty({ type: 'integer' }) readonly linesRead!: number;
  @ApiProperty({ type: 'integer' }) readonly imported!: number;
  @ApiProperty({ type: 'integer' }) readonly rejected!: number;
  @ApiProperty({ type: [ReferencePriceLineErrorResponse], description: 'the first errors by line number' }) readonly errors!: readonly ReferencePriceLineError[];
  @ApiProperty({ description: 'there were more errors than listed' }) readonly errorsTruncated!: boolean;
}

export class TransferPartyResponse implements TransferParty {
  @ApiProperty({ description: 'masked for non-parties' }) readonly residentId!: string;
}

export class HouseTransferTaxInputResponse implements HouseTransferTaxInput {
  @ApiProperty({ type: 'integer' }) readonly contractPriceFen!: number;
  @ApiProperty({ type: ReferencePriceResponse }) readonly referencePrice!: ReferencePrice;
  @ApiProperty({ example: '89.99', description: 'floor area in m², at most 2 decimals' }) readonly areaM2!: string;
  @ApiProperty({ enum: ['first', 'second', 'other'] }) readonly buyerFamilyHome!: 'first' | 'second' | 'other';
  @ApiProperty({ format: 'date' }) readonly sellerAcquiredOn!: string;
  @ApiProperty({ format: 'date' }) readonly contractDate!: string;
  @ApiProperty() readonly sellerOnlyHome!: boolean;
  @ApiProperty({ type: 'integer', nullable: true, description: 'null when the seller cannot prove the original cost' }) readonly originalCostFen!: number | null;
}

export class PolicyLineResponse {
  @ApiProperty() readonly id!: string;
  @ApiProperty() readonly version!: string;
  @ApiProperty({ type: String, nullable: true }) readonly source!: string | null;
}

export class AssessmentLineResponse implements AssessmentLineView {
  @ApiProperty({ enum: TAXES }) readonly tax!: AssessmentLineView['tax'];
  @ApiProperty({ enum: ['seller', 'buyer'] }) readonly payer!: 'seller' | 'buyer';
  @ApiProperty({ type: 'integer' }) readonly baseFen!: number;
  @ApiProperty({ example: '0.03', description: 'decimal; "0" on an exempt line' }) readonly rate!: string;
  @ApiPropertyOptional({ example: '1.05', description: 'VAT only: amount = base × rate ÷ divisor' }) readonly divisor?: string;
  @ApiProperty({ type: 'integer' }) readonly amountFen!: number;
  @ApiProperty({ type: PolicyLineResponse }) readonly policyLine!: PolicyLineResponse;
}

export class TaxTotalsResponse implements TaxTotals {
  @ApiProperty({ type: 'integer' }) readonly sellerFen!: number;
  @ApiProperty({ type: 'integer' }) readonly buyerFen!: number;
  @ApiProperty({ type: 'integer' }) readonly totalFen!: number;
}

export class AssessmentResponse implements AssessmentView {
  @ApiProperty() readonly assessmentId!: string;
  @ApiProperty() readonly transferId!: string;
  @ApiProperty({ type: String, nullable: true }) readonly caseId!: string | null;
  @ApiProperty({ enum: ['assessed', 'cleared', 'cancelled'] }) readonly status!: 'assessed' | 'cleared' | 'cancelled';
  @ApiProperty() readonly unitNumber!: string;
  @ApiProperty({ type: [TransferPartyResponse] }) readonly sellers!: readonly TransferParty[];
  @ApiProperty({ type: [TransferPartyResponse] }) readonly buyers!: readonly TransferParty[];
  @ApiProperty({ type: HouseTransferTaxInputResponse }) readonly input!: HouseTransferTaxInput;
  @ApiProperty() readonly policyVersion!: string;
  @ApiProperty({ type: 'integer' }) readonly referencePriceFen!: number;
  @ApiProperty({ type: 'integer', description: 'max(contract price, reference price)' }) readonly taxableBaseFen!: number;
  @ApiProperty({ enum: ['contract-price', 'reference-price'] }) readonly taxableBaseSource!: 'contract-price' | 'reference-price';
  @ApiProperty({ type: 'integer' }) readonly sellerHeldFullYears!: number;
  @ApiProperty({ type: [AssessmentLineResponse] }) readonly lines!: readonly AssessmentLineView[];
  @ApiProperty({ type: TaxTotalsResponse }) readonly totals!: TaxTotals;
  @ApiProperty() readonly rounding!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the order to pay, when anything is due' }) readonly paymentOrderId!: string | null;
  @ApiProperty({ format: 'date-time' }) readonly assessedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readonly clearedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) readonly bankTransactionId!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readonly cancelledAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) readonly cancelReason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readonly clearanceRevokedAt!: string | null;
}

export class PaymentOrderResponse implements PaymentOrderView {
  @ApiProperty() readonly paymentOrderId!: string;
  @ApiProperty() readonly assessmentId!: string;
  @ApiProperty() readonly transferId!: string;
  @ApiProperty({ type: 'integer' }) readonly amountFen!: number;
  @ApiProperty({ enum: ['issued', 'paid', 'cancelled', 'refunding', 'refunded'] }) readonly status!: PaymentOrderView['status'];
  @ApiProperty({ format: 'date-time' }) readonly issuedAt!: string;
  @ApiProperty({ type: String, nullable: true }) readonly bankTransactionId!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readonly paidAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readonly cancelledAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) readonly reason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readonly refundStartedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) readonly bankRefundTransactionId!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readonly refundedAt!: string | null;
}
