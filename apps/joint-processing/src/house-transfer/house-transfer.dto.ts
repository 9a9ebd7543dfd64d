import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsMainlandMobile, IsResidentId } from '@gov/identity';
import type { PaymentOrderStatus } from './house-transfer.projection';
import { IsCalendarDate, IsFen, IsUnitNumber } from '@gov/platform';

export class PartyDto {
  @ApiProperty({ example: '张三' }) @IsString() @Length(1, 50) name!: string;
  @ApiProperty({ enum: ['resident-id'] }) @IsIn(['resident-id']) idType!: 'resident-id';
  @ApiProperty({ example: '50010219800101001X' }) @IsResidentId() idNumber!: string;
  @ApiPropertyOptional() @IsOptional() @IsMainlandMobile() phone?: string;
}

export class ShareDto {
  @ApiProperty() @IsInt() @Min(1) numerator!: number;
  @ApiProperty() @IsInt() @Min(1) @Max(1_000_000) denominator!: number;
}

export class BuyerDto extends PartyDto {
  @ApiProperty({ type: ShareDto }) @ValidateNested() @Type(() => ShareDto) share!: ShareDto;
}

export class UnitDto {
  @ApiProperty({ example: '500102001001GB00001F00010001' }) @IsUnitNumber() unitNumber!: string;
  @ApiProperty({ description: 'area in hundredths of m² (8950 = 89.50 m²)' }) @IsInt() @Min(100) @Max(10_000_000) areaHundredthsM2!: number;
  @ApiProperty({ example: '2015-05-01' }) @IsCalendarDate() acquisitionDate!: string;
  @ApiProperty({ nullable: true, description: 'original price in fen; null when it cannot be proven' })
  @IsOptional()
  @IsFen()
  originalPriceFen!: number | null;
}

export class ContractDto {
  @ApiProperty() @IsString() @Length(1, 64) number!: string;
  @ApiProperty({ description: 'contract price in fen' }) @IsFen({ positive: true }) @Max(100_000_000_000) priceFen!: number;
  @ApiProperty({ example: '2026-11-20' }) @IsCalendarDate() signedOn!: string;
}

export class TaxFactsDto {
  @ApiProperty({ enum: ['first', 'second', 'other'] }) @IsIn(['first', 'second', 'other']) buyerFamilyHome!: 'first' | 'second' | 'other';
  @ApiProperty() @IsBoolean() sellerOnlyHome!: boolean;
}

export class MaterialDto {
  @ApiProperty({ example: '不动产登记申请书' }) @IsString() @Length(1, 100) type!: string;
  @ApiProperty({ example: 'application.pdf' }) @IsString() @Length(1, 200) fileName!: string;
  @ApiProperty({ description: 'sha256 of the file, hex' }) @IsString() @Matches(/^[0-9a-f]{64}$/) sha256!: string;
}

export class TicketRefDto {
  @ApiProperty({ example: '2026-11-28' }) @IsCalendarDate() day!: string;
  @ApiProperty({ example: 'B001' }) @IsString() @Matches(/^[A-Z]\d{3}$/) number!: string;
}

export class SubmitHouseTransferDto {
  @ApiProperty({ type: TicketRefDto }) @ValidateNested() @Type(() => TicketRefDto) ticket!: TicketRefDto;
  @ApiProperty({ type: [PartyDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => PartyDto) sellers!: PartyDto[];
  @ApiProperty({ type: [BuyerDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => BuyerDto) buyers!: BuyerDto[];
  @ApiProperty({ type: UnitDto }) @ValidateNested() @Type(() => UnitDto) unit!: UnitDto;
  @ApiProperty({ type: ContractDto }) @ValidateNested() @Type(() => ContractDto) contract!: ContractDto;
  @ApiProperty({ type: TaxFactsDto }) @ValidateNested() @Type(() => TaxFactsDto) taxFacts!: TaxFactsDto;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) lenderConsentMortgageIds?: string[];
  @ApiProperty({ type: [MaterialDto] }) @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => MaterialDto) materials!: MaterialDto[];
}

export class CaseIdDto {
  @ApiProperty() @IsString() @Matches(/^[0-9a-f-]{36}$/) caseId!: string;
}

export class TimelineStep {
  @ApiProperty() step!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ description: 'seconds since the previous step' }) durationSeconds!: number;
  @ApiProperty({ description: 'seconds since acceptance' }) elapsedSeconds!: number;
  @ApiPropertyOptional() actor?: string;
  @ApiPropertyOptional() detail?: string;
}

export class CaseTicketView {
  @ApiProperty({ format: 'date' }) day!: string;
  @ApiProperty({ example: 'B001' }) number!: string;
  @ApiProperty({ example: '35' }) window!: string;
}

export class CaseRejectionView {
  @ApiProperty({ example: 'tax' }) department!: string;
  @ApiProperty() code!: string;
  @ApiProperty() reason!: string;
}

export class CasePartyView {
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'masked for callers who are not a party or staff' }) idNumber!: string;
}

export class PaymentOrderView {
  @ApiProperty({ description: "Tax's payment order id: what the bank's payment confirmation names (POST /api/v1/bank/payment-confirmations on tax)", example: 'po-0b6d3c2e' })
  paymentOrderId!: string;

  @ApiProperty({ type: 'integer', format: 'int64', minimum: 0, description: 'Amount to pay in fen (1 yuan = 100 fen): the assessed total of the seller and buyer taxes', example: 900000 })
  amountFen!: number;

  @ApiProperty({ enum: ['issued', 'paid', 'cancelled', 'refunding'], description: 'issued: awaiting payment; paid: the bank confirmed it; cancelled: the case ended before payment; refunding: paid, the case ended, the money goes back' })
  status!: PaymentOrderStatus;

  @ApiProperty({ format: 'date-time', description: 'Pay by: unpaid then, the case is rejected and compensated' })
  dueAt!: string;
}

export class HouseTransferView {
  @ApiProperty() caseId!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ type: CaseTicketView }) ticket!: CaseTicketView;
  @ApiProperty() acceptedAt!: string;
  @ApiProperty() deadlineAt!: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) completedAt?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) certificateNumber?: string | null;
  @ApiPropertyOptional({ type: CaseRejectionView, nullable: true }) rejection?: CaseRejectionView | null;
  @ApiProperty({ type: [CasePartyView] }) sellers!: CasePartyView[];
  @ApiProperty({ type: [CasePartyView] }) buyers!: CasePartyView[];
  @ApiProperty({
    type: PaymentOrderView,
    nullable: true,
    description: "Tax's payment order for the transfer taxes, once tax has assessed them: its id, amount (integer fen) and status. null before the assessment, when nothing is due, or when tax refused",
  })
  paymentOrder!: PaymentOrderView | null;
  @ApiProperty({ type: [TimelineStep] }) timeline!: TimelineStep[];
}

export class HouseTransferAccepted {
  @ApiProperty({ format: 'uuid' }) readonly caseId!: string;
  @ApiProperty({ example: 'accepted' }) readonly status!: string;
}

export class HouseTransferRequirements {
  @ApiProperty() readonly itemCode!: string;
  @ApiProperty() readonly itemName!: string;
  @ApiProperty({ description: 'the catalog version in force today' }) readonly catalogVersion!: string;
  @ApiProperty({ type: [String], description: 'key materials: a case without one is refused' }) readonly requiredMaterials!: string[];
  @ApiProperty({ type: [String], description: 'may be missing (容缺受理): the case is accepted, to be handed in later' }) readonly toleratedMissingMaterials!: string[];
  @ApiProperty({ type: 'integer', description: 'the promised time, in minutes' }) readonly promiseMinutes!: number;
  @ApiProperty({ type: 'number', description: 'how long the payment order stays open, in minutes' }) readonly paymentWindowMinutes!: number;
}
