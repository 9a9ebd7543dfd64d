import { LOG_PERSONAL_FIELDS, scrubPii, scrubPiiDeep } from './pii-scrubber';

describe(scrubPii.name, () => {
  it('masks resident identity numbers, valid or not', () => {
    expect(scrubPii('applicant 50010219800101001X accepted')).toBe('applicant 500***********001X accepted');
    expect(scrubPii('bad checksum 500102198001010019')).toBe('bad checksum 500***********0019');
    expect(scrubPii('lower 50010219800101001x.')).toBe('lower 500***********001x.');
    expect(scrubPii('申请人身份证50010219800101001X，已受理')).toBe('申请人身份证500***********001X，已受理');
  });

  it('masks mainland mobile numbers', () => {
    expect(scrubPii('call 13812345678')).toBe('call 138****5678');
    expect(scrubPii('电话:19912345678。')).toBe('电话:199****5678。');
    expect(scrubPii('tel=+8613812345678&x=1')).toBe('tel=+86138****5678&x=1');
    expect(scrubPii('138-1234-5678 or 138 1234 5678')).toBe('138-****-5678 or 138 **** 5678');
    expect(scrubPii('a 13812345678,b 15987654321')).toBe('a 138****5678,b 159****4321');
  });

  it('leaves digit runs that are not shaped like personal data', () => {
    const text = [
      'snowflake 1234567890123456789',
      'order 13812345678901',
      'prefix 913812345678',
      'not mobile 12812345678',
      'amount 1381234567',
      'credit code 91350100M000100Y43',
      'mixed separators 138-1234 5678',
      'epoch 1533000000000',
    ].join('\n');
    expect(scrubPii(text)).toBe(text);
  });

  it('returns the very same string when there is nothing to mask', () => {
    const text = 'case 7f1c accepted at window 3 in 0.8 s';
    expect(scrubPii(text)).toBe(text);
    expect(scrubPii('')).toBe('');
  });

  it('is stateless between calls (global regex lastIndex)', () => {
    for (let i = 0; i < 3; i++) expect(scrubPii('x 13812345678')).toBe('x 138****5678');
  });
});

describe(scrubPiiDeep.name, () => {
  it('scrubs strings and masks personal keys at any depth', () => {
    const line = {
      msg: 'accepted for 13812345678',
      case: { holderName: '张三', idNumber: '50010219800101001X', note: 'id 50010219800101001X' },
      tags: ['13812345678', 'ok'],
    };
    expect(scrubPiiDeep(line)).toEqual({
      msg: 'accepted for 138****5678',
      case: { holderName: '张*', idNumber: '500***********001X', note: 'id 500***********001X' },
      tags: ['138****5678', 'ok'],
    });
    expect(line.case.holderName).toBe('张三');
  });

  it('leaves a bare name key alone in logs: it names errors, events and services', () => {
    expect(LOG_PERSONAL_FIELDS).not.toHaveProperty('name');
    const line = { name: 'TransferOwnershipRegistered' };
    expect(scrubPiiDeep(line)).toBe(line);
    expect(scrubPiiDeep({ name: '张三' }, { name: 'name' })).toEqual({ name: '张*' });
  });

  it('returns the same references when nothing is masked, and copies only the changed path', () => {
    const untouched = { window: 3, department: 'tax', at: new Date(0), ok: true, none: null, nan: Number.NaN };
    const line = { untouched, list: [1, 2, { deep: 'x' }], changed: { phone: '13812345678', other: { a: 1 } } };
    expect(scrubPiiDeep(untouched)).toBe(untouched);
    expect(scrubPiiDeep(line.list)).toBe(line.list);
    const sut = scrubPiiDeep(line) as typeof line;
    expect(sut).not.toBe(line);
    expect(sut.untouched).toBe(untouched);
    expect(sut.list).toBe(line.list);
    expect(sut.changed).not.toBe(line.changed);
    expect(sut.changed.other).toBe(line.changed.other);
  });

  it('scrubs errors and keeps their class', () => {
    class CaseRefused extends Error {
      readonly code = 'refused';
      constructor(message: string) {
        super(message);
        this.name = 'CaseRefused';
      }
    }
    const error = new CaseRefused('no owner 50010219800101001X');
    const sut = scrubPiiDeep({ err: error }) as { err: CaseRefused };
    expect(sut.err).toBeInstanceOf(CaseRefused);
    expect(sut.err.message).toBe('no owner 500***********001X');
    expect(sut.err.stack).not.toContain('50010219800101001X');
    expect(sut.err.name).toBe('CaseRefused');
    expect(sut.err.code).toBe('refused');
    expect(error.message).toBe('no owner 50010219800101001X');
    const clean = new Error('nothing personal');
    expect(scrubPiiDeep(clean)).toBe(clean);
  });

  it('scrubs an error cause', () => {
    const error = new Error('outer', { cause: new Error('inner 13812345678') });
    const sut = scrubPiiDeep(error) as Error;
    expect((sut.cause as Error).message).toBe('inner 138****5678');
  });

  it('handles cycles and primitives', () => {
    const line: Record<string, unknown> = { a: 1 };
    line.self = line;
    expect(scrubPiiDeep(line)).toEqual({ a: 1, self: '[Circular]' });
    expect(scrubPiiDeep('13812345678')).toBe('138****5678');
    expect(scrubPiiDeep(13812345678)).toBe(13812345678);
    expect(scrubPiiDeep(undefined)).toBeUndefined();
  });

  it('stops at a depth no log line needs', () => {
    let nested: Record<string, unknown> = { phone: '13812345678' };
    for (let i = 0; i < 40; i++) nested = { nested };
    expect(JSON.stringify(scrubPiiDeep(nested))).toContain('[Truncated]');
    expect(JSON.stringify(scrubPiiDeep(nested))).not.toContain('13812345678');
  });
});
