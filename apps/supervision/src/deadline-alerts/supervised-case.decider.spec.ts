import { DeciderSpecification } from '@gov/event-sourcing';
import { supervisedCaseDecider } from './supervised-case.decider';
import type { CaseDeadlineBreached, CaseDeadlineWarning, SupervisedCaseEvent } from './supervised-case.events';

describe('supervisedCaseDecider', () => {
  const sut = DeciderSpecification.for(supervisedCaseDecider);
  const alert: CaseDeadlineBreached = {
    caseKey: 'real-estate-registration/t-1',
    service: 'real-estate-registration',
    caseId: 't-1',
    itemCode: 'LB-01',
    catalogVersion: '2018-08',
    department: 'real-estate',
    promisedLimit: { unit: 'hours', value: 1 },
    dueAt: '2018-10-10T10:05:00+08:00',
    at: '2018-10-10T10:05:01+08:00',
  };
  const warning: CaseDeadlineWarning = { ...alert, warnAt: '2018-10-10T09:53:00+08:00', at: '2018-10-10T09:53:01+08:00' };
  const warned: SupervisedCaseEvent = { type: 'CaseDeadlineWarning', data: warning };
  const breached: SupervisedCaseEvent = { type: 'CaseDeadlineBreached', data: alert };

  it('raises the 80% warning once', () => {
    sut([]).when({ type: 'RaiseDeadlineWarning', data: warning }).then([warned]);
    sut([warned]).when({ type: 'RaiseDeadlineWarning', data: warning }).thenNothingHappened();
  });

  it('raises the breach once, with or without a warning before it', () => {
    sut([]).when({ type: 'RaiseDeadlineBreach', data: alert }).then([breached]);
    sut([warned]).when({ type: 'RaiseDeadlineBreach', data: alert }).then([breached]);
    sut([warned, breached]).when({ type: 'RaiseDeadlineBreach', data: alert }).thenNothingHappened();
  });

  it('raises no warning after the breach it would announce', () => {
    sut([breached]).when({ type: 'RaiseDeadlineWarning', data: warning }).thenNothingHappened();
  });
});
