// Success response schemas of the rating and rectification REST API. Each class `implements` the
// view it documents, so the compiler keeps the two in step.
import { ApiProperty } from '@nestjs/swagger';
import type { RatingView, RectificationView } from './rating.command-bus';

const DATE_TIME = { format: 'date-time' } as const;
const NULLABLE_TEXT = { type: String, nullable: true } as const;
const NULLABLE_DATE_TIME = { type: String, format: 'date-time', nullable: true } as const;

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
