import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDefined, IsIn, IsString, Length, ValidateIf, ValidateNested } from 'class-validator';
import { IsCreditCode, IsResidentId } from '@gov/identity';

export class MaterialsDto {
  @ApiProperty({ description: 'The set of materials handed in once (一套资料), stored by the materials service' })
  @IsString() @Length(1, 128)
  setId!: string;

  @ApiProperty({ type: [String] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ArrayUnique() @IsString({ each: true }) @Length(1, 128, { each: true })
  documentIds!: string[];
}

export class TaxpayerIdentityDto {
  @ApiProperty({ enum: ['person', 'business'] })
  @IsIn(['person', 'business'])
  kind!: 'person' | 'business';

  @ApiPropertyOptional({ description: 'Resident identity number (GB 11643), for a person' })
  @ValidateIf((o: TaxpayerIdentityDto) => o.kind === 'person' || o.residentId !== undefined) @IsResidentId()
  residentId?: string;

  @ApiPropertyOptional({ description: 'Unified Social Credit Code (GB 32100), for a business' })
  @ValidateIf((o: TaxpayerIdentityDto) => o.kind === 'business' || o.creditCode !== undefined) @IsCreditCode()
  creditCode?: string;

  @ApiProperty()
  @IsString() @Length(1, 100)
  name!: string;
}

export class RegisterTaxpayerDto {
  @ApiProperty({ type: TaxpayerIdentityDto })
  @IsDefined() @ValidateNested() @Type(() => TaxpayerIdentityDto)
  taxpayer!: TaxpayerIdentityDto;

  @ApiProperty({ type: MaterialsDto })
  @IsDefined() @ValidateNested() @Type(() => MaterialsDto)
  materials!: MaterialsDto;
}

export class DeregisterTaxpayerDto {
  @ApiProperty()
  @IsString() @Length(1, 500)
  reason!: string;

  @ApiProperty({ type: MaterialsDto })
  @IsDefined() @ValidateNested() @Type(() => MaterialsDto)
  materials!: MaterialsDto;
}
