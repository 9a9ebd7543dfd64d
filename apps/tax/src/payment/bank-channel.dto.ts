import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsCallerId, IsFen, IsInstant } from '@gov/platform';

/** What every signed notification of the bank channel names: the order and the amount moved. */
abstract class BankNotificationDto {
  @ApiProperty()
  @IsCallerId()
  paymentOrderId!: string;

  @ApiProperty({ description: 'Exactly the order amount, in fen' })
  @IsFen({ positive: true })
  amountFen!: number;
}

/** The bank channel's payment notification (the signed body). */
export class PaymentConfirmationDto extends BankNotificationDto {
  @ApiProperty({ description: "The bank's transaction id; a repeated notification of it is harmless" })
  @IsString() @Length(1, 128)
  bankTransactionId!: string;

  @ApiProperty({ example: '2018-06-30T09:20:00+08:00', description: 'When the bank took the money' })
  @IsInstant()
  paidAt!: string;
}

/** The bank channel's refund notification (the signed body). */
export class RefundConfirmationDto extends BankNotificationDto {
  @ApiProperty()
  @IsString() @Length(1, 128)
  bankRefundTransactionId!: string;

  @ApiProperty({ example: '2018-07-02T11:00:00+08:00' })
  @IsInstant()
  refundedAt!: string;
}
