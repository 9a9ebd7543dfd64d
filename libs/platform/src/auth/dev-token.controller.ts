import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayNotEmpty, IsArray, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { Public } from './decorators';
import { ROLES, type Role } from './principal';
import { TokenIssuer } from './token-verifier';

export class DevTokenRequest {
  @ApiProperty({ example: 'clerk-001' })
  @IsString()
  @Length(1, 64)
  subject!: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['clerk'] })
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @ApiPropertyOptional({ example: 'tax', description: 'department of a clerk' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z-]{2,40}$/)
  department?: string;

  @ApiPropertyOptional({ description: "an applicant's resident identity number or credit code" })
  @IsOptional()
  @IsString()
  @Length(18, 18)
  partyId?: string;
}

export class DevTokenResponse {
  @ApiProperty({ description: 'a signed JWT for the Authorization: Bearer header' }) access_token!: string;
  @ApiProperty({ enum: ['Bearer'] }) token_type!: 'Bearer';
  @ApiProperty({ type: 'integer', description: 'seconds until it expires', example: 28800 }) expires_in!: number;
}

/** Development only: mints tokens so a newcomer can call every API. Not mounted in production. */
@ApiTags('development')
@Public()
@Controller('dev')
export class DevTokenController {
  constructor(private readonly issuer: TokenIssuer) {}

  @Post('token')
  @ApiOperation({ summary: 'Issue a development bearer token (disabled in production)' })
  @ApiCreatedResponse({ type: DevTokenResponse })
  async token(@Body() body: DevTokenRequest): Promise<DevTokenResponse> {
    const access_token = await this.issuer.issue({ subject: body.subject, roles: body.roles, department: body.department, partyId: body.partyId });
    return { access_token, token_type: 'Bearer', expires_in: 8 * 3600 };
  }
}
