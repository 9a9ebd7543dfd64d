import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { IsCallerId, IsFen } from '@gov/platform';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The bank channel's payment notification (the signed body). */
export class PaymentConfirmationDto {
  @ApiProperty()
  @IsCallerId()
  paymentOrderId!: string;

  @ApiProperty({ description: "The bank's transaction id; a repeated notification of it is harmless" })
  @IsString() @Length(1, 128)
  bankTransactionId!: string;

  @ApiProperty({ description: 'Exactly the order amount, in fen' })
  @IsFen({ positive: true })
  amountFen!: number;

  @ApiProperty({ example: '2018-06-30T09:20:00+08:00', description: 'When the bank took the money' })
  @IsString() @Matches(INSTANT, { message: '$property must be an ISO 8601 instant with an offset' })
  paidAt!: string;
}

/** The bank channel's refund notification (the signed body). */
export class RefundConfirmationDto {
  @ApiProperty()
  @IsCallerId()
  paymentOrderId!: string;

  @ApiProperty()
  @IsString() @Length(1, 128)
  bankRefundTransactionId!: string;

  @ApiProperty()
  @IsFen({ positive: true })
  amountFen!: number;

  @ApiProperty({ example: '2018-07-02T11:00:00+08:00' })
  @IsString() @Matches(INSTANT, { message: '$property must be an ISO 8601 instant with an offset' })
  refundedAt!: string;
}
