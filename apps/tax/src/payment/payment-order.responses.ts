// Success response schema of the payment-order REST API. Each class `implements` the view it
// documents, so the compiler keeps the two in step.
import { ApiProperty } from '@nestjs/swagger';
import type { PaymentOrderView } from './payment-order.projection';

export class PaymentOrderResponse implements PaymentOrderView {
  @ApiProperty() readonly paymentOrderId!: string;
  @ApiProperty() readonly assessmentId!: string;
  @ApiProperty() readonly transferId!: string;
  @ApiProperty({ type: 'integer' }) readonly amountFen!: number;
  @ApiProperty({ enum: ['issued', 'paid', 'cancelled', 'refunding', 'refunded'] }) readonly status!: PaymentOrderView['status'];
  @ApiProperty({ format: 'date-time' }) readonly issuedAt!: string;
  @ApiProperty({ type: String, nullable: true }) readonly bankTransactionId!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readonly paidAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readonly cancelledAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) readonly reason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readonly refundStartedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) readonly bankRefundTransactionId!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readonly refundedAt!: string | null;
}
