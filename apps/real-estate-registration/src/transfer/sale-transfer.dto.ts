import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { MAX_OWNERS } from '../domain/party';
import { OwnerDto, PartyDto } from '../shared/party.dto';
import { int64Fields, IsCallerId, IsUnitNumber, IsFen } from '@gov/platform';

export class ApplyForSaleTransferDto {
  @ApiPropertyOptional({ example: 'TR-2018-0001', description: 'chosen by the caller; assigned when left out' })
  @IsOptional() @IsCallerId()
  transferId?: string;

  @ApiPropertyOptional({ example: 'JC-2018-0001', description: 'the joint case, when the application comes from the one window' })
  @IsOptional() @IsCallerId()
  caseId?: string;

  @ApiProperty({ example: '500102001001GB00001F00010001' })
  @IsUnitNumber()
  unitNumber!: string;

  @ApiProperty({ type: [PartyDto], description: 'exactly the registered owners' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_OWNERS) @ValidateNested({ each: true }) @Type(() => PartyDto)
  sellers!: PartyDto[];

  @ApiProperty({ type: [OwnerDto], description: 'the buyers with their shares, adding up to 1' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_OWNERS) @ValidateNested({ each: true }) @Type(() => OwnerDto)
  buyers!: OwnerDto[];

  @ApiProperty({ example: 'FL-2018-000123' })
  @IsString() @Length(1, 64)
  contractNumber!: string;

  @ApiProperty({ example: 68_000_000, description: 'integer fen' })
  @IsFen({ positive: true })
  contractPriceFen!: number;

  @ApiPropertyOptional({ type: [String], description: 'mortgages whose lenders consent to the sale' })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsCallerId({ each: true })
  lenderConsentMortgageIds?: string[];
}

export class ApplyForSaleTransferRpc extends ApplyForSaleTransferDto {}
int64Fields(ApplyForSaleTransferRpc, 'contractPriceFen');

export class CloseTransferDto {
  @ApiProperty({ example: '申请人撤回申请' })
  @IsString() @Length(1, 500)
  reason!: string;
}

export class TransferRefRpc {
  @IsCallerId()
  transferId!: string;
}

export class CloseTransferRpc extends CloseTransferDto {
  @IsCallerId()
  transferId!: string;
}
