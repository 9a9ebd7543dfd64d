import { Body, Controller, Param } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CommandCtx, ParseCalendarDayParam, Roles, type CommandContext, CommandRoute, QueryRoute } from '@gov/platform';
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

  @QueryRoute({ path: 'categories', summary: 'Window categories and their windows', ok: WindowCategoryView, isArray: true })
  categories(): readonly WindowCategory[] {
    return this.hall.listCategories();
  }

  @CommandRoute({ path: 'tickets', roles: ['applicant', 'clerk', 'service'], summary: 'Take a number for a window category', created: TicketView })
  take(@Body() dto: TakeTicketDto, @CommandCtx('TakeTicket') ctx: CommandContext): Promise<TicketView> {
    return this.commands.execute(new TakeTicketCommand({ category: dto.category }, ctx));
  }

  @CommandRoute({ path: 'calls', roles: ['clerk'], summary: 'Call the next number to a window', ok: TicketView })
  call(@Body() dto: CallNextDto, @CommandCtx('CallNext') ctx: CommandContext): Promise<TicketView> {
    return this.commands.execute(new CallNextTicketCommand({ category: dto.category, window: dto.window }, ctx));
  }

  @QueryRoute({ path: 'tickets/:day/:number', summary: 'A ticket: when issued, to which window called, which case it serves', ok: TicketView })
  ticket(@Param('day', ParseCalendarDayParam) day: string, @Param('number') number: string): Promise<TicketView> {
    return this.hall.ticket(day, number);
  }

  @GrpcMethod('JointProcessing', 'TakeTicket')
  takeRpc(@Payload() dto: TakeTicketDto, @CommandCtx('TakeTicket') ctx: CommandContext): Promise<TicketView> {
    return this.commands.execute(new TakeTicketCommand({ category: dto.category }, ctx));
  }

  @GrpcMethod('JointProcessing', 'CallNext')
  @Roles('clerk')
  callRpc(@Payload() dto: CallNextDto, @CommandCtx('CallNext') ctx: CommandContext): Promise<TicketView> {
    return this.commands.execute(new CallNextTicketCommand({ category: dto.category, window: dto.window }, ctx));
  }
}
