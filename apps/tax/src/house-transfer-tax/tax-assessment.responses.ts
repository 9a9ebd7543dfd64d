// Success response schemas of the tax-assessment REST API. Each class `implements` the view it
// documents, so the compiler keeps the two in step.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ReferencePrice, HouseTransferTaxInput, TaxTotals } from './assess-house-transfer';
import { ReferencePriceResponse } from './reference-price.responses';
import type { TransferParty } from './tax-assessment.commands';
import type { AssessmentLineView, AssessmentView } from './tax-assessment.projection';

const TAXES = ['deed-tax', 'value-added-tax', 'urban-maintenance-tax', 'education-surcharge', 'local-education-surcharge', 'individual-income-tax', 'stamp-duty'];

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
