import type { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';

/** Set by `@Public()` on an operation; read and removed when the document is completed. */
export const PUBLIC_OPERATION_EXTENSION = 'x-gov-public';

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; items?: Schema; type?: string; format?: string };
type Parameter = { name: string; in: string; required?: boolean; schema?: Schema; description?: string };
type Response = { description: string; content?: Record<string, { schema: unknown }> };
type Operation = Record<string, unknown> & { parameters?: Parameter[]; responses?: Record<string, Response>; security?: Record<string, string[]>[] };

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

const PROBLEM_SCHEMAS: Record<string, Schema> = {
  FieldIssue: {
    type: 'object',
    required: ['field', 'message'],
    properties: {
      field: { type: 'string', example: 'owners[0].share' },
      message: { type: 'string', example: 'is required' },
    },
  },
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details: every error of every service',
    required: ['type', 'title', 'status', 'code'],
    properties: {
      type: { type: 'string', example: 'urn:gov:problem:validation-failed' },
      title: { type: 'string' },
      status: { type: 'integer', minimum: 400, maximum: 599 },
      code: { type: 'string', description: 'stable machine-readable code', example: 'validation-failed' },
      detail: { type: 'string' },
      instance: { type: 'string' },
      correlationId: { type: 'string' },
      errors: { type: 'array', description: 'each bad field (validation errors)', items: { $ref: '#/components/schemas/FieldIssue' } },
      details: { type: 'object', additionalProperties: true },
    },
  },
};

const PROBLEM_RESPONSES: Record<string, string> = {
  '400': 'the request is not valid: `errors` names each bad field',
  '401': 'no valid bearer token',
  '403': 'the caller may not do this',
  '404': 'not found',
  '409': 'conflicts with the current state (or a concurrent change)',
  '422': 'well formed, but a business rule refuses it (or an idempotency key reused with another body)',
};

/** Headers OpenAPI describes elsewhere (content negotiation, security), which must not be parameters. */
const RESERVED_HEADERS = new Set(['content-type', 'accept', 'authorization']);

const IDEMPOTENCY_KEY: Parameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'a retry with the same key answers the first result; the same key with another body is refused (422)',
  schema: { type: 'string', minLength: 8, maxLength: 128 },
};

/** class-validator rules that only pass integers: @IsInt() and the money rule @IsFen() (isPositiveFen with positive: true). */
export const INTEGER_VALIDATORS: ReadonlySet<string> = new Set(['isInt', 'isFen', 'isPositiveFen']);

/**
 * Integers as integers: every property a DTO validates with an integer rule is
 * `type: integer` in the document (@nestjs/swagger writes `number`, or `object`
 * for `number | null`).
 */
function integerProperties(): Map<string, Set<string>> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, { name?: string; propertyName: string; each?: boolean }[]> | { target: unknown }[] };
  const targets = new Set<unknown>();
  const raw = storage.validationMetadatas;
  if (raw instanceof Map) for (const t of raw.keys()) targets.add(t);
  else for (const m of raw) targets.add(m.target);
  const out = new Map<string, Set<string>>();
  for (const target of targets) {
    if (typeof target !== 'function') continue;
    const props = new Set<string>();
    for (const m of getMetadataStorage().getTargetValidationMetadatas(target, '', true, false)) if (m.name && INTEGER_VALIDATORS.has(m.name)) props.add(m.propertyName);
    if (props.size) out.set(target.name, props);
  }
  return out;
}

function asInteger(s: Schema): void {
  if (s.type === 'array' && s.items) return asInteger(s.items);
  s.type = 'integer';
  delete s.format;
}

/**
 * Completes what the decorators leave out, the same way for every service:
 * the bearer scheme on each protected operation (none on public ones), every
 * path parameter, one optional Idempotency-Key header, the problem+json error
 * responses, and integers typed as integers.
 */
export function completeOpenApiDocument(doc: OpenAPIObject): OpenAPIObject {
  const components = (doc.components ??= {});
  const schemas = (components.schemas ??= {}) as Record<string, Schema>;
  Object.assign(schemas, PROBLEM_SCHEMAS);
  delete (doc as { security?: unknown }).security;

  for (const [path, item] of Object.entries(doc.paths)) {
    const templateParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const [method, value] of Object.entries(item as Record<string, unknown>)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const op = value as Operation;
      const isPublic = op[PUBLIC_OPERATION_EXTENSION] === true;
      delete op[PUBLIC_OPERATION_EXTENSION];
      op.security = isPublic ? [] : [{ bearer: [] }];

      let params = (op.parameters ?? []).filter((p) => !(p.in === 'header' && RESERVED_HEADERS.has(p.name.toLowerCase())));
      const hadIdempotencyKey = params.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key');
      params = params.filter((p) => !(p.in === 'header' && p.name.toLowerCase() === 'idempotency-key'));
      if (hadIdempotencyKey && method === 'post') params.push({ ...IDEMPOTENCY_KEY });
      for (const name of templateParams) {
        if (!params.some((p) => p.in === 'path' && p.name === name)) params.push({ name, in: 'path', required: true, schema: { type: 'string' } });
      }
      op.parameters = params;

      const responses = (op.responses ??= {});
      const wanted = ['400'];
      if (!isPublic) wanted.push('401', '403');
      if (templateParams.length) wanted.push('404');
      if (method !== 'get') wanted.push('409', '422');
      for (const code of wanted) {
        responses[code] ??= { description: PROBLEM_RESPONSES[code], content: { 'application/problem+json': { schema: PROBLEM_REF } } };
      }
      for (const [code, r] of Object.entries(responses)) {
        if (/^[45]/.test(code) && !r.content) r.content = { 'application/problem+json': { schema: PROBLEM_REF } };
        if (!r.description) r.description = PROBLEM_RESPONSES[code] ?? 'success';
      }
    }
  }

  for (const [className, props] of integerProperties()) {
    const schema = schemas[className];
    for (const prop of props) {
      const p = schema?.properties?.[prop];
      if (p && !('$ref' in p)) asInteger(p);
    }
  }
  pruneUnreferencedSchemas(doc, schemas);
  return doc;
}

/** Request types of gRPC-only methods get scanned too; a schema no operation reaches is noise to a reader. */
function pruneUnreferencedSchemas(doc: OpenAPIObject, schemas: Record<string, Schema>): void {
  const reached = new Set<string>();
  const pending: unknown[] = [doc.paths];
  while (pending.length) {
    const node = pending.pop();
    if (Array.isArray(node)) pending.push(...node);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
          const name = value.slice('#/components/schemas/'.length);
          if (!reached.has(name)) {
            reached.add(name);
            pending.push(schemas[name]);
          }
        } else pending.push(value);
      }
    }
  }
  for (const name of Object.keys(schemas)) if (!reached.has(name)) delete schemas[name];
}
