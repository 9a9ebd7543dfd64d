import { Injectable } from '@nestjs/common';
import { PostgresEventStore } from '@gov/event-sourcing/postgres';
import { maskPersonalData } from '@gov/identity';
import type { Owner } from '../domain/party';
import { RealEstateConfig } from '../real-estate.config';
import { certificateNumberFormat, isValidCertificateNumber, normalizeCertificateNumber, type CertificateNumberFormat } from './certificate-number';

export interface CertificateVerification {
  /** As asked, or its canonical spelling when it is one of this district's numbers. */
  readonly certificateNumber: string;
  /** Issued here and still the unit's current certificate. */
  readonly valid: boolean;
  readonly status: 'valid' | 'superseded' | 'unknown' | 'malformed';
  readonly unitNumber: string | null;
  /** Always masked: verification is open to anyone holding a number. */
  readonly owners: readonly Owner[];
  readonly issuedAt: string | null;
  readonly supersededBy: string | null;
}

const MAX_ECHO = 100;

@Injectable()
export class CertificateQueries {
  private readonly format: CertificateNumberFormat;

  constructor(
    private readonly store: PostgresEventStore,
    config: RealEstateConfig,
  ) {
    this.format = certificateNumberFormat({ provinceAbbreviation: config.CERTIFICATE_PROVINCE, district: config.CERTIFICATE_DISTRICT });
  }

  async verify(number: string): Promise<CertificateVerification> {
    const format = this.format;
    const none = { unitNumber: null, owners: [], issuedAt: null, supersededBy: null };
    const asked = number.slice(0, MAX_ECHO);
    if (!isValidCertificateNumber(number, format)) return { certificateNumber: asked, valid: false, status: 'malformed', ...none };
    const canonical = normalizeCertificateNumber(number, format);
    const { rows } = await this.store.pool.query<{ unit_number: string; owners: Owner[]; issued_at: Date; superseded_by: string | null }>(
      'SELECT unit_number, owners, issued_at, superseded_by FROM re_certificates WHERE certificate_number = $1',
      [canonical],
    );
    if (rows.length === 0) return { certificateNumber: canonical, valid: false, status: 'unknown', ...none };
    const r = rows[0];
    const superseded = r.superseded_by !== null;
    return {
      certificateNumber: canonical,
      valid: !superseded,
      status: superseded ? 'superseded' : 'valid',
      unitNumber: r.unit_number,
      owners: maskPersonalData(r.owners),
      issuedAt: r.issued_at.toISOString(),
      supersededBy: r.superseded_by,
    };
  }
}
