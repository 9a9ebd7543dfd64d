import { fold } from '@gov/event-sourcing';
import { CASE_LIFECYCLE_EVENTS, DEPARTMENTS, ZETA_PERMITS_ITEM_CODES } from '@gov/contracts';
import { applicationDecider } from './application.decider';
import type { ApplicationEvent } from './application.events';
import { lifecycleOf } from './application-lifecycle.policy';

const applicationId = 'a1b2c3d4-0000-4000-8000-000000000002';
const submitted: ApplicationEvent = {
  type: 'ApplicationSubmitted',
  data: { applicationId, applicant: { residentId: '500102198001010011', name: '张三' }, subject: '许可申请', submittedAt: '2026-03-02T09:00:00+08:00' },
};
const refused: ApplicationEvent = { type: 'ApplicationDecided', data: { applicationId, outcome: 'refused', reason: '材料不全', decidedAt: '2026-03-03T10:00:00+08:00' } };

describe('application lifecycle policy', () => {
  it('accepts the case when the application is submitted, naming the applicant who may rate it', () => {
    const events = lifecycleOf([submitted], fold(applicationDecider, [submitted]), 'clerk-01');
    expect(events.map((e) => e.type)).toEqual(['CaseAccepted', 'CaseStepCompleted']);
    expect(events[0].data).toMatchObject({
      caseId: applicationId,
      itemCode: ZETA_PERMITS_ITEM_CODES.application,
      department: DEPARTMENTS.zeta,
      at: '2026-03-02T09:00:00+08:00',
      applicantIds: ['500102198001010011'],
    });
    expect(events[1].data).toMatchObject({ step: 'accept', actor: 'clerk-01' });
  });

  it('decides and completes the case with the outcome, under the catalog version it was accepted under', () => {
    const events = lifecycleOf([refused], fold(applicationDecider, [submitted, refused]));
    expect(events.map((e) => e.type)).toEqual(['CaseDecided', 'CaseCompleted']);
    expect(events[0].data).toMatchObject({ outcome: 'refused', reason: '材料不全', at: '2026-03-03T10:00:00+08:00' });
    const [accepted] = lifecycleOf([submitted], fold(applicationDecider, [submitted]));
    expect(events.every((e) => e.data.catalogVersion === accepted.data.catalogVersion)).toBe(true);
    expect(events.every((e) => (CASE_LIFECYCLE_EVENTS as readonly string[]).includes(e.type))).toBe(true);
  });
});
