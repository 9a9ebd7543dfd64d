import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

export class RateCaseBody {
  @ApiProperty({ minimum: 1, maximum: 5, description: '5 very satisfied … 1 very dissatisfied; 1 or 2 opens a rectification' })
  @IsInt()
  @Min(1)
  @Max(5)
  stars!: number;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  comment?: string;
}

export class RateCaseRequest extends RateCaseBody {
  @IsString()
  @Matches(/^[a-z0-9-]{1,60}$/)
  service!: string;

  @IsString()
  @Length(1, 200)
  caseId!: string;
}

export class CloseRectificationBody {
  @ApiProperty({ description: 'what the department did about the complaint', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  resolution!: string;
}

export class ListRectificationsQuery {
  @ApiPropertyOptional({ enum: ['open', 'closed', 'overdue'], description: 'overdue: open past the deadline' })
  @IsOptional()
  @IsIn(['open', 'closed', 'overdue'])
  status?: 'open' | 'closed' | 'overdue';

  @ApiPropertyOptional({ description: 'supervisors only; a clerk always gets their own department' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,40}$/)
  department?: string;
}
