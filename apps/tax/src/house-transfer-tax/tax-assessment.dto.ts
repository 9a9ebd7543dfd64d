import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsResidentId } from '@gov/identity';
import type { AssessHouseTransferTaxV1, CancelAssessmentV1 } from '@gov/contracts';
import { IsCalendarDate, IsCallerId, IsUnitNumber, IsFen } from '@gov/platform';

export class TransferPartyDto {
  @ApiProperty({ description: 'Resident identity number (GB 11643)' })
  @IsResidentId()
  residentId!: string;
}

/** The declared facts of a sale; ids are added by the REST and Kafka variants below. */
class HouseTransferFactsDto {
  @ApiProperty({ description: 'The real-estate transfer this assessment clears' })
  @IsCallerId()
  transferId!: string;

  @ApiProperty()
  @IsUnitNumber()
  unitNumber!: string;

  @ApiPropertyOptional({ description: "The unit's community, for a community-wide reference price" })
  @IsOptional() @IsString() @Length(1, 100)
  community?: string;

  @ApiProperty({ type: [TransferPartyDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => TransferPartyDto)
  sellers!: TransferPartyDto[];

  @ApiProperty({ type: [TransferPartyDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => TransferPartyDto)
  buyers!: TransferPartyDto[];

  @ApiProperty({ description: 'Declared contract price in fen' })
  @IsFen({ positive: true })
  contractPriceFen!: number;

  @ApiProperty({ example: '89.99', description: 'Floor area in m², at most 2 decimals, as on the certificate' })
  @IsString() @Matches(/^\d{1,6}(\.\d{1,2})?$/, { message: '$property must be a decimal with at most 2 places, e.g. "89.99"' })
  areaM2!: string;

  @ApiProperty({ enum: ['first', 'second', 'other'], description: "The buyer family's home count with this one" })
  @IsIn(['first', 'second', 'other'])
  buyerFamilyHome!: 'first' | 'second' | 'other';

  @ApiProperty({ example: '2015-06-30' })
  @IsCalendarDate()
  sellerAcquiredOn!: string;

  @ApiProperty({ example: '2018-06-30' })
  @IsCalendarDate()
  contractDate!: string;

  @ApiProperty({ description: "The seller family's only home (家庭唯一生活用房)" })
  @IsBoolean()
  sellerOnlyHome!: boolean;

  @ApiProperty({ type: Number, nullable: true, description: 'Original cost in fen; null when it cannot be proven' })
  @ValidateIf((o: HouseTransferFactsDto) => o.originalCostFen !== null) @IsFen()
  originalCostFen!: number | null;

  @ApiPropertyOptional({ description: 'Default: the policy version in force on the contract date' })
  @IsOptional() @IsString() @Length(1, 32)
  policyVersion?: string;
}

export class AssessHouseTransferTaxDto extends HouseTransferFactsDto {
  @ApiPropertyOptional({ description: 'Chosen by the caller, or assigned' })
  @IsOptional() @IsCallerId()
  assessmentId?: string;

  @ApiPropertyOptional({ description: 'The joint case this assessment belongs to' })
  @IsOptional() @IsCallerId()
  caseId?: string;
}

/** The Kafka command's data (contracts: AssessHouseTransferTaxV1): the sender names the ids. */
export class AssessHouseTransferTaxCommandDto extends HouseTransferFactsDto implements AssessHouseTransferTaxV1 {
  @IsCallerId()
  assessmentId!: string;

  @IsCallerId()
  caseId!: string;
}

export class CancelAssessmentDto {
  @ApiProperty()
  @IsString() @Length(1, 500)
  reason!: string;
}

export class CancelAssessmentCommandDto extends CancelAssessmentDto implements CancelAssessmentV1 {
  @IsCallerId()
  assessmentId!: string;

  /** The joint case; null when none. */
  @ValidateIf((o: CancelAssessmentCommandDto) => o.caseId !== null) @IsCallerId()
  caseId!: string | null;
}
