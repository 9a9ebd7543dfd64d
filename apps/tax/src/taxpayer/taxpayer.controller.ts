import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { CurrentPrincipal, Roles, type Principal, CommandCtx, type CommandContext } from '@gov/platform';
import { DeregisterTaxpayerDto, RegisterTaxpayerDto } from './taxpayer.dto';
import { CommandBus } from '@nestjs/cqrs';
import { DeregisterTaxpayerCommand, RegisterTaxpayerCommand } from './taxpayer.handler';
import { TaxpayerQueries } from './taxpayer.queries';
import type { TaxpayerView } from './taxpayer.projection';
import { TaxpayerResponse } from './taxpayer.responses';

export class TaxpayerParams {
  @IsUUID()
  taxpayerId!: string;
}

@ApiTags('taxpayers')
@Controller('taxpayers')
export class TaxpayerController {
  constructor(
    private readonly commands: CommandBus,
    private readonly taxpayers: TaxpayerQueries,
  ) {}

  @Post()
  @Roles('applicant', 'clerk', 'service')
  @ApiOperation({ summary: 'Register a taxpayer (person or business) with one set of materials' })
  @ApiCreatedResponse({ type: TaxpayerResponse })
  async register(@Body() dto: RegisterTaxpayerDto, @CommandCtx('RegisterTaxpayer') ctx: CommandContext): Promise<TaxpayerView> {
    const { taxpayerId } = await this.commands.execute(new RegisterTaxpayerCommand(dto, ctx));
    return this.taxpayers.get(taxpayerId, ctx.principal);
  }

  @Get(':taxpayerId')
  @ApiOperation({ summary: 'A taxpayer; identity numbers masked unless the caller is the taxpayer or tax staff' })
  @ApiOkResponse({ type: TaxpayerResponse })
  get(@Param() params: TaxpayerParams, @CurrentPrincipal() principal: Principal): Promise<TaxpayerView> {
    return this.taxpayers.get(params.taxpayerId, principal);
  }

  @Post(':taxpayerId/deregistration')
  @HttpCode(200)
  @Roles('applicant', 'clerk', 'service')
  @ApiOperation({ summary: 'Deregister a taxpayer (注销); refused while anything is unpaid' })
  @ApiOkResponse({ type: TaxpayerResponse })
  async deregister(
    @Param() params: TaxpayerParams,
    @Body() dto: DeregisterTaxpayerDto,
    @CommandCtx('DeregisterTaxpayer') ctx: CommandContext,
  ): Promise<TaxpayerView> {
    await this.commands.execute(new DeregisterTaxpayerCommand(params.taxpayerId, dto, ctx));
    return this.taxpayers.get(params.taxpayerId, ctx.principal);
  }
}
