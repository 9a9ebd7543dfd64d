import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsCalendarDateOrInstant } from '@gov/platform';

export class CatalogAtQuery {
  @ApiPropertyOptional({ example: '2018-10-10', description: 'the version in force on this day (default: today, Asia/Shanghai)' })
  @IsOptional()
  @IsCalendarDateOrInstant()
  at?: string;

  @ApiPropertyOptional({ example: '2018-08', description: 'a catalog version (instead of at)' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  version?: string;
}

export class ListItemsQuery extends CatalogAtQuery {
  @ApiPropertyOptional({ example: 'health' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,40}$/)
  department?: string;

  @ApiPropertyOptional({ example: 'WJW-01', description: 'the sub-items of this main item' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  parent?: string;

  @ApiPropertyOptional({ enum: ['item', 'group'] })
  @IsOptional()
  @IsIn(['item', 'group'])
  kind?: 'item' | 'group';
}

export class GetItemRequest extends CatalogAtQuery {
  @IsString()
  @Length(1, 40)
  code!: string;
}

export class ListCatalogVersionsRequest {}
