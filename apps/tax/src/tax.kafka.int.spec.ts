import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { TAX_COMMANDS, taxCloudEventType, type AssessHouseTransferTaxV1, type TaxCommandName, type TaxEventName } from '@gov/contracts';
import { cloudEventHeaders, commandsTopic, dlqTopic, eventsTopic } from '@gov/messaging';
import { collectMessages, eventually, testKafka, type CollectedMessage } from '@gov/testing';
import { expectedTotals, newResidentId, newUnitNumber, startTaxTestKit, tokens, type TaxTestKit } from './testing/tax-test-kit';
import { TaxCommandsConsumer } from './house-transfer-tax/tax-commands.consumer';

describe(TaxCommandsConsumer.name, () => {
  let kit: TaxTestKit;
  let producer: Producer;
  const kafka = testKafka();

  beforeAll(async () => {
    kit = await startTaxTestKit('tax-kafka');
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await kit?.stop();
  });

  const topic = () => commandsTopic('tax', kit.topicPrefix);

  /** What the joint-processing saga sends: CloudEvents binary mode, ce_id = the command id. */
  async function send(name: TaxCommandName, commandId: string, key: string, data: object, type = taxCloudEventType(name)): Promise<void> {
    await producer.send({
      topic: topic(),
      acks: -1,
      messages: [
        {
          key,
          value: JSON.stringify(data),
          headers: cloudEventHeaders({ id: commandId, source: '/gov/joint-processing', type, correlationId: key, time: new Date().toISOString() }),
        },
      ],
    });
  }

  const eventsOf = async (type: string, field: string, value: string) =>
    (await kit.db.pool.query<{ data: Record<string, unknown>; metadata: Record<string, unknown> }>(`SELECT data, metadata FROM es_events WHERE event_type = $1 AND data->>'${field}' = $2`, [type, value])).rows;

  function command(caseId: string, unitNumber: string, overrides: Partial<AssessHouseTransferTaxV1> = {}): AssessHouseTransferTaxV1 {
    return {
      assessmentId: `assessment-${caseId}`,
      transferId: caseId,
      caseId,
      unitNumber,
      sellers: [{ residentId: newResidentId() }],
      buyers: [{ residentId: newResidentId() }],
      contractPriceFen: 85_000_000,
      areaM2: '90.00',
      buyerFamilyHome: 'first',
      sellerAcquiredOn: '2015-06-30',
      contractDate: '2018-06-30',
      sellerOnlyHome: true,
      originalCostFen: 60_000_000,
      ...overrides,
    };
  }

  it('takes a command sent twice once, answers a refusal with an event, and publishes everything with CloudEvents headers', async () => {
    const unit = newUnitNumber();
    const csv = `unit_number,total_yuan\n${unit},800000.00\n`;
    expect((await kit.http('POST', '/api/v1/reference-prices/imports', { token: await tokens.taxClerk(), raw: csv, headers: { 'content-type': 'text/csv' } })).status).toBe(201);

    const caseId = randomUUID();
    const assess = command(caseId, unit);
    const commandId = randomUUID();
    await send(TAX_COMMANDS.assessHouseTransferTax, commandId, caseId, assess);
    await send(TAX_COMMANDS.assessHouseTransferTax, commandId, caseId, assess);
    // The same wish under a new command id: the assessment exists for this transfer, nothing to do.
    await send(TAX_COMMANDS.assessHouseTransferTax, randomUUID(), caseId, assess);
    // Refused (no reference price for the unit): the sender learns it from an event. Same key, so it comes after the others.
    const refusedCase = randomUUID();
    const refusedCommandId = randomUUID();
    await send(TAX_COMMANDS.assessHouseTransferTax, refusedCommandId, caseId, command(refusedCase, newUnitNumber()));
    // Data the contract allows but tax's rules refuse (a resident id's check digit) is refused too, naming the fields, not dead-lettered.
    const malformedCommandId = randomUUID();
    await send(TAX_COMMANDS.assessHouseTransferTax, malformedCommandId, caseId, { ...command(randomUUID(), unit), sellers: [{ residentId: '500102198001010010' }], extra: 1 });

    const refusal = await eventually(async () => (await eventsOf('HouseTransferTaxAssessmentRefused', 'commandId', malformedCommandId))[0]);
    expect(refusal.data).toMatchObject({ code: 'validation-failed', reason: expect.stringContaining('sellers[0].residentId') });
    // Fields the contract does not have are left out by the reader, not refused.
    expect(refusal.data.reason).not.toContain('extra');
    expect((await eventsOf('HouseTransferTaxAssessmentRefused', 'commandId', refusedCommandId))[0].data).toMatchObject({
      assessmentId: `assessment-${refusedCase}`,
      transferId: refusedCase,
      caseId: refusedCase,
      code: 'reference-price-not-found',
    });
    const assessed = await eventsOf('HouseTransferTaxAssessed', 'assessmentId', assess.assessmentId);
    expect(assessed).toHaveLength(1);
    expect(assessed[0].data).toMatchObject({ transferId: caseId, caseId, totals: expectedTotals });
    expect(assessed[0].metadata).toMatchObject({ commandId, correlationId: caseId, actor: { role: 'service' } });
    const paymentOrderId = assessed[0].data.paymentOrderId as string;
    expect(await eventsOf('PaymentOrderIssued', 'paymentOrderId', paymentOrderId)).toHaveLength(1);
    expect(await eventsOf('HouseTransferTaxAssessmentRefused', 'assessmentId', assess.assessmentId)).toHaveLength(0);

    // The bank pays; then the saga compensates (cancel twice, and once for an assessment that never was).
    const body = JSON.stringify({ paymentOrderId, bankTransactionId: `bank-${caseId}`, amountFen: expectedTotals.totalFen, paidAt: new Date().toISOString() });
    expect((await kit.http('POST', '/api/v1/bank/payment-confirmations', { raw: body, headers: kit.bankHeaders(body) })).status).toBe(200);
    const cancelId = randomUUID();
    await send(TAX_COMMANDS.cancelAssessment, cancelId, caseId, { assessmentId: assess.assessmentId, caseId, reason: 'the transfer was refused' });
    // A sender still on version 1 (no caseId) is read too.
    await send(TAX_COMMANDS.cancelAssessment, randomUUID(), caseId, { assessmentId: assess.assessmentId, reason: 'the transfer was refused' }, 'gov.tax.CancelAssessment.v1');
    const unknownCancel = randomUUID();
    await send(TAX_COMMANDS.cancelAssessment, unknownCancel, caseId, { assessmentId: 'assessment-never-made', caseId, reason: 'compensation' });
    const cancellationRefused = await eventually(async () => (await eventsOf('TaxAssessmentCancellationRefused', 'commandId', unknownCancel))[0]);
    expect(cancellationRefused.data).toMatchObject({ assessmentId: 'assessment-never-made', code: 'not-found', transferId: null });
    expect(await eventsOf('TaxAssessmentCancelled', 'assessmentId', assess.assessmentId)).toHaveLength(1);
    expect(await eventsOf('RefundStarted', 'paymentOrderId', paymentOrderId)).toHaveLength(1);

    // An independent consumer sees the service's events, CloudEvents binary mode, keyed by stream.
    const wanted: TaxEventName[] = ['HouseTransferTaxAssessed', 'PaymentOrderIssued', 'PaymentConfirmed', 'TaxClearanceGranted', 'TaxAssessmentCancelled', 'RefundStarted'];
    const mine = (m: CollectedMessage) => {
      const data = m.value as Record<string, unknown>;
      return data.assessmentId === assess.assessmentId || data.paymentOrderId === paymentOrderId;
    };
    const seen = await collectMessages(kafka, [eventsTopic('tax', kit.topicPrefix)], (messages) => {
      const types = new Set(messages.filter(mine).map((m) => m.headers.ce_type));
      return wanted.every((w) => types.has(taxCloudEventType(w))) && messages.some((m) => m.headers.ce_type === 'gov.tax.HouseTransferTaxAssessmentRefused.v1');
    });
    const assessedMessages = seen.filter((m) => m.headers.ce_type === 'gov.tax.HouseTransferTaxAssessed.v1' && mine(m));
    expect(assessedMessages).toHaveLength(1);
    const [message] = assessedMessages;
    expect(message.key).toBe(`tax-assessment-${assess.assessmentId}`);
    expect(message.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      ce_source: '/gov/tax',
      ce_type: 'gov.tax.HouseTransferTaxAssessed.v1',
      ce_subject: `tax-assessment-${assess.assessmentId}`,
      ce_time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      ce_correlationid: caseId,
      ce_causationid: commandId,
      'content-type': 'application/json',
    });
    expect(message.value).toMatchObject({ assessmentId: assess.assessmentId, transferId: caseId, paymentOrderId, totals: expectedTotals });
    // Every message about the transfer names its joint case (schema version 2).
    for (const w of wanted) expect(seen.find((m) => m.headers.ce_type === taxCloudEventType(w) && mine(m))?.value).toMatchObject({ caseId });
    const cleared = seen.find((m) => m.headers.ce_type === 'gov.tax.TaxClearanceGranted.v2' && mine(m));
    expect(cleared?.value).toMatchObject({ assessmentId: assess.assessmentId, transferId: caseId, paymentOrderId, bankTransactionId: `bank-${caseId}`, paidFen: expectedTotals.totalFen });
    // The bank's notification joins the case's correlation.
    expect(cleared?.headers.ce_correlationid).toBe(caseId);
    // Nothing was dead-lettered: refusals are answers.
    expect(Number((await kit.db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM msg_inbox WHERE outcome = 'dead-lettered'`)).rows[0].n)).toBe(0);
  });

  it('dead-letters a command that breaks the contract at once, naming the field, and takes the next one', async () => {
    const unit = newUnitNumber();
    const csv = `unit_number,total_yuan\n${unit},800000.00\n`;
    expect((await kit.http('POST', '/api/v1/reference-prices/imports', { token: await tokens.taxClerk(), raw: csv, headers: { 'content-type': 'text/csv' } })).status).toBe(201);
    const caseId = randomUUID();
    const broken = randomUUID();
    await send(TAX_COMMANDS.assessHouseTransferTax, broken, caseId, { ...command(caseId, unit), contractPriceFen: '85000000' });
    const next = command(caseId, unit);
    await send(TAX_COMMANDS.assessHouseTransferTax, randomUUID(), caseId, next);
    await eventually(async () => (await eventsOf('HouseTransferTaxAssessed', 'assessmentId', next.assessmentId)).length === 1);
    const dead = await collectMessages(kafka, [dlqTopic(topic())], (ms) => ms.some((m) => m.headers.ce_id === broken));
    expect(dead.find((m) => m.headers.ce_id === broken)?.headers).toMatchObject({ dlq_error_type: 'ContractViolation', dlq_field: 'contractPriceFen', dlq_attempts: '1' });
    // Not an answer: no refusal was recorded for it.
    expect(await eventsOf('HouseTransferTaxAssessmentRefused', 'commandId', broken)).toHaveLength(0);
  });
});
