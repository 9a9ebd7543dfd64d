import { Controller, Get, Param } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { Public } from '@gov/platform';
import { CertificateQueries } from './certificate.queries';
import { CertificateVerificationResponse } from './certificate.responses';

export class VerifyCertificateRpc {
  @IsString() @MaxLength(100)
  certificateNumber!: string;
}

/**
 * Certificate verification (证书核验) is public: a bank, a buyer or a court
 * holding a number may check it without an account; owners are always masked.
 */
@ApiTags('certificates')
@Controller('certificates')
export class CertificateController {
  constructor(private readonly queries: CertificateQueries) {}

  @Get(':certificateNumber')
  @Public()
  @ApiOperation({ summary: 'Verify a certificate number: valid, superseded by a later transfer, or unknown; owners masked' })
  @ApiParam({ name: 'certificateNumber', example: '渝(2018)涪陵区不动产权第0001234号', description: 'URL-encoded' })
  @ApiOkResponse({ type: CertificateVerificationResponse })
  verify(@Param('certificateNumber') certificateNumber: string) {
    return this.queries.verify(certificateNumber);
  }

  @GrpcMethod('RealEstateRegistration', 'VerifyCertificate')
  @Public()
  verifyRpc(@Payload() req: VerifyCertificateRpc) {
    return this.queries.verify(req.certificateNumber);
  }
}
