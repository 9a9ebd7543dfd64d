// Success response schemas of the cases REST API. Each class `implements` the view it documents,
// so the compiler keeps the two in step.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_LIFECYCLE_EVENTS } from '@gov/contracts';
import { PROCESS_TYPES, SERVICE_DAYS, type TimeLimit } from '@gov/service-standards';
import { TimeLimitResponse } from '../catalog/catalog.responses';
import type { CaseView, SuspensionView, TimelineEntryView } from './case-view';
import type { CaseSummary } from './cases.controller';
import type { CaseMeasure } from './tracked-case';

const DATE_TIME = { format: 'date-time' } as const;
const NULLABLE_TEXT = { type: String, nullable: true } as const;
const NULLABLE_DATE_TIME = { type: String, format: 'date-time', nullable: true } as const;
const SUSPENSION_REASONS = ['awaiting-materials', 'hearing', 'expert-review', 'inspection', 'other'];

export class CaseMeasureResponse implements CaseMeasure {
  @ApiProperty() readonly catalogVersion!: string;
  @ApiProperty() readonly itemName!: string;
  @ApiProperty() readonly itemDepartment!: string;
  @ApiProperty({ enum: PROCESS_TYPES }) readonly processType!: CaseMeasure['processType'];
  @ApiProperty({ type: TimeLimitResponse }) readonly promisedLimit!: TimeLimit;
  @ApiProperty({ type: TimeLimitResponse, nullable: true }) readonly legalLimit!: TimeLimit | null;
  @ApiProperty({ enum: SERVICE_DAYS }) readonly serviceDays!: CaseMeasure['serviceDays'];
  @ApiProperty() readonly immediate!: boolean;
  @ApiProperty({ description: 'the step the decision completes' }) readonly decisionStep!: string;
}

export class CaseDeadlineResponse {
  @ApiProperty({ format: 'date' }) readonly dueDate!: string;
  @ApiProperty(DATE_TIME) readonly dueAt!: string;
  @ApiProperty({ ...DATE_TIME, description: '80% of the promised limit' }) readonly warnAt!: string;
  @ApiProperty(DATE_TIME) readonly earlyBefore!: string;
  @ApiProperty({ type: TimeLimitResponse }) readonly extension!: TimeLimit;
  @ApiProperty() readonly clockStopped!: boolean;
  @ApiProperty() readonly provisional!: boolean;
}

export class TimelineEntryResponse implements TimelineEntryView {
  @ApiProperty({ enum: CASE_LIFECYCLE_EVENTS }) readonly event!: TimelineEntryView['event'];
  @ApiProperty(DATE_TIME) readonly at!: string;
  @ApiPropertyOptional() readonly step?: string;
  @ApiPropertyOptional() readonly actor?: string;
  @ApiPropertyOptional() readonly reason?: string;
  @ApiPropertyOptional() readonly outcome?: string;
  @ApiProperty({ type: 'number', nullable: true, description: 'clock minutes since the entry before' }) readonly minutesSincePrevious!: number | null;
  @ApiProperty({ type: TimeLimitResponse, nullable: true, description: 'time on the clock since acceptance, suspensions excluded' }) readonly elapsedSinceAcceptance!: TimeLimit | null;
}

export class SuspensionResponse implements SuspensionView {
  @ApiProperty(DATE_TIME) readonly from!: string;
  @ApiProperty({ ...NULLABLE_DATE_TIME, description: 'null while the case still waits' }) readonly to!: string | null;
  @ApiProperty({ enum: SUSPENSION_REASONS }) readonly reason!: SuspensionView['reason'];
  @ApiProperty({ type: TimeLimitResponse, nullable: true, description: 'how far the wait moved the deadline' }) readonly extension!: TimeLimit | null;
}

export class CaseResponse implements CaseView {
  @ApiProperty() readonly caseKey!: string;
  @ApiProperty() readonly service!: string;
  @ApiProperty() readonly caseId!: string;
  @ApiProperty() readonly itemCode!: string;
  @ApiProperty() readonly department!: string;
  @ApiProperty({ enum: ['running', 'suspended', 'decided', 'completed'] }) readonly status!: CaseView['status'];
  @ApiProperty({ type: String, enum: ['approved', 'refused', 'withdrawn'], nullable: true }) readonly outcome!: CaseView['outcome'];
  @ApiProperty(NULLABLE_TEXT) readonly window!: string | null;
  @ApiProperty({ type: [String], description: 'personal data: masked unless the caller may see it' }) readonly applicantIds!: readonly string[];
  @ApiProperty({ type: [String] }) readonly toleratedMissing!: readonly string[];
  @ApiProperty() readonly claimedCatalogVersion!: string;
  @ApiProperty({ type: CaseMeasureResponse, nullable: true, description: 'null when the case cannot be measured; notes say why' }) readonly measure!: CaseMeasure | null;
  @ApiProperty(NULLABLE_DATE_TIME) readonly acceptedAt!: string | null;
  @ApiProperty(NULLABLE_DATE_TIME) readonly decidedAt!: string | null;
  @ApiProperty(NULLABLE_DATE_TIME) readonly completedAt!: string | null;
  @ApiProperty({ type: 'integer' }) readonly reviewSteps!: number;
  @ApiProperty({ type: String, enum: ['early', 'on-time', 'overdue'], nullable: true }) readonly standing!: CaseView['standing'];
  @ApiProperty({ description: 'running and past 80% of the promised limit' }) readonly warning!: boolean;
  @ApiProperty({ type: TimeLimitResponse, nullable: true }) readonly elapsed!: TimeLimit | null;
  @ApiProperty({ type: CaseDeadlineResponse, nullable: true }) readonly deadline!: CaseView['deadline'];
  @ApiProperty(NULLABLE_DATE_TIME) readonly warnedAt!: string | null;
  @ApiProperty(NULLABLE_DATE_TIME) readonly breachedAt!: string | null;
  @ApiProperty({ type: [TimelineEntryResponse] }) readonly timeline!: readonly TimelineEntryView[];
  @ApiProperty({ type: [SuspensionResponse] }) readonly suspensions!: readonly SuspensionView[];
  @ApiProperty({ type: [String] }) readonly notes!: readonly string[];
}

export class CaseSummaryResponse implements CaseSummary {
  @ApiProperty() readonly caseKey!: string;
  @ApiProperty() readonly service!: string;
  @ApiProperty() readonly caseId!: string;
  @ApiProperty() readonly itemCode!: string;
  @ApiProperty() readonly department!: string;
  @ApiProperty(NULLABLE_TEXT) readonly catalogVersion!: string | null;
  @ApiProperty({ enum: ['running', 'suspended', 'decided', 'completed'] }) readonly status!: string;
  @ApiProperty({ type: String, enum: ['early', 'on-time', 'overdue'], nullable: true }) readonly standing!: string | null;
  @ApiProperty(NULLABLE_DATE_TIME) readonly acceptedAt!: string | null;
  @ApiProperty(NULLABLE_DATE_TIME) readonly completedAt!: string | null;
  @ApiProperty(NULLABLE_DATE_TIME) readonly dueAt!: string | null;
  @ApiProperty(NULLABLE_DATE_TIME) readonly warnedAt!: string | null;
  @ApiProperty(NULLABLE_DATE_TIME) readonly breachedAt!: string | null;
}

export class CaseListResponse {
  @ApiProperty({ type: [CaseSummaryResponse] }) readonly cases!: readonly CaseSummary[];
  @ApiProperty({ ...NULLABLE_TEXT, description: 'pass as `after` for the next page; null on the last' }) readonly next!: string | null;
}
