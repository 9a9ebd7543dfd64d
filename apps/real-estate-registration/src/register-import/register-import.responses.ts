// Success response schemas of the register import REST API. Each class `implements` the view it
// documents, so the compiler keeps the two in step.
import { ApiProperty } from '@nestjs/swagger';
import type { FieldIssue } from '@gov/event-sourcing';
import type { ImportLineError, ImportReport } from './register-import.service';

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
