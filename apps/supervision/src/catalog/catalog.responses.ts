// Success response schemas of the catalog REST API. Each class `implements` the view it
// documents, so the compiler keeps the two in step.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ITEM_TYPES,
  ONLINE_LEVELS,
  PROCESS_TYPES,
  SERVICE_DAYS,
  TIME_LIMIT_UNITS,
  type CatalogEntry,
  type Department,
  type Material,
  type ProcessStep,
  type TimeLimit,
  type WindowAssignment,
} from '@gov/service-standards';
import type { EntriesView, EntryView, VersionsView } from './catalog.controller';
import type { CatalogVersionRow } from './catalog.repository';

const DATE_TIME = { format: 'date-time' } as const;
const NULLABLE_TEXT = { type: String, nullable: true } as const;

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
