import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsCalendarDate, IsInstant } from '@gov/platform';

/** Cases accepted in [from, to] (Asia/Shanghai days), judged as of `asOf`. */
export class StatisticsQuery {
  @ApiProperty({ example: '2018-09-01' })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({ example: '2018-12-31' })
  @IsCalendarDate()
  to!: string;

  @ApiPropertyOptional({ example: 'health', description: 'only the items of this department (catalog department code)' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,40}$/)
  department?: string;

  @ApiPropertyOptional({ example: 'WJW-02-01' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  itemCode?: string;

  @ApiPropertyOptional({ example: '2019-01-01T00:00:00+08:00', description: 'when running cases are judged (default: now)' })
  @IsOptional()
  @IsInstant()
  asOf?: string;
}
