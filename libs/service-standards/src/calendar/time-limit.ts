/**
 * Working days: Licensing Law art. 82 counts licensing limits in working days,
 * public holidays excluded. Hours: elapsed clock time, for promises such as the
 * house transfer's one hour; service hours are not modelled.
 */
export type TimeLimitUnit = 'working-days' | 'hours';

export interface TimeLimit {
  readonly unit: TimeLimitUnit;
  readonly value: number;
}

/** Which days a window serves on. Make-up working days count for every window. */
export type ServiceDays = 'working-days' | 'working-days-and-saturdays';

/** Anything that carries service days: a catalog item, a window. */
export interface ServiceSchedule {
  readonly serviceDays: ServiceDays;
}

export const TIME_LIMIT_UNITS: readonly TimeLimitUnit[] = ['working-days', 'hours'];
export const SERVICE_DAYS: readonly ServiceDays[] = ['working-days', 'working-days-and-saturdays'];

/** The supervision warning falls when 80% of the promised limit is used. */
export const WARNING_THRESHOLD = 0.8;

export function workingDays(value: number): TimeLimit {
  return { unit: 'working-days', value };
}

export function hours(value: number): TimeLimit {
  return { unit: 'hours', value };
}
