export type { InvalidIdentifier } from './invalid';
export * from './resident-id';
export * from './organisation-code';
export * from './credit-code';
export * from './mobile';
export * from './unit-number';
export {
  DEFAULT_PERSONAL_FIELDS,
  maskAs,
  maskName,
  maskPersonalData,
  maskPhone,
  maskResidentId,
  type PersonalDataKind,
  type PersonalFields,
} from './masking';
export * from './pii-scrubber';
export * from './validators';
