import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { NotFoundError, ValidationError, type AggregateType } from '@gov/event-sourcing';
import { ServiceRuntime } from '@gov/platform';
import { hallQueueDecider, type HallQueue, type HallQueueCommand, type HallQueueEvent, type WindowCategory } from './hall-queue.decider';
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

/** The hall's categories and tickets (the read side; taking and calling numbers are hall.handlers.ts). */
@Injectable()
export class HallService {
  constructor(
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

  async ticket(day: string, number: string, db: Pick<PoolClient, 'query'> = this.runtime.pool): Promise<TicketView> {
    const { rows } = await db.query<TicketRow>('SELECT day::text AS day, number, category, issued_at, window_no, called_at, case_id FROM jp_tickets WHERE day = $1 AND number = $2', [day, number]);
    if (!rows.length) throw new NotFoundError('ticket', `${day} ${number}`);
    const t = rows[0];
    return { day: t.day, number: t.number, category: t.category, issuedAt: t.issued_at.toISOString(), window: t.window_no, calledAt: t.called_at?.toISOString() ?? null, caseId: t.case_id };
  }
}
