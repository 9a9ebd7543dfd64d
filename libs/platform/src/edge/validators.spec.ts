import { plainToInstance } from 'class-transformer';
import { IsOptional, validateSync } from 'class-validator';
import { makeResidentId } from '@gov/identity';
import { Validation } from '@gov/event-sourcing';
import { CALENDAR_DATE, FEN } from '@gov/service-standards';
import { IsCalendarDate, IsCalendarDateOrInstant, IsCallerId, IsFen, IsInstant, IsPartyIdNumber, IsUnitNumber } from './validators';
import { IntFromString } from './from-string';

class Sample {
  @IsOptional() @IsUnitNumber() unit?: unknown;
  @IsOptional() @IsCalendarDate() date?: unknown;
  @IsOptional() @IsInstant() at?: unknown;
  @IsOptional() @IsFen() fen?: unknown;
  @IsOptional() @IsFen({ positive: true }) price?: unknown;
  @IsOptional() @IsCallerId() id?: unknown;
  @IsOptional() idType?: unknown;
  @IsOptional() @IsPartyIdNumber() idNumber?: unknown;
  @IsOptional() @IntFromString() @IsFen() count?: unknown;
  @IsOptional() @IsCalendarDateOrInstant() asOf?: unknown;
}

const problems = (value: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(validateSync(plainToInstance(Sample, value)).map((e) => [e.property, Object.values(e.constraints ?? {}).join('; ')]));

describe('edge validators', () => {
  it('take valid values', () => {
    expect(
      problems({
        unit: '500102001001GB00001F00010001',
        date: '2024-02-29',
        at: '2026-12-07T09:30:00+08:00',
        fen: 0,
        price: 1,
        id: 'transfer-2026/001',
        idNumber: makeResidentId({ birthDate: '1980-01-01', sequence: 11 }),
        count: '42',
      }),
    ).toEqual({});
  });

  it('refuse each bad value, naming the field and the rule', () => {
    const found = problems({
      unit: 'abc',
      date: '2026-02-30',
      at: '2026-13-45T25:61:00Z',
      fen: 1.5,
      price: 0,
      id: '-leading',
      idType: 'credit-code',
      idNumber: makeResidentId({ birthDate: '1980-01-01', sequence: 11 }),
      count: '12345678901234567890',
    });
    expect(found.unit).toMatch(/^unit must be a 28-character unit number \(GB\/T 37346\)/);
    expect(found.date).toBe('date must be a calendar date YYYY-MM-DD that exists');
    expect(found.at).toMatch(/^at must be an ISO 8601 date-time/);
    expect(found.fen).toBe('fen must be a non-negative integer amount in fen');
    expect(found.price).toBe('price must be a positive integer amount in fen');
    expect(found.id).toMatch(/^id must be 1-128 letters/);
    expect(found.idNumber).toMatch(/GB 32100/);
    expect(found.count).toBeDefined();
    expect(Object.keys(found).sort()).toEqual(['at', 'count', 'date', 'fen', 'id', 'idNumber', 'price', 'unit']);
  });

  it('take a day or an instant where either will do, and neither when it does not exist', () => {
    expect(problems({ asOf: '2018-10-10' })).toEqual({});
    expect(problems({ asOf: '2018-10-10T09:00:00+08:00' })).toEqual({});
    expect(problems({ asOf: '2026-02-30' }).asOf).toMatch(/^asOf must be a calendar date YYYY-MM-DD or an ISO 8601/);
  });

  it('refuse an unsafe integer amount', () => {
    expect(problems({ fen: Number.MAX_SAFE_INTEGER + 1 }).fen).toBeDefined();
  });
});

describe(Validation.name, () => {
  it('collects every bad field by the same rules, then throws once', () => {
    const sut = new Validation();
    expect(sut.require('contractDate', '2026-02-30', CALENDAR_DATE)).toBe(false);
    expect(sut.require('priceFen', 100, FEN)).toBe(true);
    sut.text('reason', '  ', 10);
    sut.list('owners', [], { min: 1, max: 3 });
    expect(sut.issues.map((i) => i.field)).toEqual(['contractDate', 'reason', 'owners']);
    expect(() => sut.throwIfAny()).toThrow(/contractDate: must be a calendar date/);
  });
});
