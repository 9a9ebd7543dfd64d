export * from './errors';
export {
  DAY_MS,
  HOUR_MS,
  SHANGHAI_OFFSET_MS,
  addCalendarDays,
  formatShanghai,
  isIsoDate,
  parseIsoDate,
  toInstant,
  toIsoDate,
  weekdayOf,
  type DateInput,
  type InstantInput,
  type IsoDate,
} from './calendar/shanghai-time';
export * from './calendar/time-limit';
export {
  chineseDaysTable,
  parseChineseDaysData,
  parseHolidayOverrides,
  repositoryHolidayOverrides,
  type HolidayDayType,
  type HolidayEntry,
  type HolidayTable,
  type YearCoverage,
  type YearStatus,
} from './calendar/holiday-data';
export * from './calendar/working-day-calendar';
export * from './calendar/deadline';
export * from './calendar/full-years';
export * from './catalog/catalog.types';
export { parseCatalogVersion } from './catalog/catalog-validation';
export * from './catalog/catalog';
export * from './catalog/seed-catalog';
export * from './statistics/rate';
export * from './statistics/limit-compression';
export * from './statistics/standing';
export * from './statistics/supervision-statistics';
export * from './values/values';
