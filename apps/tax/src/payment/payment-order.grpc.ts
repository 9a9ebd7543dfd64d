import { Controller } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { CurrentPrincipal, Public, type Principal, validateDto } from '@gov/platform';
import { PaymentOrderParams } from './payment-order.controller';
import { PaymentOrderHandler } from './payment-order.handler';
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
  constructor(private readonly handler: PaymentOrderHandler) {}

  @GrpcMethod('TaxService', 'GetPaymentOrder')
  async get(@Payload() request: { paymentOrderId?: string }, @CurrentPrincipal() principal?: Principal): Promise<PaymentOrderView> {
    const params = await validateDto(PaymentOrderParams, { paymentOrderId: request.paymentOrderId });
    return this.handler.get(params.paymentOrderId, principal);
  }

  @GrpcMethod('TaxService', 'ConfirmPayment')
  @Public()
  confirmPayment(@Payload() request: SignedBankNotification): Promise<PaymentOrderView> {
    return this.handler.confirmPayment(signed(request));
  }

  @GrpcMethod('TaxService', 'CompleteRefund')
  @Public()
  completeRefund(@Payload() request: SignedBankNotification): Promise<PaymentOrderView> {
    return this.handler.completeRefund(signed(request));
  }
}

function signed(request: SignedBankNotification): { timestamp: string; nonce: string; signature: string; rawBody: Buffer } {
  return { timestamp: request.timestamp ?? '', nonce: request.nonce ?? '', signature: request.signature ?? '', rawBody: request.body ?? Buffer.alloc(0) };
}
