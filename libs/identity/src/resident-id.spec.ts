import {
  isValidResidentId,
  makeResidentId,
  normalizeResidentId,
  residentIdCheckCharacter,
  validateResidentId,
} from './resident-id';

const withCheck = (first17: string): string => first17 + residentIdCheckCharacter(first17);
const asOf = new Date('2018-07-31T12:00:00+08:00');

describe(residentIdCheckCharacter.name, () => {
  it('computes the check character by the GB 11643 weights', () => {
    // 5 0 0 1 0 2 1 9 8 0 0 1 0 1 0 0 1
    // × 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
    // = 35+0+0+5+0+8+2+9+48+0+0+9+0+5+0+0+2 = 123; 123 mod 11 = 2 → "10X98765432"[2] = X
    expect(residentIdCheckCharacter('50010219800101001')).toBe('X');
    // The standard's own examples.
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
    expect(residentIdCheckCharacter('44052418800101001')).toBe('4');
  });

  it('refuses a body that is not 17 digits', () => {
    expect(() => residentIdCheckCharacter('5001021980010100')).toThrow(RangeError);
    expect(() => residentIdCheckCharacter('5001021980010100A')).toThrow(RangeError);
  });
});

describe(validateResidentId.name, () => {
  it('returns the area code, birth date and sex of a valid number', () => {
    expect(validateResidentId('50010219800101001X', asOf)).toEqual({
      valid: true,
      areaCode: '500102',
      birthDate: '1980-01-01',
      sex: 'male',
    });
    expect(validateResidentId('11010519491231002X', asOf)).toMatchObject({ valid: true, birthDate: '1949-12-31', sex: 'female' });
  });

  it('accepts a birth year as early as the standard example (1880)', () => {
    expect(validateResidentId('440524188001010014', asOf)).toMatchObject({ valid: true, birthDate: '1880-01-01' });
  });

  it.each([
    ['too short', '50010219800101001', 'length'],
    ['too long', '50010219800101001X1', 'length'],
    ['empty', '', 'length'],
    ['a letter in the body', '5001021980010A001X', 'charset'],
    ['a check letter other than X', '50010219800101001Y', 'charset'],
    ['full-width digits', '５００１０２１９８００１０１００１Ｘ', 'charset'],
    ['a wrong check character', '500102198001010019', 'check-character'],
  ])('refuses %s', (_case, value, code) => {
    expect(validateResidentId(value, asOf)).toMatchObject({ valid: false, code });
  });

  it('refuses a lowercase x, which normalizeResidentId turns into the canonical X', () => {
    expect(validateResidentId('50010219800101001x', asOf)).toMatchObject({ valid: false, code: 'lowercase-x' });
    expect(validateResidentId(normalizeResidentId(' 50010219800101001x '), asOf)).toMatchObject({ valid: true });
  });

  it('refuses values that are not strings', () => {
    expect(validateResidentId(50010219800101, asOf)).toMatchObject({ valid: false, code: 'type' });
    expect(validateResidentId(undefined, asOf)).toMatchObject({ valid: false, code: 'type' });
  });

  it.each([
    ['February 30', '19800230'],
    ['February 29 in a common year', '19810229'],
    ['February 29 in 1900 (not a leap year)', '19000229'],
    ['month 13', '19801301'],
    ['month 00', '19800001'],
    ['day 00', '19800100'],
    ['April 31', '19800431'],
    ['a year before 1800', '17991231'],
  ])('refuses a birth date on %s even with a correct check character', (_case, date) => {
    expect(validateResidentId(withCheck(`500102${date}001`), asOf)).toMatchObject({ valid: false, code: 'birth-date' });
  });

  it('accepts February 29 in a leap year, 2000 included', () => {
    expect(validateResidentId(withCheck('50010220000229001'), asOf)).toMatchObject({ valid: true, birthDate: '2000-02-29' });
    expect(validateResidentId(withCheck('50010219840229002'), asOf)).toMatchObject({ valid: true, sex: 'female' });
  });

  it('refuses a birth date after asOf, counted in China time', () => {
    const bornOn31July = withCheck('50010220180731001');
    const bornOn1August = withCheck('50010220180801001');
    expect(validateResidentId(bornOn31July, asOf).valid).toBe(true);
    expect(validateResidentId(bornOn1August, asOf)).toMatchObject({ valid: false, code: 'future-birth-date' });
    // 2018-07-31 16:30 UTC is already 1 August in Chongqing.
    expect(validateResidentId(bornOn1August, new Date('2018-07-31T16:30:00Z')).valid).toBe(true);
    expect(validateResidentId(bornOn1August, new Date('2018-07-31T15:30:00Z')).valid).toBe(false);
  });

  it('defaults asOf to now', () => {
    const nextYear = String(new Date().getUTCFullYear() + 1);
    expect(validateResidentId(withCheck(`500102${nextYear}0101001`))).toMatchObject({ code: 'future-birth-date' });
  });

  it('never repeats the input in the reason', () => {
    const result = validateResidentId(withCheck('50010219800230001'), asOf);
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.reason).not.toMatch(/1980|0230|500102/);
  });
});

describe(isValidResidentId.name, () => {
  it('narrows to string', () => {
    const value: unknown = '50010219800101001X';
    expect(isValidResidentId(value, asOf)).toBe(true);
    expect(isValidResidentId('50010219800101001', asOf)).toBe(false);
  });
});

describe(makeResidentId.name, () => {
  it('defaults to a man from Fuling born 1980-01-01', () => {
    expect(makeResidentId()).toBe('50010219800101001X');
  });

  it('builds valid numbers from the given parts', () => {
    const sut = makeResidentId({ areaCode: '110105', birthDate: '1949-12-31', sequence: 2 });
    expect(sut).toBe('11010519491231002X');
    expect(validateResidentId(makeResidentId({ sex: 'female' }))).toMatchObject({ valid: true, sex: 'female' });
    expect(validateResidentId(makeResidentId({ sequence: 999 }))).toMatchObject({ valid: true, sex: 'male' });
  });

  it('gives distinct numbers for distinct sequences', () => {
    const ids = new Set(Array.from({ length: 999 }, (_, i) => makeResidentId({ sequence: i + 1 })));
    expect(ids.size).toBe(999);
    for (const id of ids) expect(isValidResidentId(id)).toBe(true);
  });

  it.each([
    [{ sequence: 0 }],
    [{ sequence: 1000 }],
    [{ sequence: 1.5 }],
    [{ sequence: 3, sex: 'female' as const }],
    [{ sequence: 4, sex: 'male' as const }],
    [{ areaCode: '50010' }],
    [{ birthDate: '1980-02-30' }],
    [{ birthDate: '19800101' }],
    [{ birthDate: '2999-01-01' }],
  ])('refuses parts that cannot make a valid number: %o', (input) => {
    expect(() => makeResidentId(input)).toThrow(RangeError);
  });
});
