import { IllegalStateError, RuleViolation, assertNever, type Decider } from '@gov/event-sourcing';

/** A window category of the hall (configuration): who serves what, at which windows. */
export interface WindowCategory {
  readonly code: string;
  readonly name: string;
  /** Ticket numbers of this category start with it, e.g. `B` → B001. */
  readonly prefix: string;
  readonly windows: readonly string[];
}

export type TakeTicket = { readonly type: 'TakeTicket'; readonly data: { readonly day: string; readonly category: WindowCategory; readonly at: string } };
export type CallNext = {
  readonly type: 'CallNext';
  readonly data: { readonly day: string; readonly category: WindowCategory; readonly window: string; readonly clerk: string; readonly at: string };
};
export type HallQueueCommand = TakeTicket | CallNext;

export type TicketIssued = { readonly type: 'TicketIssued'; readonly data: { readonly number: string; readonly sequence: number; readonly category: string; readonly issuedAt: string } };
export type TicketCalled = {
  readonly type: 'TicketCalled';
  readonly data: { readonly number: string; readonly category: string; readonly window: string; readonly clerk: string; readonly calledAt: string };
};
export type HallQueueEvent = TicketIssued | TicketCalled;

/** One queue per category per day; numbers restart each day. */
export interface HallQueue {
  readonly issued: number;
  readonly waiting: readonly string[];
}

const number = (prefix: string, sequence: number) => `${prefix}${String(sequence).padStart(3, '0')}`;

export const hallQueueDecider: Decider<HallQueue, HallQueueCommand, HallQueueEvent> = {
  initialState: () => ({ issued: 0, waiting: [] }),
  evolve: (s, e) => {
    switch (e.type) {
      case 'TicketIssued':
        return { issued: e.data.sequence, waiting: [...s.waiting, e.data.number] };
      case 'TicketCalled':
        return { ...s, waiting: s.waiting.filter((n) => n !== e.data.number) };
      default:
        return assertNever(e, 'event');
    }
  },
  decide: (c, s) => {
    switch (c.type) {
      case 'TakeTicket': {
        const sequence = s.issued + 1;
        if (sequence > 999) throw new RuleViolation('queue-full', `no more ${c.data.category.name} numbers today`);
        return [{ type: 'TicketIssued', data: { number: number(c.data.category.prefix, sequence), sequence, category: c.data.category.code, issuedAt: c.data.at } }];
      }
      case 'CallNext': {
        const { category, window } = c.data;
        if (!category.windows.includes(window)) {
          throw new RuleViolation('wrong-window', `window ${window} does not serve ${category.name}`, { windows: category.windows });
        }
        const next = s.waiting[0];
        if (!next) throw new IllegalStateError('queue-empty', `nobody is waiting for ${category.name}`);
        return [{ type: 'TicketCalled', data: { number: next, category: category.code, window, clerk: c.data.clerk, calledAt: c.data.at } }];
      }
      default:
        return assertNever(c, 'command');
    }
  },
};
