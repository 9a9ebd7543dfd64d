import { status as GrpcStatus } from '@grpc/grpc-js';
import { isCaseLifecycleEvent, SERVICES, ZETA_PERMITS_STREAMS } from '@gov/contracts';
import { eventsTopic, parseCloudEventType } from '@gov/messaging';
import { collectMessages, testKafka } from '@gov/testing';
import { newResidentId, startZetaPermitsTestKit, tokens, type ZetaPermitsTestKit } from './testing/zeta-permits.test-kit';
import { createZetaPermitsApp } from './zeta-permits.app';

// The service as it runs: the platform bootstrap on the real PostgreSQL and Kafka.
describe(createZetaPermitsApp.name, () => {
  let kit: ZetaPermitsTestKit;

  beforeAll(async () => {
    kit = await startZetaPermitsTestKit('zeta-permits');
  });
  afterAll(async () => {
    await kit?.stop();
  });

  const submitBody = (residentId: string, subject = '许可申请') => ({ applicant: { residentId, name: '张三丰' }, subject });

  it('submits over REST, answers the query from the read model, and masks personal data for anyone but the applicant and staff', async () => {
    const residentId = newResidentId();
    const submitted = await kit.http('POST', '/api/v1/applications', { token: await tokens.applicant(residentId), body: submitBody(residentId) });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ version: 1 });
    const path = `/api/v1/applications/${submitted.body.applicationId as string}`;

    const own = await kit.http('GET', path, { token: await tokens.applicant(residentId) });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ status: 'submitted', applicant: { residentId, name: '张三丰' }, subject: '许可申请', personalDataVisible: true });

    for (const token of [await tokens.applicant(newResidentId()), await tokens.otherClerk()]) {
      const other = await kit.http('GET', path, { token });
      expect(other.status).toBe(200);
      expect(other.text).not.toContain(residentId);
      expect(other.body).toMatchObject({ applicant: { residentId: `${residentId.slice(0, 3)}***********${residentId.slice(-4)}`, name: '张**' }, personalDataVisible: false });
    }
    expect((await kit.http('GET', path, { token: await tokens.supervisor() })).body).toMatchObject({ applicant: { residentId } });

    const decided = await kit.http('POST', `${path}/decision`, { token: await tokens.clerk(), body: { outcome: 'approved' } });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ version: 2 });
    expect((await kit.http('GET', path, { token: await tokens.clerk() })).body).toMatchObject({ status: 'approved', reason: null });

    const again = await kit.http('POST', `${path}/decision`, { token: await tokens.clerk(), body: { outcome: 'refused', reason: 'late' } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'application-decided' });
  });

  it('answers a retried command with the first result, and refuses its key on another body', async () => {
    const residentId = newResidentId();
    const token = await tokens.applicant(residentId);
    const headers = { 'idempotency-key': `submit-${residentId}` };
    const first = await kit.http('POST', '/api/v1/applications', { token, body: submitBody(residentId), headers });
    const retry = await kit.http('POST', '/api/v1/applications', { token, body: submitBody(residentId), headers });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    const before = await kit.eventCount();
    const reused = await kit.http('POST', '/api/v1/applications', { token, body: submitBody(residentId, '另一项申请'), headers });
    expect(reused.status).toBe(422);
    const short = await kit.http('POST', '/api/v1/applications', { token, body: submitBody(residentId), headers: { 'idempotency-key': 'short' } });
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.body)).toContain('Idempotency-Key');
    expect(await kit.eventCount()).toBe(before);
  });

  it('refuses bad input with 400 problem+json naming the field, and refuses callers who may not act; nothing changes', async () => {
    const residentId = newResidentId();
    const clerk = await tokens.clerk();
    const before = await kit.eventCount();
    const cases: [unknown, string][] = [
      [{ subject: '许可申请' }, 'applicant'],
      [{ applicant: { residentId: '500102198001010010', name: '张三' }, subject: '许可申请' }, 'applicant.residentId'],
      [{ applicant: { residentId, name: '张三' }, subject: 'a\u0000b' }, 'subject'],
      [{ ...submitBody(residentId), extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await kit.http('POST', '/api/v1/applications', { token: clerk, body });
      expect(res.status).toBe(400);
      expect(res.text).not.toContain(residentId);
      expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
    }
    expect((await kit.http('GET', '/api/v1/applications/not-a-uuid', { token: clerk })).status).toBe(400);
    expect((await kit.http('POST', '/api/v1/applications', { token: await tokens.applicant(newResidentId()), body: submitBody(residentId) })).status).toBe(403);
    const submitted = await kit.http('POST', '/api/v1/applications', { token: clerk, body: submitBody(residentId) });
    const decision = `/api/v1/applications/${submitted.body.applicationId as string}/decision`;
    expect((await kit.http('POST', decision, { token: await tokens.otherClerk(), body: { outcome: 'approved' } })).status).toBe(403);
    const noReason = await kit.http('POST', decision, { token: clerk, body: { outcome: 'refused' } });
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({ errors: [{ field: 'reason' }] });
    expect(await kit.eventCount()).toBe(before + 3); // the one submission: its event and two lifecycle events
  });

  it('serves the same commands and query over gRPC, with INVALID_ARGUMENT naming the field', async () => {
    const residentId = newResidentId();
    const clerk = await tokens.clerk();
    const submitted = await kit.grpc('SubmitApplication', submitBody(residentId), clerk);
    expect(submitted.err).toBeNull();
    const applicationId = submitted.res.applicationId as string;
    const bad = await kit.grpc('DecideApplication', { applicationId, outcome: 'refused' }, clerk);
    expect(bad.err?.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(String(bad.err?.metadata.get('problem-fields')[0])).toContain('reason');
    const refused = await kit.grpc('DecideApplication', { applicationId, outcome: 'refused', reason: '材料不全' }, clerk, { 'idempotency-key': `decide-${applicationId}` });
    expect(refused.err).toBeNull();
    expect(refused.res).toMatchObject({ applicationId, version: 2 });
    const view = await kit.grpc('GetApplication', { applicationId }, await tokens.applicant(newResidentId()));
    expect(view.err).toBeNull();
    expect(view.res).toMatchObject({ applicationId, status: 'refused', reason: '材料不全', personalDataVisible: false });
    expect(JSON.stringify(view.res)).not.toContain(residentId);
    const unauthenticated = await kit.grpc('GetApplication', { applicationId });
    expect(unauthenticated.err?.code).toBe(GrpcStatus.UNAUTHENTICATED);
  });

  it('publishes its events and the case lifecycle to its events topic, which supervision subscribes to', async () => {
    const residentId = newResidentId();
    const clerk = await tokens.clerk();
    const submitted = await kit.http('POST', '/api/v1/applications', { token: clerk, body: submitBody(residentId) });
    const applicationId = submitted.body.applicationId as string;
    await kit.http('POST', `/api/v1/applications/${applicationId}/decision`, { token: clerk, body: { outcome: 'approved' } });

    const topic = eventsTopic(SERVICES.zetaPermits, kit.topicPrefix);
    const ofCase = (m: { key: string | null; value: unknown }) =>
      m.key === `${ZETA_PERMITS_STREAMS.application}-${applicationId}` || (m.value as { caseId?: string } | null)?.caseId === applicationId;
    const messages = await collectMessages(testKafka(), [topic], (all) => all.filter(ofCase).length >= 6);
    const types = messages.filter(ofCase).map((m) => m.headers.ce_type);
    expect(types).toEqual(
      expect.arrayContaining(['ApplicationSubmitted', 'ApplicationDecided', 'CaseAccepted', 'CaseStepCompleted', 'CaseDecided', 'CaseCompleted'].map((n) => `gov.${SERVICES.zetaPermits}.${n}.v1`)),
    );
    // What supervision's lifecycle consumer accepts: a lifecycle event of another service, by CloudEvents type.
    const accepted = messages.find((m) => m.headers.ce_type === `gov.${SERVICES.zetaPermits}.CaseAccepted.v1` && ofCase(m));
    const type = parseCloudEventType(accepted?.headers.ce_type ?? '');
    expect(type?.service).toBe(SERVICES.zetaPermits);
    expect(isCaseLifecycleEvent(type?.name ?? '')).toBe(true);
    expect(accepted?.value).toMatchObject({ caseId: applicationId, applicantIds: [residentId] });
  });
});
