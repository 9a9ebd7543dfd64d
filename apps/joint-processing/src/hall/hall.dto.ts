import type { WindowCategory } from './hall-queue.decider';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export class TakeTicketDto {
  @ApiProperty({ example: 'house-transfer' })
  @IsString()
  @Matches(/^[a-z-]{2,40}$/)
  category!: string;
}

export class CallNextDto {
  @ApiProperty({ example: 'house-transfer' })
  @IsString()
  @Matches(/^[a-z-]{2,40}$/)
  category!: string;

  @ApiProperty({ example: '35' })
  @IsString()
  @Matches(/^\d{1,3}$/)
  window!: string;
}

export class TicketView {
  @ApiProperty() day!: string;
  @ApiProperty() number!: string;
  @ApiProperty() category!: string;
  @ApiProperty() issuedAt!: string;
  @ApiProperty({ type: String, nullable: true }) window!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) calledAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) caseId!: string | null;
}

export class WindowCategoryView implements WindowCategory {
  @ApiProperty({ example: 'house-transfer' }) readonly code!: string;
  @ApiProperty({ example: '二手房转移登记' }) readonly name!: string;
  @ApiProperty({ example: 'B', description: 'ticket numbers of this category start with it (B001)' }) readonly prefix!: string;
  @ApiProperty({ type: [String], example: ['35', '36'] }) readonly windows!: readonly string[];
}
