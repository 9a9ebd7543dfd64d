import { Metadata } from '@grpc/grpc-js';
import { IdempotencyKeyReusedError, ValidationError } from '@gov/event-sourcing';
import { requestContext } from '../logging/request-context';
import type { Principal } from '../auth/principal';
import { eventMetadataOf, grpcCommandContext, httpCommandContext, kafkaCommandContext } from './command-context';
import { checkIdempotencyKey, requestHashOf, scopedCommandId } from './idempotency';

const clerk: Principal = { subject: 'clerk-01', roles: ['clerk'], department: 'tax' };
const other: Principal = { subject: 'clerk-02', roles: ['clerk'], department: 'tax' };
const TRACE = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe(checkIdempotencyKey.name, () => {
  it.each(['abcdefgh', 'A'.repeat(128), 'order-2026.12.07:1_x'])('takes %s', (key) => {
    expect(checkIdempotencyKey(key)).toBe(key);
  });

  it.each([['seven', 'abcdefg'], ['129 characters', 'A'.repeat(129)], ['a space', 'abc defgh'], ['a slash', 'abcd/efgh'], ['NUL', 'abcdefg\u0000'], ['a number', 12345678]])(
    'refuses %s, naming Idempotency-Key',
    (_what, key) => {
      const refusal = (() => {
        try {
          checkIdempotencyKey(key);
        } catch (error) {
          return error;
        }
      })();
      expect(refusal).toBeInstanceOf(ValidationError);
      expect((refusal as ValidationError).issues).toEqual([{ field: 'Idempotency-Key', message: expect.stringContaining('8-128') }]);
    },
  );

  it('leaves an absent key absent', () => {
    expect(checkIdempotencyKey(undefined)).toBeUndefined();
  });
});

describe(scopedCommandId.name, () => {
  it('scopes a key to the caller and the operation, without the subject in clear', () => {
    const id = scopedCommandId('RegisterUnit', 'applicant-500102198001010011', 'key-00000001');
    expect(id).toMatch(/^idem:RegisterUnit:[0-9a-f]{24}:key-00000001$/);
    expect(id).not.toContain('500102198001010011');
    expect(scopedCommandId('RegisterUnit', 'other', 'key-00000001')).not.toBe(id);
    expect(scopedCommandId('RegisterMortgage', 'applicant-500102198001010011', 'key-00000001')).not.toBe(id);
  });

  it('refuses an operation name that could make two scopes meet', () => {
    expect(() => scopedCommandId('a:b', 's', 'key-00000001')).toThrow(/operation name/);
  });
});

describe(httpCommandContext.name, () => {
  it('takes correlation and trace from the request and scopes the key', () => {
    const ctx = requestContext.run({ correlationId: 'corr-1', traceparent: TRACE }, () =>
      httpCommandContext({ operation: 'AssessHouseTransferTax', principal: clerk, idempotencyKey: 'retry-key-1', input: { body: { a: 1, b: 2 } } }),
    );
    expect(ctx).toMatchObject({
      transport: 'http',
      correlationId: 'corr-1',
      traceparent: TRACE,
      idempotencyKey: 'retry-key-1',
      commandId: scopedCommandId('AssessHouseTransferTax', 'clerk-01', 'retry-key-1'),
      requestHash: requestHashOf('AssessHouseTransferTax', { body: { b: 2, a: 1 } }),
      actor: { subject: 'clerk-01', role: 'clerk' },
      roles: ['clerk'],
      department: 'tax',
    });
    expect(eventMetadataOf(ctx)).toEqual({ correlationId: 'corr-1', traceparent: TRACE, actor: { subject: 'clerk-01', role: 'clerk' } });
  });

  it('gives the same key from two callers two command ids, and another body another hash', () => {
    const a = httpCommandContext({ operation: 'Op', principal: clerk, idempotencyKey: 'same-key-1', input: { body: 1 } });
    const b = httpCommandContext({ operation: 'Op', principal: other, idempotencyKey: 'same-key-1', input: { body: 1 } });
    const c = httpCommandContext({ operation: 'Op', principal: clerk, idempotencyKey: 'same-key-1', input: { body: 2 } });
    expect(a.commandId).not.toBe(b.commandId);
    expect(a.requestHash).toBe(b.requestHash);
    expect(a.commandId).toBe(c.commandId);
    expect(a.requestHash).not.toBe(c.requestHash);
  });

  it('has no command id without a key, and a fresh correlation id outside a request', () => {
    const ctx = httpCommandContext({ operation: 'Op', principal: undefined, idempotencyKey: undefined, input: {} });
    expect(ctx.commandId).toBeUndefined();
    expect(ctx.requestHash).toBeUndefined();
    expect(ctx.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(eventMetadataOf(ctx).actor).toBeUndefined();
  });
});

describe(grpcCommandContext.name, () => {
  it('reads the key, correlation id and trace context from the metadata, by the same rule', () => {
    const md = new Metadata();
    md.set('idempotency-key', 'grpc-key-01');
    md.set('x-correlation-id', 'corr-2');
    md.set('traceparent', TRACE);
    const ctx = grpcCommandContext({ operation: 'Op', principal: clerk, metadata: md, idempotencyKey: undefined, input: { x: 1 } });
    expect(ctx).toMatchObject({ transport: 'grpc', correlationId: 'corr-2', traceparent: TRACE, commandId: scopedCommandId('Op', 'clerk-01', 'grpc-key-01') });
    const short = new Metadata();
    short.set('idempotency-key', 'short');
    expect(() => grpcCommandContext({ operation: 'Op', principal: clerk, metadata: short, idempotencyKey: undefined, input: {} })).toThrow(ValidationError);
  });

  it('drops a correlation id or traceparent that is not well formed', () => {
    const md = new Metadata();
    md.set('x-correlation-id', 'bad id with spaces');
    md.set('traceparent', 'nonsense');
    const ctx = grpcCommandContext({ operation: 'Op', principal: clerk, metadata: md, idempotencyKey: undefined, input: {} });
    expect(ctx.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ctx.traceparent).toBeUndefined();
  });
});

describe(kafkaCommandContext.name, () => {
  it('uses ce_id as command id and cause, the sender as a service account', () => {
    const ctx = kafkaCommandContext({ id: 'evt-1', source: '/gov/joint-processing', correlationId: 'case-1', traceparent: TRACE });
    expect(ctx).toMatchObject({ transport: 'kafka', commandId: 'evt-1', causationId: 'evt-1', correlationId: 'case-1', roles: ['service'], requestHash: undefined });
    expect(eventMetadataOf(ctx)).toEqual({ correlationId: 'case-1', causationId: 'evt-1', traceparent: TRACE, actor: { subject: '/gov/joint-processing', role: 'service' } });
    expect(kafkaCommandContext({ id: 'evt-2', source: '' }, { correlationId: 'case-2' }).correlationId).toBe('case-2');
    // Another service's id is kept as it chose it (a stream id, a path), only not unbounded or unprintable.
    expect(kafkaCommandContext({ id: 'evt-3', source: '/gov/tax', correlationId: 'joint-case:7/a' }).correlationId).toBe('joint-case:7/a');
    expect(kafkaCommandContext({ id: 'evt-4', source: '/gov/tax', correlationId: 'bad id' }).correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe(IdempotencyKeyReusedError.name, () => {
  it('names the header, not the scoped command id', () => {
    const error = new IdempotencyKeyReusedError();
    expect(error.message).toMatch(/^Idempotency-Key/);
    expect(error.details).toEqual({ field: 'Idempotency-Key' });
    expect(error.kind).toBe('rule');
  });
});
