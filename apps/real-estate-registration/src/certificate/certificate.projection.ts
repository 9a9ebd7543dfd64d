import type { Queryable } from '@gov/event-sourcing/postgres';
import type { CertificateNumberFormat, CertificateNumberParts } from './certificate-number';
import type { Owner } from '../domain/party';

/** What a certificate's issue records (the transfer's CertificateIssued event). */
export interface IssuedCertificate {
  readonly data: { readonly transferId: string; readonly unitNumber: string; readonly certificateNumber: string; readonly owners: readonly Owner[]; readonly issuedAt: string };
}

/** A new certificate for a unit supersedes the unit's previous one (its owners are no longer the owners). */
export async function projectCertificate(tx: Queryable, event: IssuedCertificate, parts: CertificateNumberParts, format: CertificateNumberFormat): Promise<void> {
  const { certificateNumber, transferId, unitNumber, owners, issuedAt } = event.data;
  await tx.query(`UPDATE re_certificates SET superseded_by = $1 WHERE unit_number = $2 AND superseded_by IS NULL`, [certificateNumber, unitNumber]);
  await tx.query(
    `INSERT INTO re_certificates (certificate_number, district, year, serial, transfer_id, unit_number, owners, issued_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [certificateNumber, format.district, parts.year, parts.serial, transferId, unitNumber, JSON.stringify(owners), issuedAt],
  );
}
