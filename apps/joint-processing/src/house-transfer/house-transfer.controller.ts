import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandCtx, CurrentPrincipal, Roles, type CommandContext, type Principal } from '@gov/platform';
import { HouseTransferService } from './house-transfer.service';
import { CaseIdDto, HouseTransferView, SubmitHouseTransferDto } from './house-transfer.dto';

@ApiTags('house-transfers')
@ApiBearerAuth()
@Controller('house-transfers')
export class HouseTransferController {
  constructor(private readonly cases: HouseTransferService) {}

  @Post()
  @Roles('clerk')
  @ApiOperation({ summary: 'Accept a second-hand house transfer at the window (one application, one set of materials)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retry with the same key returns the first result' })
  submit(@Body() dto: SubmitHouseTransferDto, @CommandCtx('SubmitHouseTransfer') ctx: CommandContext): Promise<{ caseId: string; status: string }> {
    return this.cases.submit(dto, ctx);
  }

  @Get('requirements')
  @ApiOperation({ summary: 'Required materials and the promise, from the item catalog in force today' })
  requirements(): ReturnType<HouseTransferService['requirements']> {
    return this.cases.requirements();
  }

  @Get(':caseId')
  @ApiOperation({
    summary: "The case with its timeline (each step, its time and duration, who acted) and tax's payment order (id, amount in fen, status, pay-by time)",
  })
  get(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentPrincipal() p: Principal): Promise<HouseTransferView> {
    return this.cases.view(caseId, p);
  }

  @GrpcMethod('JointProcessing', 'SubmitHouseTransfer')
  @Roles('clerk')
  submitRpc(@Payload() dto: SubmitHouseTransferDto, @CommandCtx('SubmitHouseTransfer') ctx: CommandContext): Promise<{ caseId: string; status: string }> {
    return this.cases.submit(dto, ctx);
  }

  @GrpcMethod('JointProcessing', 'GetHouseTransfer')
  async getRpc(@Payload() dto: CaseIdDto, @CurrentPrincipal() p: Principal): Promise<Record<string, unknown>> {
    const v = await this.cases.view(dto.caseId, p);
    return { ...v, ticket: { day: v.ticket.day, number: v.ticket.number }, window: v.ticket.window };
  }
}
