export * from './infrastructure';
export * from './processes';
export * from './dedicated-kafka';
export * from './kafka';
export * from './auth';
