import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IntFromString, IsCalendarDate } from '@gov/platform';

export class CaseParams {
  @IsString()
  @Matches(/^[a-z0-9-]{1,60}$/)
  service!: string;

  @IsString()
  @Length(1, 200)
  caseId!: string;
}

export class ListCasesQuery {
  @ApiPropertyOptional({ description: "department code of the cases' events (a clerk always gets their own)" })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,40}$/)
  department?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 40)
  itemCode?: string;

  @ApiPropertyOptional({ enum: ['running', 'suspended', 'decided', 'completed'] })
  @IsOptional()
  @IsIn(['running', 'suspended', 'decided', 'completed'])
  status?: string;

  @ApiPropertyOptional({ enum: ['early', 'on-time', 'overdue'] })
  @IsOptional()
  @IsIn(['early', 'on-time', 'overdue'])
  standing?: string;

  @ApiPropertyOptional({ description: 'only cases that got the 80% warning', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  warned?: 'true' | 'false';

  @ApiPropertyOptional({ example: '2018-09-01', description: 'accepted on or after this day' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2018-12-31', description: 'accepted on or before this day' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ default: 100 })
  @IsOptional()
  @IntFromString()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: 'the last caseKey of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  after?: string;
}

export class GetCaseRequest extends CaseParams {}
