import { RuleViolation, ValidationError } from './errors';
import { Validation, collectIssues, validated } from './validation';

describe('Validation (the one field-issue collector)', () => {
  it('names every bad field in one ValidationError, in the order found', () => {
    const v = new Validation();
    expect(v.check(false, 'unit', 'is required')).toBe(false);
    expect(v.check(true, 'price', 'must be whole fen')).toBe(true);
    v.add('buyers', 'must not be empty');
    expect(v.isEmpty).toBe(false);
    let thrown: unknown;
    try {
      v.throwIfAny();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).issues).toEqual([
      { field: 'unit', message: 'is required' },
      { field: 'buyers', message: 'must not be empty' },
    ]);
    expect((thrown as ValidationError).message).toBe('unit: is required; buyers: must not be empty');
  });

  it('does not throw when nothing was found', () => {
    const v = new Validation();
    v.check(true, 'unit', 'is required');
    expect(v.isEmpty).toBe(true);
    expect(() => v.throwIfAny()).not.toThrow();
  });

  it('prefixes nested fields: object members with a dot, list items without', () => {
    const issues = collectIssues((v) => {
      v.within('owners[0]', (owner) => {
        owner.add('share', 'must be a fraction');
        owner.within('idNumber', (id) => id.add('', 'has a bad check digit'));
      });
      v.within('buyers', (buyers) => buyers.add('[2]', 'is a duplicate'));
    });
    expect(issues).toEqual([
      { field: 'owners[0].share', message: 'must be a fraction' },
      { field: 'owners[0].idNumber', message: 'has a bad check digit' },
      { field: 'buyers[2]', message: 'is a duplicate' },
    ]);
  });

  it('keeps the issues of a parser that throws ValidationError, and goes on', () => {
    const parseShare = (text: string): number => {
      if (!/^\d+\/\d+$/.test(text)) throw ValidationError.field('numerator', 'must be digits');
      return 1;
    };
    const issues = collectIssues((v) => {
      expect(v.capture('owners[1].share', () => parseShare('x'))).toBeUndefined();
      expect(v.capture('owners[0].share', () => parseShare('1/2'))).toBe(1);
      v.capture('date', () => {
        throw new ValidationError([{ field: '', message: 'is not a calendar date' }]);
      });
      v.add('unit', 'is required');
    });
    expect(issues).toEqual([
      { field: 'owners[1].share.numerator', message: 'must be digits' },
      { field: 'date', message: 'is not a calendar date' },
      { field: 'unit', message: 'is required' },
    ]);
  });

  it('lets other errors through capture: a rule refusal is not a malformed field', () => {
    const v = new Validation();
    expect(() => v.capture('unit', () => {
      throw new RuleViolation('unit-seized', 'the unit is seized');
    })).toThrow(RuleViolation);
    expect(v.isEmpty).toBe(true);
  });

  it('validated returns the value when every check passes and throws otherwise', () => {
    expect(validated((v) => (v.check(true, 'a', 'bad'), 42))).toBe(42);
    expect(() => validated((v) => v.check(false, 'a', 'is required'))).toThrow('a: is required');
  });

  it('a service can extend it with its own checks', () => {
    class UnitIssues extends Validation {
      unitNumber(field: string, value: unknown): value is string {
        return this.check(typeof value === 'string' && /^\d{19}$/.test(value), field, 'must be 19 digits');
      }
    }
    const issues = new UnitIssues();
    issues.unitNumber('unit', 'abc');
    expect(issues.issues).toEqual([{ field: 'unit', message: 'must be 19 digits' }]);
    // The list handed out is a copy: callers cannot change what was collected.
    (issues.issues as { field: string; message: string }[]).push({ field: 'x', message: 'y' });
    expect(issues.issues).toHaveLength(1);
  });
});
