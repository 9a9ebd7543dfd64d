export * from './services';
export * from './case-lifecycle';
export * from './tax';
export * from './real-estate';
