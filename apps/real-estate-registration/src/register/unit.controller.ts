import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandCtx, CurrentPrincipal, Roles, type CommandContext, type Principal } from '@gov/platform';
import { assertRegistrar } from '../shared/access';
import { toOwner } from '../shared/party.dto';
import { ChangeUnit, type RegisterChange, type UnitChangeOutcome } from './unit.handler';
import {
  CourtOrderDto,
  CourtOrderRpc,
  GetUnitRpc,
  RegisterMortgageDto,
  RegisterMortgageRpc,
  RegisterObjectionDto,
  RegisterObjectionRpc,
  RegisterUnitDto,
  RegisterUnitRpc,
  ReleaseMortgageRpc,
  WithdrawObjectionRpc,
} from './unit.dto';
import { UnitQueries } from './unit.queries';
import { UnitChangeResponse, UnitResponse } from './unit.responses';

const GRPC_SERVICE = 'RealEstateRegistration';
const now = () => new Date().toISOString();
type Reply = Omit<UnitChangeOutcome, 'duplicate'>;

/** The register: units and their encumbrances (抵押 mortgage, 查封 seizure, 异议 objection). REST and gRPC share the commands. */
@ApiTags('register')
@Controller('units')
export class UnitController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: UnitQueries,
  ) {}

  @Post()
  @Roles('clerk')
  @ApiOperation({ summary: 'Register a real-estate unit with its owners' })
  @ApiCreatedResponse({ type: UnitChangeResponse })
  registerUnit(@Body() dto: RegisterUnitDto, @CommandCtx('RegisterUnit') ctx: CommandContext) {
    return this.change(registerUnitCommand(dto), ctx);
  }

  @Post(':unitNumber/mortgages')
  @Roles('clerk')
  @ApiOperation({ summary: 'Register a mortgage (抵押登记)' })
  @ApiCreatedResponse({ type: UnitChangeResponse })
  registerMortgage(
    @Param('unitNumber') unitNumber: string,
    @Body() dto: RegisterMortgageDto,
    @CommandCtx('RegisterMortgage') ctx: CommandContext,
  ) {
    const input = { ...dto, unitNumber };
    return this.change({ type: 'RegisterMortgage', data: { ...input, at: now() } }, ctx);
  }

  @Post(':unitNumber/mortgages/:mortgageId/release')
  @HttpCode(200)
  @Roles('clerk')
  @ApiOperation({ summary: 'Release a mortgage (抵押权注销)' })
  @ApiOkResponse({ type: UnitChangeResponse })
  releaseMortgage(
    @Param('unitNumber') unitNumber: string,
    @Param('mortgageId') mortgageId: string,
    @CommandCtx('ReleaseMortgage') ctx: CommandContext,
  ) {
    const input = { unitNumber, mortgageId };
    return this.change({ type: 'ReleaseMortgage', data: { ...input, at: now() } }, ctx);
  }

  @Post(':unitNumber/seizures')
  @Roles('clerk')
  @ApiOperation({ summary: 'Register a seizure by court order (查封登记)' })
  @ApiCreatedResponse({ type: UnitChangeResponse })
  registerSeizure(
    @Param('unitNumber') unitNumber: string,
    @Body() dto: CourtOrderDto,
    @CommandCtx('RegisterSeizure') ctx: CommandContext,
  ) {
    const input = { ...dto, unitNumber };
    return this.change({ type: 'RegisterSeizure', data: { ...input, at: now() } }, ctx);
  }

  @Post(':unitNumber/seizures/lift')
  @HttpCode(200)
  @Roles('clerk')
  @ApiOperation({ summary: 'Lift a seizure (解除查封), naming the court order' })
  @ApiOkResponse({ type: UnitChangeResponse })
  liftSeizure(
    @Param('unitNumber') unitNumber: string,
    @Body() dto: CourtOrderDto,
    @CommandCtx('LiftSeizure') ctx: CommandContext,
  ) {
    const input = { ...dto, unitNumber };
    return this.change({ type: 'LiftSeizure', data: { ...input, at: now() } }, ctx);
  }

  @Post(':unitNumber/objections')
  @Roles('clerk')
  @ApiOperation({ summary: 'Register an objection (异议登记)' })
  @ApiCreatedResponse({ type: UnitChangeResponse })
  registerObjection(
    @Param('unitNumber') unitNumber: string,
    @Body() dto: RegisterObjectionDto,
    @CommandCtx('RegisterObjection') ctx: CommandContext,
  ) {
    const input = { ...dto, unitNumber };
    return this.change({ type: 'RegisterObjection', data: { ...input, at: now() } }, ctx);
  }

  @Post(':unitNumber/objections/:objectionId/withdraw')
  @HttpCode(200)
  @Roles('clerk')
  @ApiOperation({ summary: 'Withdraw an objection' })
  @ApiOkResponse({ type: UnitChangeResponse })
  withdrawObjection(
    @Param('unitNumber') unitNumber: string,
    @Param('objectionId') objectionId: string,
    @CommandCtx('WithdrawObjection') ctx: CommandContext,
  ) {
    const input = { unitNumber, objectionId };
    return this.change({ type: 'WithdrawObjection', data: { ...input, at: now() } }, ctx);
  }

  @Get(':unitNumber')
  @Roles('applicant', 'clerk', 'supervisor', 'service')
  @ApiOperation({ summary: 'A unit with its owners, encumbrances, transfer lock and history; personal data masked unless the caller is an owner or registry staff' })
  @ApiOkResponse({ type: UnitResponse })
  getUnit(@Param('unitNumber') unitNumber: string, @CurrentPrincipal() principal: Principal | undefined) {
    return this.queries.get(unitNumber, principal);
  }

  // ---- gRPC: the same commands and queries ----

  @GrpcMethod(GRPC_SERVICE, 'RegisterUnit')
  @Roles('clerk')
  registerUnitRpc(@Payload() req: RegisterUnitRpc, @CommandCtx('RegisterUnit') ctx: CommandContext) {
    return this.change(registerUnitCommand(req), ctx);
  }

  @GrpcMethod(GRPC_SERVICE, 'RegisterMortgage')
  @Roles('clerk')
  registerMortgageRpc(@Payload() req: RegisterMortgageRpc, @CommandCtx('RegisterMortgage') ctx: CommandContext) {
    const { unitNumber, mortgageId, lender, amountFen } = req;
    return this.change({ type: 'RegisterMortgage', data: { unitNumber, mortgageId, lender, amountFen, at: now() } }, ctx);
  }

  @GrpcMethod(GRPC_SERVICE, 'ReleaseMortgage')
  @Roles('clerk')
  releaseMortgageRpc(@Payload() req: ReleaseMortgageRpc, @CommandCtx('ReleaseMortgage') ctx: CommandContext) {
    const { unitNumber, mortgageId } = req;
    return this.change({ type: 'ReleaseMortgage', data: { unitNumber, mortgageId, at: now() } }, ctx);
  }

  @GrpcMethod(GRPC_SERVICE, 'RegisterSeizure')
  @Roles('clerk')
  registerSeizureRpc(@Payload() req: CourtOrderRpc, @CommandCtx('RegisterSeizure') ctx: CommandContext) {
    const { unitNumber, court, orderNumber } = req;
    return this.change({ type: 'RegisterSeizure', data: { unitNumber, court, orderNumber, at: now() } }, ctx);
  }

  @GrpcMethod(GRPC_SERVICE, 'LiftSeizure')
  @Roles('clerk')
  liftSeizureRpc(@Payload() req: CourtOrderRpc, @CommandCtx('LiftSeizure') ctx: CommandContext) {
    const { unitNumber, court, orderNumber } = req;
    return this.change({ type: 'LiftSeizure', data: { unitNumber, court, orderNumber, at: now() } }, ctx);
  }

  @GrpcMethod(GRPC_SERVICE, 'RegisterObjection')
  @Roles('clerk')
  registerObjectionRpc(@Payload() req: RegisterObjectionRpc, @CommandCtx('RegisterObjection') ctx: CommandContext) {
    const { unitNumber, objectionId, applicantName, reason } = req;
    return this.change(
      { type: 'RegisterObjection', data: { unitNumber, objectionId, applicantName, reason, at: now() } },
      ctx,
    );
  }

  @GrpcMethod(GRPC_SERVICE, 'WithdrawObjection')
  @Roles('clerk')
  withdrawObjectionRpc(@Payload() req: WithdrawObjectionRpc, @CommandCtx('WithdrawObjection') ctx: CommandContext) {
    const { unitNumber, objectionId } = req;
    return this.change({ type: 'WithdrawObjection', data: { unitNumber, objectionId, at: now() } }, ctx);
  }

  @GrpcMethod(GRPC_SERVICE, 'GetUnit')
  @Roles('applicant', 'clerk', 'supervisor', 'service')
  async getUnitRpc(@Payload() req: GetUnitRpc, @CurrentPrincipal() principal: Principal | undefined) {
    const view = await this.queries.get(req.unitNumber, principal);
    return { ...view, history: view.history.map(({ data, ...entry }) => ({ ...entry, dataJson: JSON.stringify(data) })) };
  }

  private async change(command: RegisterChange, context: CommandContext): Promise<Reply> {
    assertRegistrar(context.principal);
    const { unitNumber, version } = await this.commands.execute(new ChangeUnit(command, context));
    return { unitNumber, version };
  }
}

function registerUnitCommand(dto: RegisterUnitDto): RegisterChange {
  return {
    type: 'RegisterUnit',
    data: {
      unitNumber: dto.unitNumber,
      location: dto.location,
      areaHundredthsM2: dto.areaHundredthsM2,
      use: dto.use,
      owners: dto.owners.map(toOwner),
      acquisitionDate: dto.acquisitionDate,
      originalPriceFen: dto.originalPriceFen ?? null,
      at: now(),
    },
  };
}
