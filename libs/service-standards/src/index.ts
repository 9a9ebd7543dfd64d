export * from './calendar/deadline';
