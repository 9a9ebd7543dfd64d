import { DEFAULT_PERSONAL_FIELDS, maskAs, maskName, maskPersonalData, maskPhone, maskResidentId } from './masking';

describe(maskResidentId.name, () => {
  it('keeps the first 3 and last 4 characters', () => {
    expect(maskResidentId('50010219800101001X')).toBe('500***********001X');
    expect(maskResidentId('500102800101001')).toBe('500********1001'); // 15-digit first-generation number
  });

  it('hides a value too short to be a number entirely', () => {
    expect(maskResidentId('5001021980')).toBe('**********');
    expect(maskResidentId('')).toBe('');
  });
});

describe(maskPhone.name, () => {
  it.each([
    ['13812345678', '138****5678'],
    ['+8613812345678', '+86138****5678'],
    ['+86 138-1234-5678', '+86 138-****-5678'],
    ['138 1234 5678', '138 **** 5678'],
  ])('masks the middle of the mobile %s', (value, masked) => {
    expect(maskPhone(value)).toBe(masked);
  });

  it('keeps only the last 4 digits of other numbers', () => {
    expect(maskPhone('023-72281234')).toBe('***-****1234');
    expect(maskPhone('12345')).toBe('*****');
  });
});

describe(maskName.name, () => {
  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    [' 李四 ', '李*'],
    ['𠀾三', '𠀾*'], // a surname outside the BMP is one character, not two
    ['阿依古丽·买买提', '阿*******'],
    ['Zhang San', 'Z***'],
    ['Ólafur', 'Ó***'],
    ['张', '*'],
    ['', ''],
  ])('masks %s as %s', (value, masked) => {
    expect(maskName(value)).toBe(masked);
  });
});

describe(maskAs.name, () => {
  it('redacts whole values', () => {
    expect(maskAs('redact', '重庆市涪陵区')).toBe('***');
  });
});

describe(maskPersonalData.name, () => {
  const application = () => ({
    caseId: 'case-1',
    applicant: { name: '张三', idNumber: '50010219800101001X', mobile: '13812345678' },
    owners: [{ holder_name: '欧阳娜娜', ID_NUMBER: '11010519491231002X', share: 0.5 }],
    contactPhone: 13812345678,
    acceptedAt: new Date('2018-07-31T09:00:00+08:00'),
  });

  it('masks personal fields at any depth, whatever their case or separators', () => {
    expect(maskPersonalData(application())).toEqual({
      caseId: 'case-1',
      applicant: { name: '张*', idNumber: '500***********001X', mobile: '138****5678' },
      owners: [{ holder_name: '欧***', ID_NUMBER: '110***********002X', share: 0.5 }],
      contactPhone: '138****5678',
      acceptedAt: new Date('2018-07-31T09:00:00+08:00'),
    });
  });

  it('deep-copies and leaves the input untouched', () => {
    const input = application();
    const snapshot = structuredClone(input);
    const sut = maskPersonalData(input);
    expect(input).toEqual(snapshot);
    expect(sut).not.toBe(input);
    expect(sut.owners).not.toBe(input.owners);
    expect(sut.acceptedAt).not.toBe(input.acceptedAt);
    const plain = { caseId: 'case-1', nested: { status: 'accepted' } };
    expect(maskPersonalData(plain).nested).not.toBe(plain.nested);
  });

  it('masks every leaf below a personal key', () => {
    expect(maskPersonalData({ name: { zh: '张三', en: 'Zhang San' }, phone: ['13812345678'] })).toEqual({
      name: { zh: '张*', en: 'Z***' },
      phone: ['138****5678'],
    });
  });

  it('takes a custom field list, e.g. the defaults plus an address', () => {
    const { name: _name, ...withoutName } = DEFAULT_PERSONAL_FIELDS;
    const fields = { ...withoutName, address: 'redact' as const };
    expect(maskPersonalData({ name: '涪陵区行政服务中心', address: '太白大道', idNo: '50010219800101001X' }, fields)).toEqual({
      name: '涪陵区行政服务中心',
      address: '***',
      idNo: '500***********001X',
    });
    expect(maskPersonalData({ idNumber: '50010219800101001X' }, { guardianMobile: 'phone' })).toEqual({
      idNumber: '50010219800101001X',
    });
  });

  it('copies class instances as JSON would send them', () => {
    class Applicant {
      constructor(
        readonly fullName: string,
        readonly phone: string,
      ) {}
    }
    class Money {
      constructor(readonly fen: number) {}
      toJSON(): string {
        return `${this.fen / 100} CNY`;
      }
    }
    expect(maskPersonalData({ applicant: new Applicant('张三', '13812345678'), fee: new Money(1050) })).toEqual({
      applicant: { fullName: '张*', phone: '138****5678' },
      fee: '10.5 CNY',
    });
  });

  it('copies a __proto__ key as data', () => {
    const input = JSON.parse('{"__proto__": {"phone": "13812345678"}}') as Record<string, unknown>;
    const sut = maskPersonalData(input);
    expect(Object.getPrototypeOf(sut)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(sut, '__proto__')?.value).toEqual({ phone: '138****5678' });
  });

  it('breaks cycles', () => {
    const input: Record<string, unknown> = { name: '张三' };
    input.self = input;
    expect(maskPersonalData(input)).toEqual({ name: '张*', self: '[Circular]' });
  });
});
