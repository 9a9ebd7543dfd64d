import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { CurrentPrincipal, Roles, type Principal, CommandCtx, type CommandContext } from '@gov/platform';
import { DeregisterTaxpayerDto, RegisterTaxpayerDto } from './taxpayer.dto';
import { TaxpayerHandler } from './taxpayer.handler';
import type { TaxpayerView } from './taxpayer.projection';

export class TaxpayerParams {
  @IsUUID()
  taxpayerId!: string;
}

@ApiTags('taxpayers')
@Controller('taxpayers')
export class TaxpayerController {
  constructor(private readonly handler: TaxpayerHandler) {}

  @Post()
  @Roles('applicant', 'clerk', 'service')
  @ApiOperation({ summary: 'Register a taxpayer (person or business) with one set of materials' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  register(@Body() dto: RegisterTaxpayerDto, @CommandCtx('RegisterTaxpayer') ctx: CommandContext): Promise<TaxpayerView> {
    return this.handler.register(dto, ctx);
  }

  @Get(':taxpayerId')
  @ApiOperation({ summary: 'A taxpayer; identity numbers masked unless the caller is the taxpayer or tax staff' })
  get(@Param() params: TaxpayerParams, @CurrentPrincipal() principal: Principal): Promise<TaxpayerView> {
    return this.handler.get(params.taxpayerId, principal);
  }

  @Post(':taxpayerId/deregistration')
  @HttpCode(200)
  @Roles('applicant', 'clerk', 'service')
  @ApiOperation({ summary: 'Deregister a taxpayer (注销); refused while anything is unpaid' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  deregister(
    @Param() params: TaxpayerParams,
    @Body() dto: DeregisterTaxpayerDto,
    @CommandCtx('DeregisterTaxpayer') ctx: CommandContext,
  ): Promise<TaxpayerView> {
    return this.handler.deregister(params.taxpayerId, dto, ctx);
  }
}
