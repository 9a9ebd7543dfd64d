// Success response schemas of the statistics REST API. Each class `implements` the view it
// documents, so the compiler keeps the two in step.
import { ApiProperty } from '@nestjs/swagger';
import type { Compression, DepartmentFigures, ItemFigures, Rate, SupervisionFigures } from '@gov/service-standards';
import type { StatisticsView } from './statistics.controller';

const DATE_TIME = { format: 'date-time' } as const;
const NULLABLE_TEXT = { type: String, nullable: true } as const;

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
