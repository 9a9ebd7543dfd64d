import { DeciderSpecification, type Decider, RuleViolation } from '.';

type Counter = { status: 'open'; total: number } | { status: 'closed'; total: number };
type Cmd = { type: 'Add'; data: { amount: number } } | { type: 'Close'; data: Record<string, never> };
type Ev = { type: 'Added'; data: { amount: number } } | { type: 'Closed'; data: Record<string, never> };

const counter: Decider<Counter, Cmd, Ev> = {
  initialState: () => ({ status: 'open', total: 0 }),
  evolve: (s, e) => (e.type === 'Added' ? { ...s, total: s.total + e.data.amount } : { status: 'closed', total: s.total }),
  decide: (c, s) => {
    if (s.status === 'closed') throw new RuleViolation('closed', 'counter is closed');
    if (c.type === 'Close') return [{ type: 'Closed', data: {} }];
    return c.data.amount === 0 ? [] : [{ type: 'Added', data: { amount: c.data.amount } }];
  },
};

describe('DeciderSpecification', () => {
  const given = DeciderSpecification.for(counter);

  it('passes when the decided events match', () => {
    given([]).when({ type: 'Add', data: { amount: 2 } }).then([{ type: 'Added', data: { amount: 2 } }]);
  });

  it('fails when the decided events differ', () => {
    expect(() => given([]).when({ type: 'Add', data: { amount: 2 } }).then([{ type: 'Added', data: { amount: 3 } }])).toThrow();
  });

  it('checks refusals by error class', () => {
    const error = given([{ type: 'Closed', data: {} }]).when({ type: 'Add', data: { amount: 1 } }).thenThrows(RuleViolation);
    expect(error.message).toBe('counter is closed');
    expect(() => given([]).when({ type: 'Add', data: { amount: 1 } }).thenThrows(RuleViolation)).toThrow(/expected RuleViolation/);
  });

  it('checks that nothing happened', () => {
    given([]).when({ type: 'Add', data: { amount: 0 } }).thenNothingHappened();
    expect(() => given([]).when({ type: 'Add', data: { amount: 1 } }).thenNothingHappened()).toThrow();
  });
});
