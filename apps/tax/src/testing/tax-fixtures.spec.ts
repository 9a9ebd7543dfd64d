import { isValidCreditCode, isValidResidentId } from '@gov/identity';
import { creditCodes, residentIds } from './tax-fixtures';

describe('tax fixtures', () => {
  it('use identity numbers the edge would accept', () => {
    for (const id of Object.values(residentIds)) expect(isValidResidentId(id, new Date('2018-06-30T00:00:00Z'))).toBe(true);
    for (const code of Object.values(creditCodes)) expect(isValidCreditCode(code)).toBe(true);
  });
});
