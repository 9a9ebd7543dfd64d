import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsPartyIdNumber } from '@gov/platform';
import { PARTY_ID_TYPES, type PartyIdType } from '../domain/party';
import { MAX_SHARE_DENOMINATOR } from '../domain/share';

export class ShareDto {
  @ApiProperty({ example: 1 })
  @IsInt() @Min(1) @Max(MAX_SHARE_DENOMINATOR)
  numerator!: number;

  @ApiProperty({ example: 2 })
  @IsInt() @Min(1) @Max(MAX_SHARE_DENOMINATOR)
  denominator!: number;
}

export class PartyDto {
  @ApiProperty({ example: '张三' })
  @IsString() @Length(1, 100) @Matches(/^[^|;]*$/, { message: '$property must not contain | or ;' })
  name!: string;

  @ApiProperty({ enum: PARTY_ID_TYPES, example: 'resident-id' })
  @IsIn(PARTY_ID_TYPES)
  idType!: PartyIdType;

  @ApiProperty({ example: '500102197503150018', description: 'GB 11643 resident identity number, or GB 32100 credit code' })
  @IsPartyIdNumber()
  idNumber!: string;
}

export class OwnerDto extends PartyDto {
  @ApiProperty({ type: ShareDto })
  @ValidateNested() @Type(() => ShareDto)
  share!: ShareDto;
}

export const toParty = (p: PartyDto) => ({ name: p.name, idType: p.idType, idNumber: p.idNumber });
export const toOwner = (o: OwnerDto) => ({ ...toParty(o), share: { numerator: o.share.numerator, denominator: o.share.denominator } });
