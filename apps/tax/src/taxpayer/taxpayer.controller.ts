import { Body, Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { CurrentPrincipal, type Principal, CommandCtx, type CommandContext, CommandRoute, QueryRoute } from '@gov/platform';
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

  @CommandRoute({ roles: ['applicant', 'clerk', 'service'], summary: 'Register a taxpayer (person or business) with one set of materials', created: TaxpayerResponse })
  async register(@Body() dto: RegisterTaxpayerDto, @CommandCtx('RegisterTaxpayer') ctx: CommandContext): Promise<TaxpayerView> {
    const { taxpayerId } = await this.commands.execute(new RegisterTaxpayerCommand(dto, ctx));
    return this.taxpayers.get(taxpayerId, ctx.principal);
  }

  @QueryRoute({ path: ':taxpayerId', summary: 'A taxpayer; identity numbers masked unless the caller is the taxpayer or tax staff', ok: TaxpayerResponse })
  get(@Param() params: TaxpayerParams, @CurrentPrincipal() principal: Principal): Promise<TaxpayerView> {
    return this.taxpayers.get(params.taxpayerId, principal);
  }

  @CommandRoute({ path: ':taxpayerId/deregistration', roles: ['applicant', 'clerk', 'service'], summary: 'Deregister a taxpayer (注销); refused while anything is unpaid', ok: TaxpayerResponse })
  async deregister(
    @Param() params: TaxpayerParams,
    @Body() dto: DeregisterTaxpayerDto,
    @CommandCtx('DeregisterTaxpayer') ctx: CommandContext,
  ): Promise<TaxpayerView> {
    await this.commands.execute(new DeregisterTaxpayerCommand({ taxpayerId: params.taxpayerId, dto }, ctx));
    return this.taxpayers.get(params.taxpayerId, ctx.principal);
  }
}
