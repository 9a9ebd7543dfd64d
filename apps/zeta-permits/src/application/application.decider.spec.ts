import { DeciderSpecification, IllegalStateError, NotFoundError, ValidationError } from '@gov/event-sourcing';
import { applicationDecider } from './application.decider';
import type { ApplicationEvent } from './application.events';

const given = DeciderSpecification.for(applicationDecider);
const applicationId = 'a1b2c3d4-0000-4000-8000-000000000001';
const applicant = { residentId: '500102198001010011', name: '张三' };
const submitted: ApplicationEvent = { type: 'ApplicationSubmitted', data: { applicationId, applicant, subject: '许可申请', submittedAt: '2026-03-02T09:00:00+08:00' } };
const submit = { type: 'SubmitApplication', data: { applicationId, applicant, subject: '许可申请', at: '2026-03-02T09:00:00+08:00' } } as const;
const decide = (outcome: 'approved' | 'refused', reason: string | null = null) =>
  ({ type: 'DecideApplication', data: { applicationId, outcome, reason, at: '2026-03-03T10:00:00+08:00' } }) as const;

describe('application decider', () => {
  it('submits a new application', () => {
    given([]).when(submit).then([submitted]);
  });

  it('refuses to submit the same application twice', () => {
    given([submitted]).when(submit).thenThrows(IllegalStateError, (e: IllegalStateError) => expect(e.code).toBe('application-exists'));
  });

  it('names every missing field of a submission', () => {
    const error = given([])
      .when({ type: 'SubmitApplication', data: { applicationId: '', applicant: { residentId: '', name: ' ' }, subject: '', at: 'yesterday' } })
      .thenThrows<ValidationError>(ValidationError);
    expect(error.issues.map((i) => i.field)).toEqual(['applicationId', 'applicant.residentId', 'applicant.name', 'subject', 'at']);
  });

  it('approves a submitted application', () => {
    given([submitted])
      .when(decide('approved'))
      .then([{ type: 'ApplicationDecided', data: { applicationId, outcome: 'approved', reason: null, decidedAt: '2026-03-03T10:00:00+08:00' } }]);
  });

  it('refuses with a reason, and not without one', () => {
    given([submitted])
      .when(decide('refused', '材料不全'))
      .then([{ type: 'ApplicationDecided', data: { applicationId, outcome: 'refused', reason: '材料不全', decidedAt: '2026-03-03T10:00:00+08:00' } }]);
    const error = given([submitted]).when(decide('refused')).thenThrows<ValidationError>(ValidationError);
    expect(error.issues).toEqual([{ field: 'reason', message: 'is required when the application is refused' }]);
  });

  it('decides only a submitted application, once', () => {
    given([]).when(decide('approved')).thenThrows(NotFoundError);
    const decided: ApplicationEvent = { type: 'ApplicationDecided', data: { applicationId, outcome: 'approved', reason: null, decidedAt: '2026-03-03T10:00:00+08:00' } };
    given([submitted, decided]).when(decide('refused', 'late')).thenThrows(IllegalStateError, (e: IllegalStateError) => expect(e.code).toBe('application-decided'));
  });
});
