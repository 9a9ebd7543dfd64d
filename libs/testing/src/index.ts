export * from './infrastructure';
export * from './processes';
export * from './dedicated-kafka';
export * from './kafka';
export * from './auth';
export * from './edge-fuzz';
export * from './openapi-lint';
export * from './api-contract';
