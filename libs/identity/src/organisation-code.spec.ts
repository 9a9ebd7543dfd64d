import {
  isValidOrganisationCode,
  makeOrganisationCode,
  organisationCodeCheckCharacter,
  validateOrganisationCode,
} from './organisation-code';

describe(organisationCodeCheckCharacter.name, () => {
  it('computes the GB 11714 check character', () => {
    // M 0 0 0 1 0 0 Y → 22 0 0 0 1 0 0 34 (A = 10 … Z = 35)
    // × 3 7 9 10 5 8 4 2 = 66+0+0+0+5+0+0+68 = 139; 139 mod 11 = 7; 11 − 7 = 4
    expect(organisationCodeCheckCharacter('M000100Y')).toBe('4');
    // 7 1 5 2 6 7 2 6 → 21+7+45+20+30+56+8+12 = 199; 199 mod 11 = 1; 11 − 1 = 10 → X
    expect(organisationCodeCheckCharacter('71526726')).toBe('X');
    // Σ = 0 → 11 − 0 = 11 → 0
    expect(organisationCodeCheckCharacter('00000000')).toBe('0');
  });

  it.each(['M000100', 'M000100Y4', 'm000100y', 'M000-100'])('refuses the body %s', (body) => {
    expect(() => organisationCodeCheckCharacter(body)).toThrow(RangeError);
  });
});

describe(makeOrganisationCode.name, () => {
  it('appends the check character', () => {
    expect(makeOrganisationCode('MA1BUFLT')).toBe('MA1BUFLT4');
  });
});

describe(validateOrganisationCode.name, () => {
  it('accepts valid codes, letters I, O, S, V, Z included (GB 11714 allows them)', () => {
    expect(validateOrganisationCode('M000100Y4')).toEqual({ valid: true });
    expect(validateOrganisationCode('71526726X')).toEqual({ valid: true });
    expect(isValidOrganisationCode(makeOrganisationCode('IOSVZ123'))).toBe(true);
  });

  it.each([
    ['M000100Y5', 'check-character'],
    ['M000100Y', 'length'],
    ['M000100YX4', 'length'],
    ['M000100y4', 'charset'],
    ['M000100YA', 'charset'],
  ])('refuses %s', (value, code) => {
    expect(validateOrganisationCode(value)).toMatchObject({ valid: false, code });
  });

  it('refuses values that are not strings', () => {
    expect(validateOrganisationCode(123456789)).toMatchObject({ valid: false, code: 'type' });
  });
});
