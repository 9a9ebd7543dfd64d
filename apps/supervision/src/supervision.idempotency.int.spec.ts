import { randomUUID } from 'node:crypto';
import { makeResidentId } from '@gov/identity';
import { JsonLogger } from '@gov/platform';
import { formatShanghai } from '@gov/service-standards';
import { eventually, expectIdempotencyHeaderDocumented, expectIdempotencyRule, httpCall, issueTestToken, startServiceUnderTest, testKafka, type IdempotentRoute, type ServiceUnderTest } from '@gov/testing';
import { createSupervisionApp } from './supervision.app';
import { DepartmentProducer } from './testing/department-producer';
import { lifecycleOf } from './testing/supervision.factories';

// The one Idempotency-Key rule on every command POST of supervision (libs/platform/src/edge).
describe('supervision: the one idempotency rule', () => {
  let sut: ServiceUnderTest<Awaited<ReturnType<typeof createSupervisionApp>>>;
  let tax: DepartmentProducer;
  const applicants = { caller: makeResidentId({ birthDate: '1988-02-02', sequence: 301 }), otherCaller: makeResidentId({ birthDate: '1989-03-03', sequence: 302 }) };
  const applicant = (who: keyof typeof applicants) => () => issueTestToken({ roles: ['applicant'], partyId: applicants[who], subject: `citizen-${who}` });
  const taxClerk = (subject: string) => () => issueTestToken({ roles: ['clerk'], department: 'tax', subject });
  const target = () => ({ apiUrl: sut.apiUrl, eventCount: () => sut.eventCount() });
  const at = (offsetMs: number) => formatShanghai(new Date(Date.now() + offsetMs));

  /** A decided tax case of both applicants, once supervision has read it. */
  const decidedCase = async (): Promise<string> => {
    const caseId = `SW-IDEM-${randomUUID()}`;
    const events = lifecycleOf({ caseId, itemCode: 'SW-02', catalogVersion: '2018-08', department: 'tax' });
    await tax.record(events.accepted(at(-600_000), { applicantIds: Object.values(applicants) }), events.decided(at(-300_000)), events.completed(at(-240_000)));
    const supervisor = await issueTestToken({ roles: ['supervisor'] });
    await eventually(async () => (await httpCall(sut.apiUrl, 'GET', `/cases/tax/${caseId}`, { token: supervisor })).body.status === 'completed' || undefined, 30_000);
    return caseId;
  };

  beforeAll(async () => {
    const logger = new JsonLogger('supervision', 'warn', () => undefined);
    sut = await startServiceUnderTest('supervision_idempotency', (env) => createSupervisionApp(env, { httpPort: 0, logger }), {
      env: { SUPERVISED_SERVICES: 'tax', DEADLINE_TIMERS: 'disabled' },
    });
    tax = await DepartmentProducer.start('tax', sut.topicPrefix, testKafka());
  }, 120_000);
  afterAll(async () => {
    await tax?.stop();
    await sut?.stop();
  });

  const routes: IdempotentRoute[] = [
    {
      name: 'POST /cases/{service}/{caseId}/rating',
      caller: applicant('caller'),
      otherCaller: applicant('otherCaller'),
      request: async () => ({ path: `/cases/tax/${await decidedCase()}/rating`, body: { stars: 5, comment: '办事快' } }),
    },
    {
      name: 'POST /rectifications/{service}/{caseId}/close',
      caller: taxClerk('clerk-tax-1'),
      otherCaller: taxClerk('clerk-tax-2'),
      request: async () => {
        // A bad rating opens the rectification the clerk closes.
        const caseId = await decidedCase();
        const rated = await httpCall(sut.apiUrl, 'POST', `/cases/tax/${caseId}/rating`, { token: await applicant('caller')(), body: { stars: 1 } });
        expect(rated.status).toBe(201);
        return { path: `/rectifications/tax/${caseId}/close`, body: { resolution: '已约谈窗口人员并回访申请人' } };
      },
    },
  ];

  it.each(routes)('$name', async (r) => {
    await expectIdempotencyRule(target(), r);
  });

  it('documents the Idempotency-Key header once on every command POST and on no read', async () => {
    await expectIdempotencyHeaderDocumented(sut.svc.httpUrl);
  });
});
