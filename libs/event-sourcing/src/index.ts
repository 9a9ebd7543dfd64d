export * from './decider';
export * from './errors';
export * from './decider-specification';
export * from './canonical-json';
export * from './event-schema-registry';
export * from './validation';
