import { Controller } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { CurrentPrincipal, Roles, type Principal, validateDto, CommandCtx, type CommandContext } from '@gov/platform';
import { TaxpayerParams } from './taxpayer.controller';
import { DeregisterTaxpayerDto, RegisterTaxpayerDto } from './taxpayer.dto';
import { CommandBus } from '@nestjs/cqrs';
import { DeregisterTaxpayerCommand, RegisterTaxpayerCommand } from './taxpayer.handler';
import { TaxpayerQueries } from './taxpayer.queries';
import type { TaxpayerView } from './taxpayer.projection';

interface IdentityMessage {
  kind?: string;
  residentId?: string;
  creditCode?: string;
  name?: string;
}
interface MaterialsMessage {
  setId?: string;
  documentIds?: string[];
}

/** gRPC `gov.tax.v1.TaxService`, taxpayer methods: the REST DTOs, validation and handler. */
@Controller()
export class TaxpayerGrpcController {
  constructor(
    private readonly commands: CommandBus,
    private readonly taxpayers: TaxpayerQueries,
  ) {}

  @GrpcMethod('TaxService', 'RegisterTaxpayer')
  @Roles('applicant', 'clerk', 'service')
  async register(@Payload() request: { taxpayer?: IdentityMessage; materials?: MaterialsMessage }, @CommandCtx('RegisterTaxpayer') ctx: CommandContext): Promise<TaxpayerView> {
    const t = request.taxpayer;
    const body = {
      taxpayer: t && {
        kind: t.kind,
        name: t.name,
        ...(t.residentId ? { residentId: t.residentId } : {}),
        ...(t.creditCode ? { creditCode: t.creditCode } : {}),
      },
      materials: request.materials,
    };
    const dto = await validateDto(RegisterTaxpayerDto, body);
    const { taxpayerId } = await this.commands.execute(new RegisterTaxpayerCommand(dto, ctx));
    return this.taxpayers.get(taxpayerId, ctx.principal);
  }

  @GrpcMethod('TaxService', 'DeregisterTaxpayer')
  @Roles('applicant', 'clerk', 'service')
  async deregister(@Payload() request: { taxpayerId?: string; reason?: string; materials?: MaterialsMessage }, @CommandCtx('DeregisterTaxpayer') ctx: CommandContext): Promise<TaxpayerView> {
    const params = await validateDto(TaxpayerParams, { taxpayerId: request.taxpayerId });
    const dto = await validateDto(DeregisterTaxpayerDto, { reason: request.reason, materials: request.materials });
    await this.commands.execute(new DeregisterTaxpayerCommand(params.taxpayerId, dto, ctx));
    return this.taxpayers.get(params.taxpayerId, ctx.principal);
  }

  @GrpcMethod('TaxService', 'GetTaxpayer')
  async get(@Payload() request: { taxpayerId?: string }, @CurrentPrincipal() principal?: Principal): Promise<TaxpayerView> {
    const params = await validateDto(TaxpayerParams, { taxpayerId: request.taxpayerId });
    return this.taxpayers.get(params.taxpayerId, principal);
  }
}
