import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ForbiddenError } from '@gov/event-sourcing';
import { CommandCtx, CurrentPrincipal, hasRole, isParty, Roles, type CommandContext, type Principal } from '@gov/platform';
import { assertRegistrar, assertRegistrarOrService, isRegistrar } from '../shared/access';
import { toOwner, toParty } from '../shared/party.dto';
import type { ApplyForSaleTransfer, SaleTransferCommand } from './sale-transfer.commands';
import { ApplyForSaleTransferDto, ApplyForSaleTransferRpc, CloseTransferDto, CloseTransferRpc, TransferRefRpc } from './sale-transfer.dto';
import { ChangeSaleTransfer, type TransferOutcome } from './sale-transfer.handler';
import { TransferQueries } from './sale-transfer.queries';
import { TransferChangeResponse, TransferResponse } from './sale-transfer.responses';

const GRPC_SERVICE = 'RealEstateRegistration';
const now = () => new Date().toISOString();
type Reply = Omit<TransferOutcome, 'duplicate'>;

/**
 * Second-hand sale transfer registration (二手房买卖转移登记): apply (checks and
 * locks the unit), register (new owners and the certificate, once the taxes are
 * cleared), cancel or refuse (unlocks the unit). Tax clearance is recorded only
 * from the tax service's events: payment is confirmed by the bank, not a clerk.
 */
@ApiTags('sale transfer')
@Controller('transfers')
export class SaleTransferController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: TransferQueries,
  ) {}

  @Post()
  @Roles('clerk', 'service', 'applicant')
  @ApiOperation({ summary: 'Apply for a sale transfer: checks the sellers own the unit and it is free, then locks it' })
  @ApiCreatedResponse({ type: TransferChangeResponse })
  apply(@Body() dto: ApplyForSaleTransferDto, @CommandCtx('ApplyForSaleTransfer') ctx: CommandContext) {
    return this.applyWith(dto, ctx);
  }

  @Post(':transferId/registration')
  @HttpCode(200)
  @Roles('clerk', 'service')
  @ApiOperation({ summary: 'Register the buyers as owners and issue the electronic certificate (after tax clearance)' })
  @ApiOkResponse({ type: TransferChangeResponse })
  register(@Param('transferId') transferId: string, @CommandCtx('RegisterTransfer') ctx: CommandContext) {
    assertRegistrarOrService(ctx.principal);
    return this.send({ type: 'RegisterTransfer', data: { transferId, at: now() } }, ctx);
  }

  @Post(':transferId/cancellation')
  @HttpCode(200)
  @Roles('clerk', 'service', 'applicant')
  @ApiOperation({ summary: 'Cancel the transfer (withdrawn by a party or compensated by the joint case); unlocks the unit' })
  @ApiOkResponse({ type: TransferChangeResponse })
  async cancel(
    @Param('transferId') transferId: string,
    @Body() dto: CloseTransferDto,
    @CommandCtx('CancelTransfer') ctx: CommandContext,
  ) {
    await this.assertMayCancel(transferId, ctx.principal);
    const input = { transferId, reason: dto.reason };
    return this.send({ type: 'CancelTransfer', data: { ...input, at: now() } }, ctx);
  }

  @Post(':transferId/refusal')
  @HttpCode(200)
  @Roles('clerk')
  @ApiOperation({ summary: 'Refuse the registration (不予登记) with the reason; unlocks the unit' })
  @ApiOkResponse({ type: TransferChangeResponse })
  refuse(
    @Param('transferId') transferId: string,
    @Body() dto: CloseTransferDto,
    @CommandCtx('RefuseTransfer') ctx: CommandContext,
  ) {
    assertRegistrar(ctx.principal);
    const input = { transferId, reason: dto.reason };
    return this.send({ type: 'RefuseTransfer', data: { ...input, at: now() } }, ctx);
  }

  @Get(':transferId')
  @Roles('applicant', 'clerk', 'supervisor', 'service')
  @ApiOperation({ summary: 'The transfer with its status; its sellers and buyers, or staff, only' })
  @ApiOkResponse({ type: TransferResponse })
  get(@Param('transferId') transferId: string, @CurrentPrincipal() principal: Principal | undefined) {
    return this.queries.get(transferId, principal);
  }

  // ---- gRPC ----

  @GrpcMethod(GRPC_SERVICE, 'ApplyForSaleTransfer')
  @Roles('clerk', 'service', 'applicant')
  applyRpc(@Payload() req: ApplyForSaleTransferRpc, @CommandCtx('ApplyForSaleTransfer') ctx: CommandContext) {
    return this.applyWith(req, ctx);
  }

  @GrpcMethod(GRPC_SERVICE, 'RegisterTransfer')
  @Roles('clerk', 'service')
  registerRpc(@Payload() req: TransferRefRpc, @CommandCtx('RegisterTransfer') ctx: CommandContext) {
    assertRegistrarOrService(ctx.principal);
    return this.send({ type: 'RegisterTransfer', data: { transferId: req.transferId, at: now() } }, ctx);
  }

  @GrpcMethod(GRPC_SERVICE, 'CancelTransfer')
  @Roles('clerk', 'service', 'applicant')
  async cancelRpc(@Payload() req: CloseTransferRpc, @CommandCtx('CancelTransfer') ctx: CommandContext) {
    await this.assertMayCancel(req.transferId, ctx.principal);
    const { transferId, reason } = req;
    return this.send({ type: 'CancelTransfer', data: { transferId, reason, at: now() } }, ctx);
  }

  @GrpcMethod(GRPC_SERVICE, 'RefuseTransfer')
  @Roles('clerk')
  refuseRpc(@Payload() req: CloseTransferRpc, @CommandCtx('RefuseTransfer') ctx: CommandContext) {
    assertRegistrar(ctx.principal);
    const { transferId, reason } = req;
    return this.send({ type: 'RefuseTransfer', data: { transferId, reason, at: now() } }, ctx);
  }

  @GrpcMethod(GRPC_SERVICE, 'GetTransfer')
  @Roles('applicant', 'clerk', 'supervisor', 'service')
  getRpc(@Payload() req: TransferRefRpc, @CurrentPrincipal() principal: Principal | undefined) {
    return this.queries.get(req.transferId, principal);
  }

  private applyWith(dto: ApplyForSaleTransferDto, context: CommandContext): Promise<Reply> {
    const { principal } = context;
    // Online applications (网上申请): an applicant may apply for a sale they are a party to.
    const partyIds = [...dto.sellers, ...dto.buyers].map((p) => p.idNumber);
    if (!isRegistrar(principal) && !hasRole(principal, 'service') && !isParty(principal, partyIds)) {
      throw new ForbiddenError('only a seller or buyer, a real-estate clerk or a service account may apply', 'not-a-party');
    }
    const command: ApplyForSaleTransfer = {
      type: 'ApplyForSaleTransfer',
      data: {
        transferId: dto.transferId ?? randomUUID(),
        caseId: dto.caseId ?? null,
        unitNumber: dto.unitNumber,
        sellers: dto.sellers.map(toParty),
        buyers: dto.buyers.map(toOwner),
        contractNumber: dto.contractNumber,
        contractPriceFen: dto.contractPriceFen,
        lenderConsentMortgageIds: dto.lenderConsentMortgageIds ?? [],
        at: now(),
        unit: null, // the handler loads it
      },
    };
    return this.send(command, context);
  }

  private async assertMayCancel(transferId: string, principal: Principal | undefined): Promise<void> {
    if (isRegistrar(principal) || hasRole(principal, 'service')) return;
    if (hasRole(principal, 'applicant') && isParty(principal, await this.queries.partiesOf(transferId))) return;
    throw new ForbiddenError('only a party to the transfer, a real-estate clerk or a service account may cancel it', 'not-a-party');
  }

  private async send(command: SaleTransferCommand, context: CommandContext): Promise<Reply> {
    const { transferId, status, version, certificateNumber } = await this.commands.execute(new ChangeSaleTransfer(command, context));
    return { transferId, status, version, certificateNumber };
  }
}
