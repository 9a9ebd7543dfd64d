import { DeciderSpecification, IllegalStateError, RuleViolation } from '@gov/event-sourcing';
import { hallQueueDecider, type WindowCategory } from './hall-queue.decider';

const realEstateAndTax: WindowCategory = { code: 'real-estate-and-tax', name: '不动产登记及税收', prefix: 'B', windows: ['8', '9'] };
const day = '2026-11-28';
const at = '2026-11-28T01:00:00.000Z';

describe('hall queue', () => {
  const given = DeciderSpecification.for(hallQueueDecider);
  const issued = (n: number) => ({ type: 'TicketIssued' as const, data: { number: `B${String(n).padStart(3, '0')}`, sequence: n, category: 'real-estate-and-tax', issuedAt: at } });

  it('issues numbers in sequence per category', () => {
    given([]).when({ type: 'TakeTicket', data: { day, category: realEstateAndTax, at } }).then([issued(1)]);
    given([issued(1), issued(2)]).when({ type: 'TakeTicket', data: { day, category: realEstateAndTax, at } }).then([issued(3)]);
  });

  it('calls the longest waiting number to a window of its category', () => {
    given([issued(1), issued(2)])
      .when({ type: 'CallNext', data: { day, category: realEstateAndTax, window: '9', clerk: 'c9', at } })
      .then([{ type: 'TicketCalled', data: { number: 'B001', category: 'real-estate-and-tax', window: '9', clerk: 'c9', calledAt: at } }]);
  });

  it('refuses a window of another category and an empty queue', () => {
    given([issued(1)]).when({ type: 'CallNext', data: { day, category: realEstateAndTax, window: '1', clerk: 'c1', at } }).thenThrows(RuleViolation);
    given([]).when({ type: 'CallNext', data: { day, category: realEstateAndTax, window: '8', clerk: 'c8', at } }).thenThrows(IllegalStateError);
  });
});
