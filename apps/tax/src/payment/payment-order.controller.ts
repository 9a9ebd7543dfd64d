import { applyDecorators, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage } from 'node:http';
import { CurrentPrincipal, Public, type Principal, IsCallerId } from '@gov/platform';
import { PaymentConfirmationDto, RefundConfirmationDto } from './bank-channel.dto';
import type { BankSignedRequest } from './bank-signature';
import { CommandBus } from '@nestjs/cqrs';
import { BankChannel, RecordBankNotificationCommand } from './payment-order.handler';
import { PaymentOrderQueries } from './payment-order.queries';
import type { PaymentOrderView } from './payment-order.projection';
import { rawBodyOf } from './raw-body.capture';
import { PaymentOrderResponse } from './payment-order.responses';

export class PaymentOrderParams {
  @IsCallerId()
  paymentOrderId!: string;
}

export const BANK_HEADERS = { timestamp: 'x-bank-timestamp', nonce: 'x-bank-nonce', signature: 'x-bank-signature' } as const;

/** No bearer token: the bank channel authenticates each notification by its HMAC signature instead. */
const SignedByBank = (): MethodDecorator =>
  applyDecorators(
    Public(),
    HttpCode(200),
    ApiSecurity({}),
    ApiHeader({ name: 'X-Bank-Timestamp', required: true, description: 'Unix seconds; within PAYMENT_SKEW_SECONDS of the service clock' }),
    ApiHeader({ name: 'X-Bank-Nonce', required: true, description: '8-128 of [A-Za-z0-9_-], never reused' }),
    ApiHeader({ name: 'X-Bank-Signature', required: true, description: 'hex HMAC-SHA256 over `timestamp.nonce.body` (the raw body bytes)' }),
  );

@ApiTags('payments')
@Controller()
export class PaymentOrderController {
  constructor(
    private readonly commands: CommandBus,
    private readonly bank: BankChannel,
    private readonly orders: PaymentOrderQueries,
  ) {}

  @Get('payment-orders/:paymentOrderId')
  @ApiOperation({ summary: 'A payment order (one per assessment, for its total)' })
  @ApiOkResponse({ type: PaymentOrderResponse })
  get(@Param() params: PaymentOrderParams, @CurrentPrincipal() principal: Principal): Promise<PaymentOrderView> {
    return this.orders.get(params.paymentOrderId, principal);
  }

  @Post('bank/payment-confirmations')
  @SignedByBank()
  @ApiOperation({
    summary: 'Bank channel: the money for a payment order arrived (HMAC-signed, no bearer token)',
    description:
      '401 bad or stale signature; 409 replayed nonce; 400 malformed body; 404 unknown order; 422 wrong amount. None of them changes anything. ' +
      'The same bank transaction notified again is answered 200 with the same order.',
  })
  @ApiBody({ type: PaymentConfirmationDto })
  @ApiOkResponse({ type: PaymentOrderResponse })
  async confirmPayment(@Req() req: IncomingMessage): Promise<PaymentOrderView> {
    const request = await signedRequest(req);
    return this.commands.execute(new RecordBankNotificationCommand(request.nonce, await this.bank.payment(request)));
  }

  @Post('bank/refund-confirmations')
  @SignedByBank()
  @ApiOperation({ summary: 'Bank channel: a refund reached the payer (HMAC-signed like payment confirmations)' })
  @ApiBody({ type: RefundConfirmationDto })
  @ApiOkResponse({ type: PaymentOrderResponse })
  async completeRefund(@Req() req: IncomingMessage): Promise<PaymentOrderView> {
    const request = await signedRequest(req);
    return this.commands.execute(new RecordBankNotificationCommand(request.nonce, await this.bank.refund(request)));
  }
}

async function signedRequest(req: IncomingMessage): Promise<BankSignedRequest> {
  const header = (name: string): string => {
    const value = req.headers[name];
    return typeof value === 'string' ? value : '';
  };
  return {
    timestamp: header(BANK_HEADERS.timestamp),
    nonce: header(BANK_HEADERS.nonce),
    signature: header(BANK_HEADERS.signature),
    rawBody: await rawBodyOf(req),
  };
}
