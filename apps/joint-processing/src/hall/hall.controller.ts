import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandCtx, ParseCalendarDayParam, Roles, type CommandContext } from '@gov/platform';
import { CommandBus } from '@nestjs/cqrs';
import { CallNextTicketCommand, TakeTicketCommand } from './hall.handlers';
import { HallService } from './hall.service';
import { CallNextDto, TakeTicketDto, TicketView, WindowCategoryView } from './hall.dto';
import type { WindowCategory } from './hall-queue.decider';

@ApiTags('hall')
@ApiBearerAuth()
@Controller('hall')
export class HallController {
  constructor(
    private readonly commands: CommandBus,
    private readonly hall: HallService,
  ) {}

  @Get('categories')
  @ApiOperation({ summary: 'Window categories and their windows' })
  @ApiOkResponse({ type: WindowCategoryView, isArray: true })
  categories(): readonly WindowCategory[] {
    return this.hall.listCategories();
  }

  @Post('tickets')
  @Roles('applicant', 'clerk', 'service')
  @ApiOperation({ summary: 'Take a number for a window category' })
  @ApiCreatedResponse({ type: TicketView })
  take(@Body() dto: TakeTicketDto, @CommandCtx('TakeTicket') ctx: CommandContext): Promise<TicketView> {
    return this.commands.execute(new TakeTicketCommand(dto.category, ctx));
  }

  @Post('calls')
  @HttpCode(200)
  @Roles('clerk')
  @ApiOperation({ summary: 'Call the next number to a window' })
  @ApiOkResponse({ type: TicketView })
  call(@Body() dto: CallNextDto, @CommandCtx('CallNext') ctx: CommandContext): Promise<TicketView> {
    return this.commands.execute(new CallNextTicketCommand(dto.category, dto.window, ctx));
  }

  @Get('tickets/:day/:number')
  @ApiOperation({ summary: 'A ticket: when issued, to which window called, which case it serves' })
  @ApiOkResponse({ type: TicketView })
  ticket(@Param('day', ParseCalendarDayParam) day: string, @Param('number') number: string): Promise<TicketView> {
    return this.hall.ticket(day, number);
  }

  @GrpcMethod('JointProcessing', 'TakeTicket')
  takeRpc(@Payload() dto: TakeTicketDto, @CommandCtx('TakeTicket') ctx: CommandContext): Promise<TicketView> {
    return this.commands.execute(new TakeTicketCommand(dto.category, ctx));
  }

  @GrpcMethod('JointProcessing', 'CallNext')
  @Roles('clerk')
  callRpc(@Payload() dto: CallNextDto, @CommandCtx('CallNext') ctx: CommandContext): Promise<TicketView> {
    return this.commands.execute(new CallNextTicketCommand(dto.category, dto.window, ctx));
  }
}
