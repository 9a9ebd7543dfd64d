// Success response schema of the certificate verification REST API. Each class `implements` the
// view it documents, so the compiler keeps the two in step.
import { ApiProperty } from '@nestjs/swagger';
import type { Owner } from '../domain/party';
import { OwnerResponse } from '../shared/party.responses';
import type { CertificateVerification } from './certificate.queries';

const NULLABLE_TEXT = { type: String, nullable: true } as const;
const NULLABLE_DATE_TIME = { type: String, format: 'date-time', nullable: true } as const;

export class CertificateVerificationResponse implements CertificateVerification {
  @ApiProperty({ description: 'as asked, or its canonical spelling' }) readonly certificateNumber!: string;
  @ApiProperty({ description: 'issued here and still the unit’s current certificate' }) readonly valid!: boolean;
  @ApiProperty({ enum: ['valid', 'superseded', 'unknown', 'malformed'] }) readonly status!: CertificateVerification['status'];
  @ApiProperty(NULLABLE_TEXT) readonly unitNumber!: string | null;
  @ApiProperty({ type: [OwnerResponse], description: 'always masked: verification is open to anyone holding a number' }) readonly owners!: readonly Owner[];
  @ApiProperty(NULLABLE_DATE_TIME) readonly issuedAt!: string | null;
  @ApiProperty(NULLABLE_TEXT) readonly supersededBy!: string | null;
}
