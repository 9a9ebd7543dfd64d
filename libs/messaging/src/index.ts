export * from './cloud-events';
export * from './topics';
export * from './kafka-client';
export * from './logger';
export * from './outbox-relay';
export * from './inbox';
export * from './inbox-consumer';
