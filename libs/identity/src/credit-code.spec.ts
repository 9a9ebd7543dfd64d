import {
  assignCreditCode,
  creditCodeCheckCharacter,
  isValidCreditCode,
  MARKET_ENTITY_TYPE,
  normalizeCreditCode,
  validateCreditCode,
} from './credit-code';

const SAMPLE = '91350100M000100Y43';

describe(creditCodeCheckCharacter.name, () => {
  it('computes the GB 32100 check character', () => {
    // 9  1  3  5  0  1  0  0  M  0  0  0  1  0  0  Y  4   (M = 21, Y = 30 in 0-9A-HJ-NPQRTUWXY)
    // ×1 ×3 ×9 ×27 ×19 ×26 ×16 ×17 ×20 ×29 ×25 ×13 ×8 ×24 ×10 ×30 ×28
    // = 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640; 1640 mod 31 = 28; 31 − 28 = 3
    expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
  });

  it('maps 31 − 0 = 31 to 0', () => {
    expect(creditCodeCheckCharacter('00000000000000000')).toBe('0');
  });

  it.each(['91350100M000100Y', '91350100M000100Y43', '91350100M000100I4', '91350100m000100y4'])(
    'refuses the body %s',
    (body) => {
      expect(() => creditCodeCheckCharacter(body)).toThrow(RangeError);
    },
  );
});

describe(validateCreditCode.name, () => {
  it('accepts the well-known sample and splits it into its parts', () => {
    expect(validateCreditCode(SAMPLE)).toEqual({
      valid: true,
      authority: '9',
      entityType: '1',
      areaCode: '350100',
      organisationCode: 'M000100Y4',
    });
  });

  it.each(['91230184MA1BUFLT44', '92371000MA3MXH0E3W', '9144030071526726XG'])('accepts the published code %s', (code) => {
    expect(isValidCreditCode(code, { checkOrganisationCode: true })).toBe(true);
  });

  it.each([
    ['too short', '91350100M000100Y4', 'length'],
    ['too long', '91350100M000100Y430', 'length'],
    ['lowercase', '91350100m000100y43', 'charset'],
    ['a hyphen', '91350100-M000100Y4', 'charset'],
    ['a wrong check character', '91350100M000100Y44', 'check-character'],
  ])('refuses %s', (_case, value, code) => {
    expect(validateCreditCode(value)).toMatchObject({ valid: false, code });
  });

  it.each(['I', 'O', 'S', 'V', 'Z'])('refuses the letter %s, excluded from the character set', (letter) => {
    expect(validateCreditCode(`91350100${letter}000100Y43`)).toMatchObject({ valid: false, code: 'charset' });
    expect(validateCreditCode(`91350100M000100Y4${letter}`)).toMatchObject({ valid: false, code: 'charset' });
  });

  it('refuses a letter in the area code even with a correct check character', () => {
    const body = '9135A100M000100Y4';
    expect(validateCreditCode(body + creditCodeCheckCharacter(body))).toMatchObject({ valid: false, code: 'area-code' });
  });

  it('checks the embedded organisation code only when asked', () => {
    const body = '91500102MA0000001'; // MA000000 would take check 4, not 1
    const code = body + creditCodeCheckCharacter(body);
    expect(validateCreditCode(code).valid).toBe(true);
    expect(validateCreditCode(code, { checkOrganisationCode: true })).toMatchObject({ valid: false, code: 'organisation-code' });
  });

  it('refuses values that are not strings', () => {
    expect(validateCreditCode(null)).toMatchObject({ valid: false, code: 'type' });
  });

  it('accepts a lowercase code once normalised', () => {
    expect(isValidCreditCode(normalizeCreditCode(' 91350100m000100y43 '))).toBe(true);
  });
});

describe(assignCreditCode.name, () => {
  it('computes both check characters from an organisation body', () => {
    const sut = assignCreditCode({
      authority: '9',
      entityType: MARKET_ENTITY_TYPE.enterprise,
      areaCode: '350100',
      organisationBody: 'M000100Y',
    });
    expect(sut).toBe(SAMPLE);
  });

  it('assigns fully valid codes for Fuling businesses', () => {
    for (const entityType of Object.values(MARKET_ENTITY_TYPE)) {
      const sut = assignCreditCode({ authority: '9', entityType, areaCode: '500102', organisationBody: 'MA5U7D3E' });
      expect(validateCreditCode(sut, { checkOrganisationCode: true })).toMatchObject({
        valid: true,
        authority: '9',
        entityType,
        areaCode: '500102',
      });
    }
  });

  it('accepts a complete organisation code', () => {
    expect(
      assignCreditCode({ authority: '9', entityType: '1', areaCode: '350100', organisationCode: 'M000100Y4' }),
    ).toBe(SAMPLE);
  });

  it('refuses an organisation code with a wrong check character', () => {
    expect(() =>
      assignCreditCode({ authority: '9', entityType: '1', areaCode: '350100', organisationCode: 'M000100Y5' }),
    ).toThrow(/organisationCode: check character does not match/);
  });

  it('refuses an organisation body a credit code cannot carry', () => {
    expect(() =>
      assignCreditCode({ authority: '9', entityType: '1', areaCode: '500102', organisationBody: 'MA5U7D3I' }),
    ).toThrow(RangeError);
    expect(() =>
      assignCreditCode({ authority: '9', entityType: '1', areaCode: '500102', organisationBody: 'MA5U7D3' }),
    ).toThrow(RangeError);
  });

  it('refuses an area code that is not 6 digits', () => {
    expect(() =>
      assignCreditCode({ authority: '9', entityType: '1', areaCode: '50010', organisationBody: 'MA5U7D3E' }),
    ).toThrow(/areaCode/);
  });
});
