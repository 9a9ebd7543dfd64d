import type { Validation } from '@gov/event-sourcing';
import { CALENDAR_DATE, INSTANT, POSITIVE_FEN, asOfInstant } from '@gov/service-standards';
import { areaProblem } from '../domain/area';
import { checkOwners } from '../domain/party';
import { isUnitUse, UNIT_USES } from '../domain/unit-use';
import { isValidUnitNumber, UNIT_NUMBER_RULE } from '@gov/identity';
import { chinaDateOf } from '../domain/values';
import type { RegisterUnit } from './real-estate-unit.commands';

export const MAX_LOCATION_LENGTH = 200;

/**
 * Every field of a unit to register, shared by the decider and the bulk import
 * so both refuse the same things with the same field names.
 */
export function checkRegisterUnit(issues: Validation, data: unknown): data is RegisterUnit['data'] {
  if (typeof data !== 'object' || data === null) {
    issues.add('unit', 'must be an object');
    return false;
  }
  const d = data as Record<string, unknown>;
  const before = issues.issues.length;
  if (!isValidUnitNumber(d.unitNumber)) issues.add('unitNumber', UNIT_NUMBER_RULE);
  issues.text('location', d.location, MAX_LOCATION_LENGTH);
  const area = areaProblem(d.areaHundredthsM2);
  if (area !== null) issues.add('areaHundredthsM2', area);
  if (!isUnitUse(d.use)) issues.add('use', `must be one of ${UNIT_USES.join(', ')}`);
  if (d.originalPriceFen !== null) issues.require('originalPriceFen', d.originalPriceFen, POSITIVE_FEN);
  const atOk = issues.require('at', d.at, INSTANT);
  checkOwners(issues, 'owners', d.owners, asOfInstant(d.at));
  if (issues.require('acquisitionDate', d.acquisitionDate, CALENDAR_DATE) && atOk && (d.acquisitionDate as string) > chinaDateOf(d.at as string)) {
    issues.add('acquisitionDate', 'must not be after the registration date');
  }
  return issues.issues.length === before;
}
