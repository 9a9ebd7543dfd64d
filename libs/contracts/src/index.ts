export * from './services';
export * from './case-lifecycle';
