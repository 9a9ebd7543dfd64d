import { validateSync } from 'class-validator';
import { creditCodeCheckCharacter } from './credit-code';
import { IsCreditCode, IsMainlandMobile, IsResidentId } from './validators';

class ApplicantDto {
  @IsResidentId()
  idNumber: unknown = '50010219800101001X';

  @IsMainlandMobile()
  mobile: unknown = '13812345678';

  @IsCreditCode()
  employerCreditCode: unknown = '91350100M000100Y43';
}

class HouseholdDto {
  @IsResidentId({ each: true })
  memberIds: unknown = [];

  @IsCreditCode({ checkOrganisationCode: true, message: 'employer code refused' })
  employerCreditCode: unknown = '91350100M000100Y43';
}

const applicant = (fields: Partial<ApplicantDto> = {}): ApplicantDto => Object.assign(new ApplicantDto(), fields);
const household = (fields: Partial<HouseholdDto> = {}): HouseholdDto => Object.assign(new HouseholdDto(), fields);

const messages = (dto: object): Record<string, string[]> =>
  Object.fromEntries(validateSync(dto).map((e) => [e.property, Object.values(e.constraints ?? {})]));

const MOBILE_MESSAGE = 'mobile must be a mainland mobile number (11 digits starting 13-19, no +86 or separators)';

describe(IsResidentId.name, () => {
  it('passes valid values', () => {
    expect(validateSync(applicant())).toEqual([]);
  });

  it('names the failed rule, never the value', () => {
    const sut = applicant({
      idNumber: '500102198001010019',
      mobile: '+8613812345678',
      employerCreditCode: '91350100M000100Y44',
    });
    expect(messages(sut)).toEqual({
      idNumber: ['idNumber must be a valid resident identity number (GB 11643: check character does not match (GB 11643))'],
      mobile: [MOBILE_MESSAGE],
      employerCreditCode: [
        'employerCreditCode must be a valid unified social credit code (GB 32100: check character does not match (GB 32100))',
      ],
    });
  });

  it('reports the birth date and type rules', () => {
    expect(messages(applicant({ idNumber: '50010219800230001X' }))).toEqual({
      idNumber: ['idNumber must be a valid resident identity number (GB 11643: birth date (characters 7-14) is not a calendar date)'],
    });
    expect(messages(applicant({ idNumber: 42, mobile: 13812345678 }))).toEqual({
      idNumber: ['idNumber must be a valid resident identity number (GB 11643: must be a string)'],
      mobile: [MOBILE_MESSAGE],
    });
  });

  it('validates each item of an array', () => {
    expect(validateSync(household({ memberIds: ['50010219800101001X', '11010519491231002X'] }))).toEqual([]);
    expect(messages(household({ memberIds: ['50010219800101001X', '50010219800101001x'] }))).toEqual({
      memberIds: ['each value in memberIds must be a valid resident identity number (GB 11643: check character)'],
    });
  });
});

describe(IsCreditCode.name, () => {
  it('applies the organisation code check and a custom message', () => {
    const body = '91500102MA0000001'; // MA000000 would take GB 11714 check 4, not 1
    const code = body + creditCodeCheckCharacter(body);
    expect(messages(applicant({ employerCreditCode: code }))).toEqual({});
    expect(messages(household({ employerCreditCode: code }))).toEqual({ employerCreditCode: ['employer code refused'] });
  });
});

describe(IsMainlandMobile.name, () => {
  it.each(['13012345678', '19912345678'])('accepts %s', (mobile) => {
    expect(messages(applicant({ mobile }))).toEqual({});
  });

  it.each(['12812345678', '1381234567', '138123456789', '138 1234 5678', '+8613812345678'])('refuses %s', (mobile) => {
    expect(messages(applicant({ mobile }))).toEqual({ mobile: [MOBILE_MESSAGE] });
  });
});
