// Success response schemas of the reference-price REST API. Each class `implements` the view it
// documents, so the compiler keeps the two in step.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ReferencePrice } from './assess-house-transfer';
import type { ReferencePriceFound, ReferencePriceLineError } from './reference-price';
import type { ReferencePriceImportReport } from './reference-price.store';

export class ReferencePriceResponse {
  @ApiProperty({ enum: ['total', 'per-m2'] }) readonly kind!: 'total' | 'per-m2';
  @ApiPropertyOptional({ type: 'integer', description: 'kind total: the whole unit, in fen' }) readonly totalFen?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'kind per-m2: fen per m²' }) readonly fenPerM2?: number;
}

export class ReferencePriceFoundResponse implements ReferencePriceFound {
  @ApiProperty({ type: ReferencePriceResponse }) readonly price!: ReferencePrice;
  @ApiProperty({ enum: ['unit', 'community'], description: "the unit's own price, or its community's per m²" }) readonly source!: 'unit' | 'community';
}

export class ReferencePriceLineErrorResponse implements ReferencePriceLineError {
  @ApiProperty({ type: 'integer', description: '1-based line number in the file, header included' }) readonly line!: number;
  @ApiProperty({ example: 'unitNumber: must be a unit number' }) readonly message!: string;
}

export class ReferencePriceImportResponse implements ReferencePriceImportReport {
  @ApiProperty() readonly importId!: string;
  @ApiProperty({ enum: ['csv', 'jsonl'] }) readonly format!: 'csv' | 'jsonl';
  @ApiProperty({ type: 'integer' }) readonly linesRead!: number;
  @ApiProperty({ type: 'integer' }) readonly imported!: number;
  @ApiProperty({ type: 'integer' }) readonly rejected!: number;
  @ApiProperty({ type: [ReferencePriceLineErrorResponse], description: 'the first errors by line number' }) readonly errors!: readonly ReferencePriceLineError[];
  @ApiProperty({ description: 'there were more errors than listed' }) readonly errorsTruncated!: boolean;
}
