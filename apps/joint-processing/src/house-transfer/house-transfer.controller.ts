import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandCtx, CurrentPrincipal, ParseUuidParam, Roles, type CommandContext, type Principal } from '@gov/platform';
import { CommandBus } from '@nestjs/cqrs';
import { SubmitHouseTransferCommand, type SubmittedCase } from './house-transfer.handlers';
import { HouseTransferService } from './house-transfer.service';
import { CaseIdDto, HouseTransferAccepted, HouseTransferRequirements, HouseTransferView, SubmitHouseTransferDto } from './house-transfer.dto';

@ApiTags('house-transfers')
@ApiBearerAuth()
@Controller('house-transfers')
export class HouseTransferController {
  constructor(
    private readonly commands: CommandBus,
    private readonly cases: HouseTransferService,
  ) {}

  @Post()
  @Roles('clerk')
  @ApiOperation({ summary: 'Accept a second-hand house transfer at the window (one application, one set of materials)' })
  @ApiCreatedResponse({ type: HouseTransferAccepted })
  submit(@Body() dto: SubmitHouseTransferDto, @CommandCtx('SubmitHouseTransfer') ctx: CommandContext): Promise<SubmittedCase> {
    return this.commands.execute(new SubmitHouseTransferCommand(dto, ctx));
  }

  @Get('requirements')
  @ApiOperation({ summary: 'Required materials and the promise, from the item catalog in force today' })
  @ApiOkResponse({ type: HouseTransferRequirements })
  requirements(): ReturnType<HouseTransferService['requirements']> {
    return this.cases.requirements();
  }

  @Get(':caseId')
  @ApiOperation({
    summary: "The case with its timeline (each step, its time and duration, who acted) and tax's payment order (id, amount in fen, status, pay-by time)",
  })
  @ApiOkResponse({ type: HouseTransferView })
  get(@Param('caseId', ParseUuidParam) caseId: string, @CurrentPrincipal() p: Principal): Promise<HouseTransferView> {
    return this.cases.view(caseId, p);
  }

  @GrpcMethod('JointProcessing', 'SubmitHouseTransfer')
  @Roles('clerk')
  submitRpc(@Payload() dto: SubmitHouseTransferDto, @CommandCtx('SubmitHouseTransfer') ctx: CommandContext): Promise<SubmittedCase> {
    return this.commands.execute(new SubmitHouseTransferCommand(dto, ctx));
  }

  @GrpcMethod('JointProcessing', 'GetHouseTransfer')
  async getRpc(@Payload() dto: CaseIdDto, @CurrentPrincipal() p: Principal): Promise<Record<string, unknown>> {
    const v = await this.cases.view(dto.caseId, p);
    return { ...v, ticket: { day: v.ticket.day, number: v.ticket.number }, window: v.ticket.window };
  }
}
