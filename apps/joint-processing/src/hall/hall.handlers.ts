import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PoolClient } from 'pg';
import { AggregateRepository, type RecordedEvent } from '@gov/event-sourcing/postgres';
import { commandOptionsOf, type CommandContext } from '@gov/platform';
import { toIsoDate } from '@gov/service-standards';
import type { HallQueueEvent } from './hall-queue.decider';
import type { TicketView } from './hall.dto';
import { HallQueueAggregate, HallService } from './hall.service';

/** Take a number for a window category (REST and gRPC). */
export class TakeTicketCommand extends Command<TicketView> {
  constructor(
    readonly category: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Call the next number of a category to a window. */
export class CallNextTicketCommand extends Command<TicketView> {
  constructor(
    readonly category: string,
    readonly window: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

interface TicketRef {
  readonly day: string;
  readonly number: string;
}

/** The tickets table, in the append's transaction. */
async function projectTickets(tx: PoolClient, day: string, events: readonly RecordedEvent<HallQueueEvent>[]): Promise<void> {
  for (const e of events) {
    if (e.type === 'TicketIssued') {
      await tx.query('INSERT INTO jp_tickets (day, number, category, issued_at) VALUES ($1, $2, $3, $4)', [day, e.data.number, e.data.category, e.data.issuedAt]);
    } else {
      await tx.query('UPDATE jp_tickets SET window_no = $3, called_at = $4, clerk = $5 WHERE day = $1 AND number = $2', [day, e.data.number, e.data.window, e.data.calledAt, e.data.clerk]);
    }
  }
}

// A day's queue of a category is one hot stream: its writers wait on a lock instead of retrying.
@CommandHandler(TakeTicketCommand)
export class TakeTicketHandler implements ICommandHandler<TakeTicketCommand, TicketView> {
  constructor(
    private readonly aggregates: AggregateRepository,
    private readonly hall: HallService,
  ) {}

  async execute({ category: code, context }: TakeTicketCommand): Promise<TicketView> {
    const category = this.hall.category(code);
    const at = new Date().toISOString();
    const day = toIsoDate(at);
    const r = await this.aggregates.handle(HallQueueAggregate, `${day}-${category.code}`, { type: 'TakeTicket', data: { day, category, at } }, {
      ...commandOptionsOf(context),
      lockStream: true,
      project: (tx, events) => projectTickets(tx, day, events),
      result: (_s, events): TicketRef => ({ day, number: events[0].type === 'TicketIssued' ? events[0].data.number : '' }),
    });
    // A replay answers the first ticket, whatever the day now.
    return this.hall.ticket(r.result.day, r.result.number);
  }
}

@CommandHandler(CallNextTicketCommand)
export class CallNextTicketHandler implements ICommandHandler<CallNextTicketCommand, TicketView> {
  constructor(
    private readonly aggregates: AggregateRepository,
    private readonly hall: HallService,
  ) {}

  async execute({ category: code, window, context }: CallNextTicketCommand): Promise<TicketView> {
    const clerk = context.actor?.subject ?? 'unknown';
    const category = this.hall.category(code);
    const at = new Date().toISOString();
    const day = toIsoDate(at);
    const r = await this.aggregates.handle(HallQueueAggregate, `${day}-${category.code}`, { type: 'CallNext', data: { day, category, window, clerk, at } }, {
      ...commandOptionsOf(context),
      lockStream: true,
      project: (tx, events) => projectTickets(tx, day, events),
      result: (_s, events): TicketRef => ({ day, number: events[0].type === 'TicketCalled' ? events[0].data.number : '' }),
    });
    return this.hall.ticket(r.result.day, r.result.number);
  }
}
