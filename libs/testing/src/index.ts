export * from './infrastructure';
export * from './processes';
export * from './dedicated-kafka';
export * from './kafka';
export * from './auth';
export * from './http';
export * from './idempotency';
export * from './service-under-test';
