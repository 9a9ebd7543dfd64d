// Success response schemas of the sale-transfer REST API. Each class `implements` the view it
// documents, so the compiler keeps the two in step.
import { ApiProperty } from '@nestjs/swagger';
import type { Owner, Party } from '../domain/party';
import { OwnerResponse, PartyResponse } from '../shared/party.responses';
import type { TaxClearance } from './sale-transfer.decider';
import type { TransferOutcome } from './sale-transfer.handler';
import type { TransferView } from './sale-transfer.queries';

const DATE_TIME = { format: 'date-time' } as const;
const NULLABLE_TEXT = { type: String, nullable: true } as const;
const NULLABLE_DATE_TIME = { type: String, format: 'date-time', nullable: true } as const;
const TRANSFER_STATUSES = ['awaiting-tax-clearance', 'tax-cleared', 'ownership-transferred', 'completed', 'cancelled', 'refused', 'application-refused'];

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
