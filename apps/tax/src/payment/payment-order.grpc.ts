import { Controller } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { CurrentPrincipal, Public, type Principal, validateDto } from '@gov/platform';
import { PaymentOrderParams } from './payment-order.controller';
import { CommandBus } from '@nestjs/cqrs';
import { BankChannel, RecordBankNotificationCommand } from './payment-order.handler';
import { PaymentOrderQueries } from './payment-order.queries';
import type { PaymentOrderView } from './payment-order.projection';

interface SignedBankNotification {
  timestamp?: string;
  nonce?: string;
  signature?: string;
  body?: Buffer;
}

/** gRPC `gov.tax.v1.TaxService`, payment methods; the bank's are signed like its HTTP notifications. */
@Controller()
export class PaymentOrderGrpcController {
  constructor(
    private readonly commands: CommandBus,
    private readonly bank: BankChannel,
    private readonly orders: PaymentOrderQueries,
  ) {}

  @GrpcMethod('TaxService', 'GetPaymentOrder')
  async get(@Payload() request: { paymentOrderId?: string }, @CurrentPrincipal() principal?: Principal): Promise<PaymentOrderView> {
    const params = await validateDto(PaymentOrderParams, { paymentOrderId: request.paymentOrderId });
    return this.orders.get(params.paymentOrderId, principal);
  }

  @GrpcMethod('TaxService', 'ConfirmPayment')
  @Public()
  async confirmPayment(@Payload() request: SignedBankNotification): Promise<PaymentOrderView> {
    const notification = signed(request);
    return this.commands.execute(new RecordBankNotificationCommand(notification.nonce, await this.bank.payment(notification)));
  }

  @GrpcMethod('TaxService', 'CompleteRefund')
  @Public()
  async completeRefund(@Payload() request: SignedBankNotification): Promise<PaymentOrderView> {
    const notification = signed(request);
    return this.commands.execute(new RecordBankNotificationCommand(notification.nonce, await this.bank.refund(notification)));
  }
}

function signed(request: SignedBankNotification): { timestamp: string; nonce: string; signature: string; rawBody: Buffer } {
  return { timestamp: request.timestamp ?? '', nonce: request.nonce ?? '', signature: request.signature ?? '', rawBody: request.body ?? Buffer.alloc(0) };
}
