// Success response schemas of the supervision REST API. Each class `implements`
// the view it documents, so the compiler keeps the two in step.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_LIFECYCLE_EVENTS } from '@gov/contracts';
import {
  ITEM_TYPES,
  ONLINE_LEVELS,
  PROCESS_TYPES,
  SERVICE_DAYS,
  TIME_LIMIT_UNITS,
  type CatalogEntry,
  type Compression,
  type Department,
  type DepartmentFigures,
  type ItemFigures,
  type Material,
  type ProcessStep,
  type Rate,
  type SupervisionFigures,
  type TimeLimit,
  type WindowAssignment,
} from '@gov/service-standards';
import type { CaseView, SuspensionView, TimelineEntryView } from './case-timeline/case-view';
import type { CaseSummary } from './case-timeline/cases.controller';
import type { CaseMeasure } from './case-timeline/tracked-case';
import type { EntriesView, EntryView, VersionsView } from './catalog/catalog.controller';
import type { CatalogVersionRow } from './catalog/catalog.repository';
import type { RatingView, RectificationView } from './rating/rating.command-bus';
import type { StatisticsView } from './statistics/statistics.controller';

const DATE_TIME = { format: 'date-time' } as const;
const NULLABLE_TEXT = { type: String, nullable: true } as const;
const NULLABLE_DATE_TIME = { type: String, format: 'date-time', nullable: true } as const;
const SUSPENSION_REASONS = ['awaiting-materials', 'hearing', 'expert-review', 'inspection', 'other'];

export class TimeLimitResponse implements TimeLimit {
  @ApiProperty({ enum: TIME_LIMIT_UNITS }) readonly unit!: TimeLimit['unit'];
  @ApiProperty({ type: 'number', example: 5 }) readonly value!: number;
}

export class DepartmentResponse implements Department {
  @ApiProperty({ example: 'tax' }) readonly code!: string;
  @ApiProperty({ example: '税务' }) readonly name!: string;
}

export class CatalogVersionResponse implements CatalogVersionRow {
  @ApiProperty({ example: '2018-08' }) readonly version!: string;
  @ApiProperty({ format: 'date' }) readonly effectiveFrom!: string;
  @ApiProperty(NULLABLE_TEXT) readonly title!: string | null;
  @ApiProperty({ type: [String] }) readonly notes!: readonly string[];
  @ApiProperty({ type: [DepartmentResponse] }) readonly departments!: readonly Department[];
  @ApiProperty({ type: 'integer' }) readonly items!: number;
  @ApiProperty({ type: 'integer' }) readonly groups!: number;
  @ApiProperty(DATE_TIME) readonly loadedAt!: string;
}

export class CatalogVersionStatusResponse extends CatalogVersionResponse {
  @ApiProperty({ enum: ['past', 'in-force', 'upcoming'] }) readonly status!: 'past' | 'in-force' | 'upcoming';
}

export class CatalogVersionsResponse implements VersionsView {
  @ApiProperty({ ...NULLABLE_TEXT, description: 'the version in force today (Asia/Shanghai)' }) readonly inForce!: string | null;
  @ApiProperty({ type: [CatalogVersionStatusResponse] }) readonly versions!: VersionsView['versions'];
}

export class ProcessStepResponse implements ProcessStep {
  @ApiProperty({ example: 'accept' }) readonly code!: string;
  @ApiProperty({ example: '申请受理' }) readonly name!: string;
}

export class MaterialResponse implements Material {
  @ApiProperty() readonly name!: string;
  @ApiProperty({ enum: ['key', 'tolerable-missing'] }) readonly requirement!: Material['requirement'];
}

export class WindowAssignmentResponse implements WindowAssignment {
  @ApiProperty() readonly category!: string;
  @ApiProperty({ type: 'integer', isArray: true }) readonly numbers!: readonly number[];
}

/** A group (大项, kind `group`) has only code, department and name; an item (kind `item`) has everything. */
export class CatalogEntryResponse {
  @ApiProperty({ enum: ['group', 'item'] }) readonly kind!: 'group' | 'item';
  @ApiProperty() readonly code!: string;
  @ApiProperty() readonly department!: string;
  @ApiProperty() readonly name!: string;
  @ApiPropertyOptional({ ...NULLABLE_TEXT, description: 'the main item of a sub-item' }) readonly parent?: string | null;
  @ApiPropertyOptional({ enum: ITEM_TYPES }) readonly itemType?: string;
  @ApiPropertyOptional({ enum: PROCESS_TYPES }) readonly processType?: string;
  @ApiPropertyOptional({ type: [ProcessStepResponse] }) readonly steps?: readonly ProcessStep[];
  @ApiPropertyOptional({ type: TimeLimitResponse, nullable: true }) readonly legalLimit?: TimeLimit | null;
  @ApiPropertyOptional(NULLABLE_TEXT) readonly legalBasis?: string | null;
  @ApiPropertyOptional({ type: TimeLimitResponse, description: 'the center’s promise (承诺时限)' }) readonly promisedLimit?: TimeLimit;
  @ApiPropertyOptional({ description: 'completed at acceptance (即办件)' }) readonly immediate?: boolean;
  @ApiPropertyOptional({ enum: ONLINE_LEVELS }) readonly onlineLevel?: string;
  @ApiPropertyOptional({ type: [MaterialResponse] }) readonly materials?: readonly Material[];
  @ApiPropertyOptional({ type: [WindowAssignmentResponse] }) readonly windows?: readonly WindowAssignment[];
  @ApiPropertyOptional({ enum: SERVICE_DAYS }) readonly serviceDays?: string;
  @ApiPropertyOptional({ type: [String], description: 'joint items (联办) handled under one application' }) readonly components?: readonly string[];
}

export class CatalogEntriesResponse implements EntriesView {
  @ApiProperty() readonly version!: string;
  @ApiProperty({ format: 'date' }) readonly effectiveFrom!: string;
  @ApiProperty({ type: [CatalogEntryResponse] }) readonly items!: readonly CatalogEntry[];
}

export class CatalogEntryViewResponse implements EntryView {
  @ApiProperty() readonly version!: string;
  @ApiProperty({ format: 'date' }) readonly effectiveFrom!: string;
  @ApiProperty({ type: CatalogEntryResponse }) readonly entry!: CatalogEntry;
}

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

export class RateResponse implements Rate {
  @ApiProperty({ type: 'integer' }) readonly numerator!: number;
  @ApiProperty({ type: 'integer' }) readonly denominator!: number;
  @ApiProperty({ type: 'number', nullable: true, description: 'null when nothing was counted' }) readonly ratio!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'whole percent, half up' }) readonly percent!: number | null;
}

export class CompressionResponse implements Compression {
  @ApiProperty({ type: 'integer' }) readonly items!: number;
  @ApiProperty({ type: 'integer' }) readonly excluded!: number;
  @ApiProperty({ type: 'number' }) readonly legalWorkingDays!: number;
  @ApiProperty({ type: 'number' }) readonly promisedWorkingDays!: number;
  @ApiProperty({ type: 'number', nullable: true, description: '1 − Σ promised / Σ legal' }) readonly ratio!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) readonly percent!: number | null;
}

export class FiguresResponse implements SupervisionFigures {
  @ApiProperty({ type: 'integer' }) readonly cases!: number;
  @ApiProperty({ type: 'integer' }) readonly completed!: number;
  @ApiProperty({ type: 'integer' }) readonly running!: number;
  @ApiProperty({ type: 'integer', description: 'running, past the 80% mark, not yet overdue' }) readonly runningWarned!: number;
  @ApiProperty({ type: 'integer' }) readonly runningOverdue!: number;
  @ApiProperty({ type: 'number', nullable: true }) readonly averageReviewSteps!: number | null;
  @ApiProperty({ type: 'number', nullable: true }) readonly averageCompletionWorkingDays!: number | null;
  @ApiProperty({ type: RateResponse }) readonly earlyCompletionRate!: Rate;
  @ApiProperty({ type: RateResponse }) readonly onTimeRate!: Rate;
  @ApiProperty({ type: RateResponse }) readonly immediateItemShare!: Rate;
  @ApiProperty({ type: RateResponse }) readonly immediateCaseShare!: Rate;
  @ApiProperty({ type: CompressionResponse }) readonly compression!: Compression;
  @ApiProperty({ type: CompressionResponse }) readonly committedCompression!: Compression;
}

export class DepartmentFiguresResponse extends FiguresResponse implements DepartmentFigures {
  @ApiProperty() readonly department!: string;
  @ApiProperty(NULLABLE_TEXT) readonly departmentName!: string | null;
}

export class ItemFiguresResponse extends FiguresResponse implements ItemFigures {
  @ApiProperty() readonly itemCode!: string;
  @ApiProperty() readonly itemName!: string;
  @ApiProperty() readonly department!: string;
}

export class PeriodResponse {
  @ApiProperty({ format: 'date' }) readonly from!: string;
  @ApiProperty({ format: 'date' }) readonly to!: string;
}

export class StatisticsFiltersResponse {
  @ApiProperty(NULLABLE_TEXT) readonly department!: string | null;
  @ApiProperty(NULLABLE_TEXT) readonly itemCode!: string | null;
}

export class StatisticsResponse implements StatisticsView {
  @ApiProperty({ type: PeriodResponse }) readonly period!: StatisticsView['period'];
  @ApiProperty({ type: StatisticsFiltersResponse }) readonly filters!: StatisticsView['filters'];
  @ApiProperty(DATE_TIME) readonly asOf!: string;
  @ApiProperty({ type: FiguresResponse }) readonly center!: SupervisionFigures;
  @ApiProperty({ type: [DepartmentFiguresResponse] }) readonly byDepartment!: readonly DepartmentFigures[];
  @ApiProperty({ type: [ItemFiguresResponse] }) readonly byItem!: readonly ItemFigures[];
}

export class RectificationStateResponse {
  @ApiProperty({ enum: ['open', 'closed'] }) readonly status!: 'open' | 'closed';
  @ApiProperty(DATE_TIME) readonly dueAt!: string;
  @ApiProperty(NULLABLE_DATE_TIME) readonly closedAt!: string | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'closed after its due time; null while open' }) readonly late!: boolean | null;
}

export class RatingResponse implements RatingView {
  @ApiProperty() readonly caseKey!: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 }) readonly stars!: number;
  @ApiProperty(DATE_TIME) readonly ratedAt!: string;
  @ApiProperty({ type: RectificationStateResponse, nullable: true, description: 'opened by a poor rating' }) readonly rectification!: RatingView['rectification'];
}

export class RectificationResponse implements RectificationView {
  @ApiProperty() readonly caseKey!: string;
  @ApiProperty() readonly service!: string;
  @ApiProperty() readonly caseId!: string;
  @ApiProperty() readonly department!: string;
  @ApiProperty() readonly itemCode!: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 }) readonly stars!: number;
  @ApiProperty(DATE_TIME) readonly openedAt!: string;
  @ApiProperty({ format: 'date' }) readonly dueDate!: string;
  @ApiProperty(DATE_TIME) readonly dueAt!: string;
  @ApiProperty({ enum: ['open', 'closed'] }) readonly status!: 'open' | 'closed';
  @ApiProperty() readonly overdue!: boolean;
  @ApiProperty(NULLABLE_DATE_TIME) readonly closedAt!: string | null;
  @ApiProperty({ type: Boolean, nullable: true }) readonly closedLate!: boolean | null;
  @ApiProperty(NULLABLE_TEXT) readonly resolution!: string | null;
}

export class RectificationListResponse {
  @ApiProperty({ type: [RectificationResponse] }) readonly rectifications!: readonly RectificationView[];
}
