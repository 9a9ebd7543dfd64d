import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { MAX_AREA_HUNDREDTHS_M2 } from '../domain/area';
import { MAX_OWNERS } from '../domain/party';
import { UNIT_USES, type UnitUse } from '../domain/unit-use';
import { OwnerDto } from '../shared/party.dto';
import { int64Fields, IsCallerId, IsUnitNumber, IsCalendarDate } from '@gov/platform';

// Money: integer fen; up to 2^53 it is exact in JSON numbers.
const MAX_FEN = Number.MAX_SAFE_INTEGER;

export class RegisterUnitDto {
  @ApiProperty({ example: '500102001001GB00001F00010001', description: 'GB/T 37346 unit number' })
  @IsUnitNumber()
  unitNumber!: string;

  @ApiProperty({ example: '重庆市涪陵区崇义街道太极大道18号1幢3-2' })
  @IsString() @Length(1, 200)
  location!: string;

  @ApiProperty({ example: 8952, description: 'floor area in hundredths of m² (8952 = 89.52 m²)' })
  @IsInt() @Min(1) @Max(MAX_AREA_HUNDREDTHS_M2)
  areaHundredthsM2!: number;

  @ApiProperty({ enum: UNIT_USES })
  @IsIn(UNIT_USES)
  use!: UnitUse;

  @ApiProperty({ type: [OwnerDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_OWNERS) @ValidateNested({ each: true }) @Type(() => OwnerDto)
  owners!: OwnerDto[];

  @ApiProperty({ example: '2012-05-20' })
  @IsCalendarDate()
  acquisitionDate!: string;

  @ApiPropertyOptional({ example: 35_000_000, nullable: true, description: 'integer fen; null or absent when not on record' })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_FEN)
  originalPriceFen?: number | null;
}

export class RegisterUnitRpc extends RegisterUnitDto {}
int64Fields(RegisterUnitRpc, 'originalPriceFen');

export class RegisterMortgageDto {
  @ApiProperty({ example: 'M-2018-0001' })
  @IsCallerId()
  mortgageId!: string;

  @ApiProperty({ example: '中国建设银行涪陵分行' })
  @IsString() @Length(1, 100)
  lender!: string;

  @ApiProperty({ example: 20_000_000 })
  @IsInt() @Min(1) @Max(MAX_FEN)
  amountFen!: number;
}

export class CourtOrderDto {
  @ApiProperty({ example: '重庆市涪陵区人民法院' })
  @IsString() @Length(1, 100)
  court!: string;

  @ApiProperty({ example: '(2018)渝0102执1号' })
  @IsString() @Length(1, 100)
  orderNumber!: string;
}

export class RegisterObjectionDto {
  @ApiProperty({ example: 'OBJ-2018-0001' })
  @IsCallerId()
  objectionId!: string;

  @ApiProperty({ example: '赵六' })
  @IsString() @Length(1, 100)
  applicantName!: string;

  @ApiProperty({ example: '主张该房屋为夫妻共同财产' })
  @IsString() @Length(1, 500)
  reason!: string;
}

// gRPC requests name the unit (and the encumbrance) in the message itself.
class UnitRef {
  @IsUnitNumber()
  unitNumber!: string;
}

export class GetUnitRpc extends UnitRef {}

export class RegisterMortgageRpc extends RegisterMortgageDto {
  @IsUnitNumber()
  unitNumber!: string;
}
int64Fields(RegisterMortgageRpc, 'amountFen');

export class ReleaseMortgageRpc extends UnitRef {
  @IsCallerId()
  mortgageId!: string;
}

export class CourtOrderRpc extends CourtOrderDto {
  @IsUnitNumber()
  unitNumber!: string;
}

export class RegisterObjectionRpc extends RegisterObjectionDto {
  @IsUnitNumber()
  unitNumber!: string;
}

export class WithdrawObjectionRpc extends UnitRef {
  @IsCallerId()
  objectionId!: string;
}
