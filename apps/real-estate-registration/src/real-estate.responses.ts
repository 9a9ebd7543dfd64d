// Success response schemas of the real-estate REST API. Each class `implements`
// the view it documents, so the compiler keeps the two in step.
import { ApiProperty } from '@nestjs/swagger';
import type { FieldIssue } from '@gov/event-sourcing';
import type { CertificateVerification } from './certificate/certificate.queries';
import type { Owner, Party } from './domain/party';
import type { Share } from './domain/share';
import type { ImportLineError, ImportReport } from './register-import/register-import.service';
import type { Mortgage, Objection, Seizure, TransferLock } from './register/real-estate-unit.decider';
import type { UnitChangeOutcome } from './register/unit.handler';
import type { UnitHistoryEntry, UnitView } from './register/unit.queries';
import type { TaxClearance } from './transfer/sale-transfer.decider';
import type { TransferOutcome } from './transfer/sale-transfer.handler';
import type { TransferView } from './transfer/sale-transfer.queries';

const DATE_TIME = { format: 'date-time' } as const;
const NULLABLE_TEXT = { type: String, nullable: true } as const;
const NULLABLE_DATE_TIME = { type: String, format: 'date-time', nullable: true } as const;
const TRANSFER_STATUSES = ['awaiting-tax-clearance', 'tax-cleared', 'ownership-transferred', 'completed', 'cancelled', 'refused', 'application-refused'];
const MASKED = 'masked unless the caller is a party or registry staff (see personalDataVisible)';

export class ShareResponse implements Share {
  @ApiProperty({ type: 'integer', minimum: 1 }) readonly numerator!: number;
  @ApiProperty({ type: 'integer', minimum: 1 }) readonly denominator!: number;
}

export class PartyResponse implements Party {
  @ApiProperty({ description: MASKED }) readonly name!: string;
  @ApiProperty({ enum: ['resident-id', 'credit-code'] }) readonly idType!: Party['idType'];
  @ApiProperty({ description: MASKED }) readonly idNumber!: string;
}

export class OwnerResponse extends PartyResponse implements Owner {
  @ApiProperty({ type: ShareResponse }) readonly share!: Share;
}

export class UnitChangeResponse implements Omit<UnitChangeOutcome, 'duplicate'> {
  @ApiProperty({ example: '500102001001GB00001F00010001' }) readonly unitNumber!: string;
  @ApiProperty({ type: 'integer', description: 'the unit stream’s version after the change' }) readonly version!: number;
}

export class MortgageResponse implements Mortgage {
  @ApiProperty() readonly mortgageId!: string;
  @ApiProperty() readonly lender!: string;
  @ApiProperty({ type: 'integer' }) readonly amountFen!: number;
  @ApiProperty(DATE_TIME) readonly registeredAt!: string;
}

export class SeizureResponse implements Seizure {
  @ApiProperty() readonly court!: string;
  @ApiProperty() readonly orderNumber!: string;
  @ApiProperty(DATE_TIME) readonly registeredAt!: string;
}

export class ObjectionResponse implements Objection {
  @ApiProperty() readonly objectionId!: string;
  @ApiProperty({ description: MASKED }) readonly applicantName!: string;
  @ApiProperty() readonly reason!: string;
  @ApiProperty(DATE_TIME) readonly registeredAt!: string;
}

export class TransferLockResponse implements TransferLock {
  @ApiProperty() readonly transferId!: string;
  @ApiProperty({ type: [String] }) readonly consentedMortgageIds!: readonly string[];
  @ApiProperty(DATE_TIME) readonly lockedAt!: string;
}

export class UnitHistoryEntryResponse implements UnitHistoryEntry {
  @ApiProperty({ type: 'integer' }) readonly version!: number;
  @ApiProperty({ example: 'MortgageRegistered' }) readonly type!: string;
  @ApiProperty(DATE_TIME) readonly recordedAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the event’s data, personal data masked as above' }) readonly data!: Record<string, unknown>;
}

export class UnitResponse implements UnitView {
  @ApiProperty() readonly unitNumber!: string;
  @ApiProperty({ enum: ['registered', 'locked-for-transfer'] }) readonly status!: UnitView['status'];
  @ApiProperty() readonly location!: string;
  @ApiProperty({ type: 'integer', description: 'area in hundredths of m² (8950 = 89.50 m²)' }) readonly areaHundredthsM2!: number;
  @ApiProperty() readonly use!: string;
  @ApiProperty({ type: [OwnerResponse] }) readonly owners!: readonly Owner[];
  @ApiProperty({ format: 'date' }) readonly acquisitionDate!: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'null when it cannot be proven' }) readonly originalPriceFen!: number | null;
  @ApiProperty(DATE_TIME) readonly registeredAt!: string;
  @ApiProperty({ type: [MortgageResponse] }) readonly mortgages!: readonly Mortgage[];
  @ApiProperty({ type: [SeizureResponse] }) readonly seizures!: readonly Seizure[];
  @ApiProperty({ type: [ObjectionResponse] }) readonly objections!: readonly Objection[];
  @ApiProperty({ type: TransferLockResponse, nullable: true }) readonly lock!: TransferLock | null;
  @ApiProperty(NULLABLE_TEXT) readonly lastTransferId!: string | null;
  @ApiProperty({ type: 'integer' }) readonly version!: number;
  @ApiProperty({ type: [UnitHistoryEntryResponse] }) readonly history!: readonly UnitHistoryEntry[];
  @ApiProperty({ description: 'false: names and identity numbers are masked for this caller' }) readonly personalDataVisible!: boolean;
}

export class TransferChangeResponse implements Omit<TransferOutcome, 'duplicate'> {
  @ApiProperty() readonly transferId!: string;
  @ApiProperty({ enum: TRANSFER_STATUSES }) readonly status!: TransferOutcome['status'];
  @ApiProperty({ type: 'integer' }) readonly version!: number;
  @ApiProperty({ ...NULLABLE_TEXT, description: 'set once the ownership is transferred' }) readonly certificateNumber!: string | null;
}

export class TaxClearanceResponse implements TaxClearance {
  @ApiProperty() readonly clearanceId!: string;
  @ApiProperty() readonly assessmentId!: string;
  @ApiProperty(DATE_TIME) readonly clearedAt!: string;
}

export class TransferResponse implements TransferView {
  @ApiProperty() readonly transferId!: string;
  @ApiProperty(NULLABLE_TEXT) readonly caseId!: string | null;
  @ApiProperty({ enum: TRANSFER_STATUSES }) readonly status!: TransferView['status'];
  @ApiProperty() readonly unitNumber!: string;
  @ApiProperty({ type: [PartyResponse] }) readonly sellers!: readonly Party[];
  @ApiProperty({ type: [OwnerResponse] }) readonly buyers!: readonly Owner[];
  @ApiProperty(NULLABLE_TEXT) readonly contractNumber!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) readonly contractPriceFen!: number | null;
  @ApiProperty({ type: [String] }) readonly lenderConsentMortgageIds!: readonly string[];
  @ApiProperty({ type: TaxClearanceResponse, nullable: true }) readonly taxClearance!: TaxClearance | null;
  @ApiProperty(NULLABLE_DATE_TIME) readonly registrationRequestedAt!: string | null;
  @ApiProperty(NULLABLE_TEXT) readonly certificateNumber!: string | null;
  @ApiProperty(NULLABLE_TEXT) readonly refusalCode!: string | null;
  @ApiProperty(NULLABLE_TEXT) readonly reason!: string | null;
  @ApiProperty(NULLABLE_DATE_TIME) readonly appliedAt!: string | null;
  @ApiProperty(NULLABLE_DATE_TIME) readonly closedAt!: string | null;
  @ApiProperty({ type: 'integer' }) readonly version!: number;
  @ApiProperty({ description: 'false: names and identity numbers are masked for this caller' }) readonly personalDataVisible!: boolean;
}

export class CertificateVerificationResponse implements CertificateVerification {
  @ApiProperty({ description: 'as asked, or its canonical spelling' }) readonly certificateNumber!: string;
  @ApiProperty({ description: 'issued here and still the unit’s current certificate' }) readonly valid!: boolean;
  @ApiProperty({ enum: ['valid', 'superseded', 'unknown', 'malformed'] }) readonly status!: CertificateVerification['status'];
  @ApiProperty(NULLABLE_TEXT) readonly unitNumber!: string | null;
  @ApiProperty({ type: [OwnerResponse], description: 'always masked: verification is open to anyone holding a number' }) readonly owners!: readonly Owner[];
  @ApiProperty(NULLABLE_DATE_TIME) readonly issuedAt!: string | null;
  @ApiProperty(NULLABLE_TEXT) readonly supersededBy!: string | null;
}

export class FieldIssueResponse implements FieldIssue {
  @ApiProperty() readonly field!: string;
  @ApiProperty() readonly message!: string;
}

export class ImportLineErrorResponse implements ImportLineError {
  @ApiProperty({ type: 'integer', description: '1-based line of the file' }) readonly line!: number;
  @ApiProperty({ description: 'the first problem of the line' }) readonly field!: string;
  @ApiProperty() readonly message!: string;
  @ApiProperty({ type: [FieldIssueResponse] }) readonly issues!: readonly FieldIssue[];
}

export class ImportReportResponse implements ImportReport {
  @ApiProperty() readonly importId!: string;
  @ApiProperty({ type: 'integer', description: 'non-blank lines read, the CSV header not counted' }) readonly linesRead!: number;
  @ApiProperty({ type: 'integer' }) readonly imported!: number;
  @ApiProperty({ type: 'integer' }) readonly rejected!: number;
  @ApiProperty({ type: [ImportLineErrorResponse], description: 'sorted by line; the first ones only' }) readonly errors!: readonly ImportLineError[];
  @ApiProperty({ type: 'integer' }) readonly errorsNotShown!: number;
}
