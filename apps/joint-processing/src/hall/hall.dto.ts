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
  @ApiProperty({ required: false, nullable: true }) window!: string | null;
  @ApiProperty({ required: false, nullable: true }) calledAt!: string | null;
  @ApiProperty({ required: false, nullable: true }) caseId!: string | null;
}
