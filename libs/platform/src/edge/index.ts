export * from './command-context';
export * from './command-context.decorator';
export * from './idempotency';
export * from './validators';
export * from './visibility';
export * from './grpc';
export * from './validate-dto';
export * from './service-app';
