import { ContractViolation, type ObjectSchema, type Schema } from './schema';
import type { MessageContract } from './message';
import { REAL_ESTATE_COMMAND_CONTRACT, REAL_ESTATE_EVENT_CONTRACT, parseRealEstateCommand, parseRealEstateEvent } from './real-estate.parse';
import { TAX_COMMAND_CONTRACT, TAX_EVENT_CONTRACT, parseTaxCommand, parseTaxEvent } from './tax.parse';
import { parseCaseLifecycleEvent } from './case-lifecycle.parse';
import { REAL_ESTATE_MESSAGE_VERSIONS } from './real-estate';
import { TAX_MESSAGE_VERSIONS } from './tax';
import { LIFECYCLE_SAMPLES, REAL_ESTATE_COMMAND_SAMPLES, REAL_ESTATE_EVENT_SAMPLES, TAX_COMMAND_SAMPLES, TAX_EVENT_SAMPLES } from './testing/contract-samples';

type Json = Record<string, unknown>;

function violation(fn: () => unknown): ContractViolation {
  try {
    fn();
  } catch (error) {
    if (error instanceof ContractViolation) return error;
    throw error;
  }
  throw new Error('expected a ContractViolation, but the message was accepted');
}

const contracts: readonly [string, MessageContract<unknown>, Readonly<Record<string, unknown>>, (ceType: string, data: unknown) => { type: unknown; data: unknown }][] = [
  ['real-estate commands', REAL_ESTATE_COMMAND_CONTRACT as MessageContract<unknown>, REAL_ESTATE_COMMAND_SAMPLES, parseRealEstateCommand],
  ['real-estate events', REAL_ESTATE_EVENT_CONTRACT as MessageContract<unknown>, REAL_ESTATE_EVENT_SAMPLES, parseRealEstateEvent],
  ['tax commands', TAX_COMMAND_CONTRACT as MessageContract<unknown>, TAX_COMMAND_SAMPLES, parseTaxCommand],
  ['tax events', TAX_EVENT_CONTRACT as MessageContract<unknown>, TAX_EVENT_SAMPLES, parseTaxEvent],
];

const versionOf = (name: string): number =>
  ((REAL_ESTATE_MESSAGE_VERSIONS as Readonly<Record<string, { current: number }>>)[name] ?? (TAX_MESSAGE_VERSIONS as Readonly<Record<string, { current: number }>>)[name])?.current ?? 1;
const typeOf = (service: string, name: string, version = versionOf(name)) => `gov.${service}.${name}.v${version}`;

describe.each(contracts)('the %s parser', (_what, contract, samples, parse) => {
  const schemas = contract.schemas as Readonly<Record<string, Schema<unknown>>>;
  const names = Object.keys(schemas);

  it('has a sample for every message of the contract', () => {
    expect(Object.keys(samples).sort()).toEqual([...names].sort());
  });

  it.each(names)('reads a whole %s, leaving out fields the contract does not have', (name) => {
    const data = samples[name] as Json;
    expect(parse(typeOf(contract.service, name), { ...data, unexpected: 1 })).toEqual({ type: name, version: versionOf(name), data });
  });

  // Every required field of every message: left out, it is named.
  const required = names.flatMap((name) => {
    const shape = (schemas[name] as ObjectSchema<Json>).shape as Readonly<Record<string, Schema<unknown>>>;
    return Object.entries(shape)
      .filter(([, s]) => !s.optional)
      .map(([field]) => [name, field] as const);
  });
  it.each(required)('refuses %s without %s, naming it', (name, field) => {
    const { [field]: _left, ...rest } = samples[name] as Json;
    const error = violation(() => parse(typeOf(contract.service, name), rest));
    expect(error.issues).toContainEqual({ field, message: 'is required' });
    expect(error.fields).toEqual([field]);
    expect(error.message).toContain(`${field}: is required`);
  });

  it('refuses a type of another service, an unknown name and a version newer than it knows', () => {
    const [name] = names;
    expect(violation(() => parse(`gov.other.${name}.v1`, samples[name])).fields).toEqual(['ce_type']);
    expect(violation(() => parse(typeOf(contract.service, 'NoSuchMessage', 1), {})).message).toContain('NoSuchMessage is not a message of this contract');
    expect(violation(() => parse(typeOf(contract.service, name, versionOf(name) + 1), samples[name])).message).toContain('newer than this reader knows');
  });
});

describe('field checks', () => {
  const applied = REAL_ESTATE_EVENT_SAMPLES.TransferApplied;
  const read = (data: Json) => violation(() => parseRealEstateEvent('gov.real-estate-registration.TransferApplied.v1', data));

  it.each([
    ['a string for an integer', { contractPriceFen: '90000000' }, 'contractPriceFen', 'expected an integer, got string'],
    ['a fraction of a fen', { contractPriceFen: 1.5 }, 'contractPriceFen', 'must be a safe integer'],
    ['an integer beyond the safe range', { contractPriceFen: 2 ** 53 }, 'contractPriceFen', 'must be a safe integer'],
    ['a negative amount', { contractPriceFen: -1 }, 'contractPriceFen', 'must be at least 0'],
    ['an id with a space', { transferId: 'a b' }, 'transferId', 'must be 1-128 letters, digits or . _ : - / starting with a letter or digit'],
    ['a case id that is a number', { caseId: 7 }, 'caseId', 'expected a string, got number'],
    ['a time without an offset', { appliedAt: '2026-11-28T09:30:00' }, 'appliedAt', 'must be an ISO 8601 date-time with an offset'],
    ['an impossible date', { appliedAt: '2026-02-30T09:30:00+08:00' }, 'appliedAt', 'must be an ISO 8601 date-time with an offset'],
    ['an unknown id type', { sellers: [{ ...applied.sellers[0], idType: 'passport' }] }, 'sellers[0].idType', 'must be one of resident-id, credit-code'],
    ['a buyer without a share numerator', { buyers: [{ ...applied.buyers[0], share: { denominator: 1 } }] }, 'buyers[0].share.numerator', 'is required'],
    ['an object for a list', { lenderConsentMortgageIds: {} }, 'lenderConsentMortgageIds', 'expected an array, got object'],
    ['a NUL character', { contractNumber: 'HT\u00001' }, 'contractNumber', 'must not contain a NUL character'],
  ])('names %s', (_what, change, field, message) => {
    expect(read({ ...applied, ...change }).issues).toEqual([{ field, message }]);
  });

  it('names every bad field at once', () => {
    expect(read({ ...applied, transferId: 1, contractPriceFen: null }).fields).toEqual(['transferId', 'contractPriceFen']);
  });

  it('refuses data that is not an object', () => {
    expect(read([] as unknown as Json).issues).toEqual([{ field: '', message: 'expected a JSON object, got an array' }]);
  });

  it('tells a taxpayer union apart by its kind', () => {
    const registered = TAX_EVENT_SAMPLES.TaxpayerRegistered;
    const business = { kind: 'business', creditCode: '91500102MA5U1234X0', name: 'Co' };
    expect(parseTaxEvent('gov.tax.TaxpayerRegistered.v1', { ...registered, taxpayer: business }).data).toMatchObject({ taxpayer: business });
    const error = violation(() => parseTaxEvent('gov.tax.TaxpayerRegistered.v1', { ...registered, taxpayer: { kind: 'robot', name: 'x' } }));
    expect(error.issues).toEqual([{ field: 'taxpayer.kind', message: 'must be one of person, business' }]);
  });

  it('checks calendar dates and decimals in the tax command', () => {
    const assess = TAX_COMMAND_SAMPLES.AssessHouseTransferTax;
    const error = violation(() => parseTaxCommand('gov.tax.AssessHouseTransferTax.v1', { ...assess, contractDate: '2026-13-01', areaM2: '89.505', buyerFamilyHome: 'fourth' }));
    expect(error.fields).toEqual(['areaM2', 'buyerFamilyHome', 'contractDate']);
  });
});

describe('schema versions', () => {
  it('lifts a version 1 message that named no case: caseId null', () => {
    const { caseId: _c, ...v1 } = TAX_EVENT_SAMPLES.TaxClearanceGranted;
    expect(parseTaxEvent('gov.tax.TaxClearanceGranted.v1', v1)).toEqual({ type: 'TaxClearanceGranted', version: 1, data: { ...v1, caseId: null } });
    const { caseId: _r, ...register } = REAL_ESTATE_COMMAND_SAMPLES.RegisterTransfer;
    expect(parseRealEstateCommand('gov.real-estate-registration.RegisterTransfer.v1', register).data).toEqual({ ...register, caseId: null });
  });

  it('requires the case id from version 2 on', () => {
    const { caseId: _c, ...withoutCase } = TAX_EVENT_SAMPLES.TaxClearanceGranted;
    expect(violation(() => parseTaxEvent('gov.tax.TaxClearanceGranted.v2', withoutCase)).issues).toEqual([{ field: 'caseId', message: 'is required' }]);
  });

  it('keeps a version 1 message that did name its case', () => {
    const applied = REAL_ESTATE_COMMAND_SAMPLES.ApplyForSaleTransfer;
    expect(parseRealEstateCommand('gov.real-estate-registration.ApplyForSaleTransfer.v1', applied).data).toEqual(applied);
  });
});

describe(parseCaseLifecycleEvent.name, () => {
  it.each(LIFECYCLE_SAMPLES.map((e) => [e.type, e] as const))('reads %s', (name, event) => {
    expect(parseCaseLifecycleEvent(name, { ...event.data, extra: true })).toEqual(event);
  });

  it('passes over what is not a lifecycle event', () => {
    expect(parseCaseLifecycleEvent('TransferApplied', { anything: true })).toBeNull();
  });

  it.each(['caseId', 'itemCode', 'catalogVersion', 'department', 'at'])('refuses a lifecycle event without %s, naming it', (field) => {
    const { [field]: _left, ...rest } = LIFECYCLE_SAMPLES[0].data as unknown as Json;
    expect(violation(() => parseCaseLifecycleEvent('CaseAccepted', rest)).fields).toEqual([field]);
  });
});
