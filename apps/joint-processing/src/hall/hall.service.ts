import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { NotFoundError, ValidationError, type AggregateType } from '@gov/event-sourcing';
import { AggregateRepository, type RecordedEvent } from '@gov/event-sourcing/postgres';
import { ServiceRuntime, commandOptionsOf, type CommandContext } from '@gov/platform';
import { hallQueueDecider, type HallQueue, type HallQueueCommand, type HallQueueEvent, type WindowCategory } from './hall-queue.decider';
import { toIsoDate } from '@gov/service-standards';
import type { TicketView } from './hall.dto';

export const WINDOW_CATEGORIES = 'joint-processing:window-categories';

export const HallQueueAggregate: AggregateType<HallQueue, HallQueueCommand, HallQueueEvent> = { name: 'hall-queue', decider: hallQueueDecider };

export const HALL_SCHEMA = `
CREATE TABLE IF NOT EXISTS jp_tickets (
  day         date NOT NULL,
  number      text NOT NULL,
  category    text NOT NULL,
  issued_at   timestamptz NOT NULL,
  window_no   text,
  called_at   timestamptz,
  clerk       text,
  case_id     uuid,
  PRIMARY KEY (day, number)
);`;

interface TicketRow {
  day: string;
  number: string;
  category: string;
  issued_at: Date;
  window_no: string | null;
  called_at: Date | null;
  case_id: string | null;
}

/** The hall: one number serves the whole visit; the case remembers its ticket and window. */
@Injectable()
export class HallService {
  constructor(
    private readonly aggregates: AggregateRepository,
    private readonly runtime: ServiceRuntime,
    @Inject(WINDOW_CATEGORIES) private readonly categories: readonly WindowCategory[],
  ) {}

  listCategories(): readonly WindowCategory[] {
    return this.categories;
  }

  category(code: string): WindowCategory {
    const c = this.categories.find((x) => x.code === code);
    if (!c) throw ValidationError.field('category', `unknown window category; one of ${this.categories.map((x) => x.code).join(', ')}`);
    return c;
  }

  async take(categoryCode: string, ctx: CommandContext): Promise<TicketView> {
    const category = this.category(categoryCode);
    const at = new Date().toISOString();
    const day = toIsoDate(at);
    const r = await this.aggregates.handle(HallQueueAggregate, `${day}-${category.code}`, { type: 'TakeTicket', data: { day, category, at } }, {
      ...commandOptionsOf(ctx),
      lockStream: true,
      project: (tx, events) => this.project(tx, day, events),
      result: (_s, events) => ({ day, number: events[0].type === 'TicketIssued' ? events[0].data.number : '' }),
    });
    // A replay answers the first ticket, whatever the day now.
    return this.ticket(r.result.day, r.result.number);
  }

  async callNext(categoryCode: string, window: string, ctx: CommandContext): Promise<TicketView> {
    const clerk = ctx.actor?.subject ?? 'unknown';
    const category = this.category(categoryCode);
    const at = new Date().toISOString();
    const day = toIsoDate(at);
    const r = await this.aggregates.handle(HallQueueAggregate, `${day}-${category.code}`, { type: 'CallNext', data: { day, category, window, clerk, at } }, {
      ...commandOptionsOf(ctx),
      lockStream: true,
      project: (tx, events) => this.project(tx, day, events),
      result: (_s, events) => ({ day, number: events[0].type === 'TicketCalled' ? events[0].data.number : '' }),
    });
    return this.ticket(r.result.day, r.result.number);
  }

  async ticket(day: string, number: string, db: Pick<PoolClient, 'query'> = this.runtime.pool): Promise<TicketView> {
    const { rows } = await db.query<TicketRow>('SELECT day::text AS day, number, category, issued_at, window_no, called_at, case_id FROM jp_tickets WHERE day = $1 AND number = $2', [day, number]);
    if (!rows.length) throw new NotFoundError('ticket', `${day} ${number}`);
    const t = rows[0];
    return { day: t.day, number: t.number, category: t.category, issuedAt: t.issued_at.toISOString(), window: t.window_no, calledAt: t.called_at?.toISOString() ?? null, caseId: t.case_id };
  }

  private async project(tx: PoolClient, day: string, events: readonly RecordedEvent<HallQueueEvent>[]): Promise<void> {
    for (const e of events) {
      if (e.type === 'TicketIssued') {
        await tx.query('INSERT INTO jp_tickets (day, number, category, issued_at) VALUES ($1, $2, $3, $4)', [day, e.data.number, e.data.category, e.data.issuedAt]);
      } else {
        await tx.query('UPDATE jp_tickets SET window_no = $3, called_at = $4, clerk = $5 WHERE day = $1 AND number = $2', [day, e.data.number, e.data.window, e.data.calledAt, e.data.clerk]);
      }
    }
  }
}
