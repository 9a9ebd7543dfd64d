import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandCtx, Roles, type CommandContext } from '@gov/platform';
import { HallService } from './hall.service';
import { CallNextDto, TakeTicketDto, TicketView } from './hall.dto';
import type { WindowCategory } from './hall-queue.decider';

@ApiTags('hall')
@ApiBearerAuth()
@Controller('hall')
export class HallController {
  constructor(private readonly hall: HallService) {}

  @Get('categories')
  @ApiOperation({ summary: 'Window categories and their windows' })
  categories(): readonly WindowCategory[] {
    return this.hall.listCategories();
  }

  @Post('tickets')
  @Roles('applicant', 'clerk', 'service')
  @ApiOperation({ summary: 'Take a number for a window category' })
  take(@Body() dto: TakeTicketDto, @CommandCtx('TakeTicket') ctx: CommandContext): Promise<TicketView> {
    return this.hall.take(dto.category, ctx);
  }

  @Post('calls')
  @HttpCode(200)
  @Roles('clerk')
  @ApiOperation({ summary: 'Call the next number to a window' })
  call(@Body() dto: CallNextDto, @CommandCtx('CallNext') ctx: CommandContext): Promise<TicketView> {
    return this.hall.callNext(dto.category, dto.window, ctx);
  }

  @Get('tickets/:day/:number')
  @ApiOperation({ summary: 'A ticket: when issued, to which window called, which case it serves' })
  ticket(@Param('day') day: string, @Param('number') number: string): Promise<TicketView> {
    return this.hall.ticket(day, number);
  }

  @GrpcMethod('JointProcessing', 'TakeTicket')
  takeRpc(@Payload() dto: TakeTicketDto, @CommandCtx('TakeTicket') ctx: CommandContext): Promise<TicketView> {
    return this.hall.take(dto.category, ctx);
  }

  @GrpcMethod('JointProcessing', 'CallNext')
  @Roles('clerk')
  callRpc(@Payload() dto: CallNextDto, @CommandCtx('CallNext') ctx: CommandContext): Promise<TicketView> {
    return this.hall.callNext(dto.category, dto.window, ctx);
  }
}
