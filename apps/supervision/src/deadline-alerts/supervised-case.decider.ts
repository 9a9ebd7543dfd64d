import { assertNever, type Decider, type AggregateType } from '@gov/event-sourcing';
import type { SupervisedCaseCommand, SupervisedCaseEvent } from './supervised-case.events';

/** Supervision's own record of a case: the alerts it raised, each at most once. */
export type SupervisedCase = { readonly status: 'quiet' } | { readonly status: 'warned'; readonly warnedAt: string } | { readonly status: 'breached'; readonly breachedAt: string };

export const supervisedCaseDecider: Decider<SupervisedCase, SupervisedCaseCommand, SupervisedCaseEvent> = {
  initialState: () => ({ status: 'quiet' }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'CaseDeadlineWarning':
        return state.status === 'quiet' ? { status: 'warned', warnedAt: event.data.at } : state;
      case 'CaseDeadlineBreached':
        return { status: 'breached', breachedAt: event.data.at };
      default:
        return assertNever(event, 'supervised case event');
    }
  },

  // A timer fired twice (a retry, a second replica) raises nothing new; nor does a
  // warning that comes after the breach it would have announced.
  decide: (command, state) => {
    switch (command.type) {
      case 'RaiseDeadlineWarning':
        return state.status === 'quiet' ? [{ type: 'CaseDeadlineWarning', data: command.data }] : [];
      case 'RaiseDeadlineBreach':
        return state.status === 'breached' ? [] : [{ type: 'CaseDeadlineBreached', data: command.data }];
      default:
        return assertNever(command, 'supervised case command');
    }
  },
};

/** Stream `supervised-case-<service>/<caseId>`. */
export const SupervisedCaseAggregate: AggregateType<SupervisedCase, SupervisedCaseCommand, SupervisedCaseEvent> = {
  name: 'supervised-case',
  decider: supervisedCaseDecider,
};
