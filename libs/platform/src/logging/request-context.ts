import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from '../auth/principal';

export interface RequestContext {
  correlationId: string;
  traceparent?: string;
  principal?: Principal;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
};
