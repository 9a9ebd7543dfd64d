import { randomBytes } from 'node:crypto';
import { httpCall, type HttpReply } from './http';

/** A fresh, valid command request: each call a new one (another unit, another ticket...). */
export interface PostRequest {
  readonly path: string;
  /** JSON, or the text of a file with its `contentType` (an import). */
  readonly body?: unknown;
  readonly contentType?: string;
}

/** One POST route under the idempotency rule, with two callers allowed to use it. */
export interface IdempotentRoute {
  readonly name: string;
  readonly caller: () => Promise<string>;
  readonly otherCaller: () => Promise<string>;
  readonly request: (caller: 'caller' | 'otherCaller') => Promise<PostRequest>;
  /** What a command of this route writes, counted (default: every event of the service). */
  readonly written?: () => Promise<number>;
}

export interface IdempotencyTarget {
  /** e.g. `http://127.0.0.1:3102/api/v1` */
  readonly apiUrl: string;
  readonly eventCount: () => Promise<number>;
}

const problem = (reply: HttpReply) => ({ status: reply.status, type: reply.headers.get('content-type')?.split(';')[0], body: reply.body });

/**
 * The one idempotency rule, as every service's POSTs must keep it:
 * a replay answers the first result and status and writes nothing; the same
 * key with another request is 422 naming Idempotency-Key and writes nothing;
 * a malformed key is 400 naming it; the same key from another caller is
 * another command.
 */
export async function expectIdempotencyRule(target: IdempotencyTarget, route: IdempotentRoute): Promise<void> {
  const written = route.written ?? target.eventCount;
  const key = `conformance-${randomBytes(8).toString('hex')}`;
  const post = async (token: string, request: PostRequest, idempotencyKey: string) =>
    httpCall(target.apiUrl, 'POST', request.path, {
      token,
      body: request.body ?? {},
      headers: { 'idempotency-key': idempotencyKey, ...(request.contentType ? { 'content-type': request.contentType } : {}) },
    });
  const [caller, otherCaller] = [await route.caller(), await route.otherCaller()];

  const request = await route.request('caller');
  const before = await written();
  const first = await post(caller, request, key);
  expect({ route: route.name, status: first.status }).toEqual({ route: route.name, status: expect.any(Number) });
  expect(first.status >= 200 && first.status < 300 ? 'accepted' : first.text).toBe('accepted');
  const afterFirst = await written();
  expect(afterFirst).toBeGreaterThan(before);

  const replay = await post(caller, request, key);
  expect({ route: route.name, status: replay.status, body: replay.body }).toEqual({ route: route.name, status: first.status, body: first.body });
  expect(await written()).toBe(afterFirst);

  // Each refused request is prepared first (preparing may write), then must write nothing.
  const other = await route.request('caller');
  const beforeReused = await written();
  const reused = await post(caller, other, key);
  expect(problem(reused)).toMatchObject({ status: 422, type: 'application/problem+json', body: { code: 'idempotency-key-reused', detail: expect.stringContaining('Idempotency-Key') } });
  expect(await written()).toBe(beforeReused);

  const shortRequest = await route.request('caller');
  const beforeShort = await written();
  const short = await post(caller, shortRequest, 'short');
  expect(problem(short)).toMatchObject({ status: 400, type: 'application/problem+json', body: { errors: [{ field: 'Idempotency-Key' }] } });
  expect(await written()).toBe(beforeShort);

  // Keys are the caller's own: another caller's same key is another command.
  const theirRequest = await route.request('otherCaller');
  const beforeTheirs = await written();
  const theirs = await post(otherCaller, theirRequest, key);
  expect(theirs.status >= 200 && theirs.status < 300 ? 'accepted' : theirs.text).toBe('accepted');
  expect(theirs.body).not.toEqual(first.body);
  expect(await written()).toBeGreaterThan(beforeTheirs);
}

type OpenApiDocument = { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };

/**
 * The service's OpenAPI document lists the Idempotency-Key header once on every
 * POST (but the routes named in `except`, e.g. signed callbacks) and on no read.
 */
export async function expectIdempotencyHeaderDocumented(httpUrl: string, except: readonly string[] = []): Promise<void> {
  const doc = (await httpCall<OpenApiDocument>(httpUrl, 'GET', '/docs/openapi.json')).body;
  const found: Record<string, number> = {};
  const expected: Record<string, number> = {};
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const route = `${method.toUpperCase()} ${path}`;
      found[route] = (operation.parameters ?? []).filter((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key').length;
      expected[route] = method === 'post' && !except.includes(route) ? 1 : 0;
    }
  }
  expect(found).toEqual(expected);
}
