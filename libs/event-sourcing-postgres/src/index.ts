export * from './queryable';
export * from './schema';
export * from './event-store';
export * from './log-order';
export * from './verify';
export * from './command-log';
export * from './aggregate-repository';
export type { UnitOfWork, StreamSession, StreamOptions } from './unit-of-work';
export * from './reactions';
