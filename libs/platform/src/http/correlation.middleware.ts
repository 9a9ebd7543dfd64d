import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { requestContext } from '../logging/request-context';

const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** Every request runs with a correlation id (taken from the caller or new) and its trace context. */
export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.header('x-correlation-id');
  const correlationId = given && SAFE_ID.test(given) ? given : randomUUID();
  const tp = req.header('traceparent');
  res.setHeader('x-correlation-id', correlationId);
  requestContext.run({ correlationId, traceparent: tp && TRACEPARENT.test(tp) ? tp : undefined }, () => next());
}
