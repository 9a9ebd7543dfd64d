import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { IsResidentId } from '@gov/identity';

// PostgreSQL text refuses NUL; control characters have no place in these fields anyway.
const NO_CONTROL = /^[^\p{Cc}]*$/u;
const noControl = { message: '$property must not contain control characters' };

export const OUTCOMES = ['approved', 'refused'] as const;

export class ApplicantDto {
  @ApiProperty({ example: '500102198001010011', description: 'GB 11643 resident identity number' })
  @IsString() @IsResidentId()
  residentId!: string;

  @ApiProperty({ example: '张三' })
  @IsString() @Length(1, 100) @Matches(NO_CONTROL, noControl)
  name!: string;
}

export class SubmitApplicationDto {
  @ApiProperty({ type: ApplicantDto })
  @IsObject() @ValidateNested() @Type(() => ApplicantDto)
  applicant!: ApplicantDto;

  @ApiProperty({ example: '许可申请', description: 'what is applied for' })
  @IsString() @Length(1, 200) @Matches(NO_CONTROL, noControl)
  subject!: string;
}

export class DecideApplicationDto {
  @ApiProperty({ enum: OUTCOMES })
  @IsIn(OUTCOMES)
  outcome!: (typeof OUTCOMES)[number];

  @ApiPropertyOptional({ example: '材料不全', description: 'required when refused' })
  @IsOptional() @IsString() @Length(1, 500) @Matches(NO_CONTROL, noControl)
  reason?: string;
}

export class ApplicationIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  applicationId!: string;
}

// gRPC requests name the application in the message itself; the same validation applies.
export class DecideApplicationRpc extends DecideApplicationDto {
  @IsUUID()
  applicationId!: string;
}

export class GetApplicationRpc extends ApplicationIdParams {}

// ---- responses (OpenAPI) ----

export class ApplicationReplyDto {
  @ApiProperty({ format: 'uuid' })
  applicationId!: string;

  @ApiProperty({ type: 'integer', example: 1, description: 'the stream version after the command' })
  version!: number;
}

export class ApplicationViewDto {
  @ApiProperty({ format: 'uuid' })
  applicationId!: string;

  @ApiProperty({ enum: ['submitted', 'approved', 'refused'] })
  status!: string;

  @ApiProperty({ type: ApplicantDto, description: 'masked unless the caller is the applicant, staff of the department or a supervisor' })
  applicant!: ApplicantDto;

  @ApiProperty()
  subject!: string;

  @ApiProperty({ format: 'date-time' })
  submittedAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  decidedAt!: string | null;

  @ApiProperty({ nullable: true, type: String })
  reason!: string | null;

  @ApiProperty({ type: 'integer' })
  version!: number;

  @ApiProperty()
  personalDataVisible!: boolean;
}
