// Success response schemas of the register (units) REST API. Each class `implements` the view it
// documents, so the compiler keeps the two in step.
import { ApiProperty } from '@nestjs/swagger';
import type { Owner } from '../domain/party';
import { MASKED, OwnerResponse } from '../shared/party.responses';
import type { Mortgage, Objection, Seizure, TransferLock } from './real-estate-unit.decider';
import type { UnitChangeOutcome } from './unit.handler';
import type { UnitHistoryEntry, UnitView } from './unit.queries';

const DATE_TIME = { format: 'date-time' } as const;
const NULLABLE_TEXT = { type: String, nullable: true } as const;

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
