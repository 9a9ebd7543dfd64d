// A bounded, deterministic fuzzer for a service's edge: variants generated from
// its OpenAPI document and its .proto, each checked for "no 5xx, no gRPC
// INTERNAL/UNKNOWN, a 4xx is problem+json naming the field, and a refused
// request leaves the event log as it was".
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { Pool } from 'pg';
import { issueTestToken, testKeys } from './auth';
import { startServiceUnderTest, type ServiceUnderTest, type StartedService } from './service-under-test';
import { apiContractGaps } from './api-contract';
import { lintOpenApi } from './openapi-lint';

export interface EdgeFuzzTarget {
  readonly service: string;
  readonly httpUrl: string;
  /** host:port of the gRPC server; omitted when the service has none. */
  readonly grpcAddress?: string;
  readonly protoPath?: string;
  /** The service's own database: its event log is read before and after every refused request. */
  readonly pool: Pool;
  /** Bearer tokens tried in order; each operation uses the first one it does not refuse as 401/403. */
  readonly tokens: readonly string[];
  /** About this many variants per route or method (default 30). */
  readonly variantsPerOperation?: number;
  readonly seed?: number;
  /** Skip the event-log read around each request (the bench measures the edge alone). */
  readonly skipLogCheck?: boolean;
}

export interface EdgeFuzzFinding {
  readonly operation: string;
  readonly variant: string;
  readonly outcome: string;
  readonly problem: string;
}

export interface EdgeFuzzReport {
  readonly service: string;
  readonly requests: number;
  readonly operations: number;
  /** HTTP status or gRPC status name → count. */
  readonly outcomes: Record<string, number>;
  readonly findings: EdgeFuzzFinding[];
  /** Variants a write route accepted (2xx): allowed, listed for review. */
  readonly acceptedWrites: string[];
  readonly durationMs: number;
}

// ---------------------------------------------------------------------------
// Deterministic randomness

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], rnd: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Takes from each category in turn (each shuffled), so a small budget still covers every kind of variant. */
function interleave<T>(groups: readonly (readonly T[])[], budget: number, rnd: () => number): T[] {
  const queues = groups.map((g) => shuffled(g, rnd)).filter((g) => g.length > 0);
  const out: T[] = [];
  while (out.length < budget && queues.some((q) => q.length > 0)) {
    for (const q of queues) {
      const next = q.shift();
      if (next !== undefined && out.length < budget) out.push(next);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// OpenAPI schemas

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Schema {
  readonly $ref?: string;
  readonly type?: string;
  readonly format?: string;
  readonly enum?: readonly Json[];
  readonly example?: Json;
  readonly properties?: Record<string, Schema>;
  readonly required?: readonly string[];
  readonly items?: Schema;
  readonly allOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly nullable?: boolean;
}

interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required?: boolean;
  readonly schema?: Schema;
  readonly example?: Json;
}

interface Operation {
  readonly operationId?: string;
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: Schema; readonly example?: Json }> };
  readonly security?: readonly Record<string, readonly string[]>[];
}

export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components?: { readonly schemas?: Record<string, Schema> };
  readonly security?: readonly Record<string, readonly string[]>[];
}

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

function resolve(doc: OpenApiDocument, s: Schema | undefined, depth = 0): Schema {
  if (!s || depth > 20) return {};
  if (s.$ref) return resolve(doc, doc.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')], depth + 1);
  if (s.allOf?.length) {
    const parts = s.allOf.map((p) => resolve(doc, p, depth + 1));
    const properties = Object.assign({}, ...parts.map((p) => p.properties ?? {})) as Record<string, Schema>;
    const required = parts.flatMap((p) => p.required ?? []);
    return { ...parts[0], ...s, allOf: undefined, properties, required };
  }
  const alt = s.oneOf?.[0] ?? s.anyOf?.[0];
  if (alt && !s.type) return resolve(doc, alt, depth + 1);
  return s;
}

const VALID_DAY = '2026-03-02';

function looksLikeDate(name: string, s: Schema): boolean {
  return s.format === 'date' || s.format === 'date-time' || /(date|day|^on$|On$|At$|^at$|^from$|^to$|^asOf$)/.test(name) || (typeof s.example === 'string' && /^\d{4}-\d{2}-\d{2}/.test(s.example));
}

function sample(doc: OpenApiDocument, raw: Schema | undefined, name: string, depth = 0): Json {
  const s = resolve(doc, raw);
  if (s.example !== undefined) return s.example;
  if (s.enum?.length) return s.enum[0];
  const type = s.type ?? (s.properties ? 'object' : 'string');
  switch (type) {
    case 'object': {
      const out: Record<string, Json> = {};
      if (depth > 6) return out;
      for (const [key, child] of Object.entries(s.properties ?? {})) out[key] = sample(doc, child, key, depth + 1);
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => sample(doc, s.items, name, depth + 1));
    case 'integer':
    case 'number':
      return s.minimum !== undefined ? Math.max(s.minimum, 1) : 1;
    case 'boolean':
      return true;
    default:
      if (s.format === 'date-time') return `${VALID_DAY}T09:00:00+08:00`;
      if (looksLikeDate(name, s)) return VALID_DAY;
      return 'fuzz'.padEnd(Math.max(4, s.minLength ?? 0), 'z');
  }
}

interface Leaf {
  /** Path of keys/indexes from the body root. */
  readonly path: readonly (string | number)[];
  readonly name: string;
  readonly schema: Schema;
  readonly required: boolean;
}

/** Every field of a body schema, nested objects and the first item of arrays included (bounded depth). */
function fields(doc: OpenApiDocument, raw: Schema | undefined, prefix: readonly (string | number)[] = [], depth = 0): Leaf[] {
  const s = resolve(doc, raw);
  if (depth > 4) return [];
  const out: Leaf[] = [];
  for (const [key, child] of Object.entries(s.properties ?? {})) {
    const c = resolve(doc, child);
    const path = [...prefix, key];
    out.push({ path, name: key, schema: c, required: (s.required ?? []).includes(key) });
    if (c.type === 'object' || c.properties) out.push(...fields(doc, c, path, depth + 1));
    if (c.type === 'array' && c.items) {
      const item = resolve(doc, c.items);
      if (item.properties) out.push(...fields(doc, item, [...path, 0], depth + 1));
      else out.push({ path: [...path, 0], name: key, schema: item, required: false });
    }
  }
  return out;
}

const REMOVE = Symbol('remove');

function withValue(root: Json, path: readonly (string | number)[], value: Json | typeof REMOVE): Json {
  const copy = structuredClone(root);
  let node: Json = copy;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return copy;
    node = (node as Record<string, Json>)[key as string];
  }
  if (node === null || typeof node !== 'object') return copy;
  const last = path[path.length - 1];
  if (value === REMOVE) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete (node as Record<string, Json>)[last as string];
  } else (node as Record<string, Json>)[last as string] = value;
  return copy;
}

function fieldLabel(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

// ---------------------------------------------------------------------------
// HTTP variants

/** What a variant must get: `refused` = some 4xx (never 2xx), `any` = anything below 500. */
type Expectation = 'refused' | 'any';

interface HttpVariant {
  readonly label: string;
  readonly expect: Expectation;
  /** Raw (already percent-encoded) path parameter values. */
  readonly path: Record<string, string>;
  readonly query: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Buffer;
  /** undefined: the operation's token; null: none; a string: that token. */
  readonly token?: string | null;
}

const NUL = '\u0000';
const LONE_SURROGATE = '\ud800';

// Random junk for the variants beyond the listed ones (the bench asks for hundreds per route).
const JUNK_CHARS = ['a', 'Z', '0', '9', ' ', '-', '_', '%', '"', "'", '\\', '/', '<', '>', '{', '}', '张', '三', '😀', '\u202e', '\t', '\n', '\u0001', '\u007f', '\ufeff', NUL, LONE_SURROGATE, '\udc00'];

function junkString(rnd: () => number): string {
  const length = rnd() < 0.1 ? Math.floor(rnd() * 5000) : Math.floor(rnd() * 40);
  let out = '';
  for (let i = 0; i < length; i++) out += JUNK_CHARS[Math.floor(rnd() * JUNK_CHARS.length)];
  return out;
}

function junkValue(rnd: () => number, depth = 0): Json {
  const pick = Math.floor(rnd() * (depth > 3 ? 6 : 9));
  switch (pick) {
    case 0:
    case 1:
      return junkString(rnd);
    case 2:
      return [0, -1, 1.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, -0][Math.floor(rnd() * 8)];
    case 3:
      return rnd() < 0.5;
    case 4:
      return null;
    case 5:
      return Math.floor(rnd() * 1e6);
    case 6:
      return Array.from({ length: Math.floor(rnd() * 4) }, () => junkValue(rnd, depth + 1));
    case 7: {
      const o: Record<string, Json> = {};
      for (let i = Math.floor(rnd() * 4); i > 0; i--) o[junkString(rnd).slice(0, 12) || 'k'] = junkValue(rnd, depth + 1);
      return o;
    }
    default: {
      let v: Json = 1;
      for (let i = Math.floor(rnd() * 60); i > 0; i--) v = [v];
      return v;
    }
  }
}

function depthOf(value: Json): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + children.reduce<number>((m, c) => Math.max(m, depthOf(c)), 0);
}

/** Must a body be refused whatever its fields mean: unsafe text anywhere, or deeper than the edge allows? */
function mustRefuse(value: Json): boolean {
  const text = JSON.stringify(value);
  if (/\\u0000|\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i.test(text)) return true;
  return depthOf(value) > 32;
}

const IMPOSSIBLE_DATES = ['2026-02-30', '2026-13-45T25:61:00Z', '2026-02-29', '0000-00-00'];
const BAD_PATH_SEGMENTS = ['%00', 'a%00b', '%FF', '%ED%A0%80', '%C0%AF', 'x'.repeat(3000), 'y'.repeat(20_000), '2026-02-30', '-1', '99999999999999999999999', '%20', '..%2F..'];
const BAD_QUERY_VALUES = ['%00', 'x%00y', '%FF%FE', '%ED%A0%80', '2026-02-30', '2026-13-45T25:61:00Z', '-1', '1e309', 'abc', 'x'.repeat(5000)];

function deepObject(levels: number): string {
  return `{"a":`.repeat(levels) + '1' + '}'.repeat(levels);
}

/** A JSON string literal with raw bytes that are not UTF-8 inside it. */
function invalidUtf8Body(fieldName: string): Buffer {
  return Buffer.concat([Buffer.from(`{"${fieldName}":"a`), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('"}')]);
}

interface HttpOperation {
  readonly method: string;
  readonly template: string;
  readonly label: string;
  readonly public: boolean;
  readonly isWrite: boolean;
  readonly variants: HttpVariant[];
  readonly probe: HttpVariant;
}

function pathParamsOf(template: string): string[] {
  return [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
}

/** Well-formed tokens that must still be refused: signed by the right key, wrong in what they claim. */
interface ForeignTokens {
  readonly unknownRole: string;
  readonly otherIssuer: string;
  readonly expired: string;
}

async function foreignTokens(): Promise<ForeignTokens> {
  const [unknownRole, otherIssuer, expired] = await Promise.all([
    issueTestToken({ roles: ['janitor'], subject: 'fuzz-janitor' }),
    issueTestToken({ roles: ['supervisor'], subject: 'fuzz-elsewhere', issuer: 'https://issuer.elsewhere.invalid' }),
    issueTestToken({ roles: ['supervisor'], subject: 'fuzz-expired', expiresIn: Math.floor(Date.now() / 1000) - 3600 }),
  ]);
  return { unknownRole, otherIssuer, expired };
}

function buildHttpOperations(doc: OpenApiDocument, perOperation: number, rnd: () => number, foreign: ForeignTokens): HttpOperation[] {
  const ops: HttpOperation[] = [];
  for (const [template, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!HTTP_METHODS.has(method)) continue;
      const security = op.security ?? doc.security ?? [];
      const isPublic = security.length === 0 || security.every((req) => Object.keys(req).length === 0);
      const params = op.parameters ?? [];
      const pathNames = pathParamsOf(template);
      const basePath: Record<string, string> = {};
      for (const name of pathNames) {
        const p = params.find((x) => x.in === 'path' && x.name === name);
        basePath[name] = encodeURIComponent(String(p?.example ?? sample(doc, p?.schema, name)));
      }
      const queryParams = params.filter((p) => p.in === 'query');
      const baseQuery = queryParams.filter((p) => p.required).map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(String(p.example ?? sample(doc, p.schema, p.name)))}`);
      const content = op.requestBody?.content ?? {};
      const jsonSchema = content['application/json']?.schema;
      const textTypes = Object.keys(content).filter((t) => t !== 'application/json');
      const baseBody = jsonSchema ? sample(doc, jsonSchema, 'body') : undefined;
      const baseHeaders: Record<string, string> = jsonSchema ? { 'content-type': 'application/json' } : textTypes[0] ? { 'content-type': textTypes[0] } : {};
      const base = (label: string, expect: Expectation, change: Partial<HttpVariant> = {}): HttpVariant => ({
        label,
        expect,
        path: basePath,
        query: baseQuery.join('&'),
        headers: baseHeaders,
        body: baseBody === undefined ? undefined : JSON.stringify(baseBody),
        ...change,
      });
      const groups: HttpVariant[][] = [];
      // Every top-level required field left out, whatever the budget: the cheapest, most common mistake.
      const always: HttpVariant[] = [];

      // Who is calling.
      const auth: HttpVariant[] = [
        base('garbage bearer token', isPublic ? 'any' : 'refused', { token: 'not.a.jwt' }),
        base('signed token with an unknown role', isPublic ? 'any' : 'refused', { token: foreign.unknownRole }),
        base('signed token from another issuer', isPublic ? 'any' : 'refused', { token: foreign.otherIssuer }),
        base('expired token', isPublic ? 'any' : 'refused', { token: foreign.expired }),
        base('bearer token with a NUL-free but forged signature', isPublic ? 'any' : 'refused', {
          token: `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('{"sub":"x","roles":["supervisor"]}').toString('base64url')}.AAAA`,
        }),
      ];
      if (!isPublic) auth.push(base('no bearer token', 'refused', { token: null }));
      groups.push(auth);

      // The body as a whole.
      if (jsonSchema) {
        groups.push([
          base('deeply nested object ({"a": x 5000)', 'refused', { body: deepObject(5000) }),
          base('deeply nested array ([ x 50000)', 'refused', { body: '['.repeat(50_000) + ']'.repeat(50_000) }),
          base('unterminated deep array', 'refused', { body: '['.repeat(50_000) }),
          base('deep value inside the first field', 'refused', { body: `{"${Object.keys(resolve(doc, jsonSchema).properties ?? { a: {} })[0] ?? 'a'}":${deepObject(3000)}}` }),
          base('truncated JSON', 'refused', { body: '{"a": ' }),
          base('JSON array instead of an object', 'refused', { body: '[]' }),
          base('JSON null', 'refused', { body: 'null' }),
          base('JSON string', 'refused', { body: '"text"' }),
          base('empty object', Object.keys(resolve(doc, jsonSchema).required ?? []).length ? 'refused' : 'any', { body: '{}' }),
          base('invalid UTF-8 bytes in a string', 'refused', { body: invalidUtf8Body(Object.keys(resolve(doc, jsonSchema).properties ?? { a: {} })[0] ?? 'a') }),
          base('body as text/plain', 'any', { headers: { 'content-type': 'text/plain' } }),
          base('oversized body (2 MB)', 'refused', { body: JSON.stringify({ a: 'x'.repeat(2_000_000) }) }),
        ]);
        const leaves = fields(doc, jsonSchema);
        const missingTop: HttpVariant[] = [];
        const missing: HttpVariant[] = [];
        const wrong: HttpVariant[] = [];
        const bytes: HttpVariant[] = [];
        const bounds: HttpVariant[] = [];
        for (const leaf of leaves) {
          const at = fieldLabel(leaf.path);
          const put = (v: Json | typeof REMOVE) => JSON.stringify(withValue(baseBody ?? {}, leaf.path, v));
          if (leaf.required) (leaf.path.length === 1 ? missingTop : missing).push(base(`missing required ${at}`, 'refused', { body: put(REMOVE) }));
          const type = leaf.schema.type ?? (leaf.schema.properties ? 'object' : 'string');
          if (type === 'string') {
            wrong.push(base(`${at} as a number`, 'refused', { body: put(12345) }));
            bytes.push(base(`NUL byte in ${at}`, 'refused', { body: put(`a${NUL}b`) }));
            bytes.push(base(`lone surrogate in ${at}`, 'refused', { body: put(`a${LONE_SURROGATE}b`) }));
            bounds.push(base(`oversized ${at} (100k characters)`, 'any', { body: put('x'.repeat(100_000)) }));
            if (looksLikeDate(leaf.name, leaf.schema)) for (const d of IMPOSSIBLE_DATES) bytes.push(base(`impossible date ${d} in ${at}`, 'refused', { body: put(d) }));
          } else if (type === 'integer' || type === 'number') {
            wrong.push(base(`${at} as a string`, 'refused', { body: put('12') }));
            for (const n of [-1, 0, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308]) bounds.push(base(`${at} = ${n}`, 'any', { body: put(n) }));
          } else if (type === 'boolean') {
            wrong.push(base(`${at} as a string`, 'refused', { body: put('true') }));
          } else if (type === 'object') {
            wrong.push(base(`${at} as a string`, 'refused', { body: put('x') }));
            wrong.push(base(`${at} as an array`, 'refused', { body: put([]) }));
          } else if (type === 'array') {
            wrong.push(base(`${at} as an object`, 'refused', { body: put({}) }));
            bounds.push(base(`${at} with 10000 items`, 'any', { body: put(Array.from({ length: 10_000 }, () => sample(doc, leaf.schema.items, leaf.name))) }));
          }
        }
        groups.push(missing, wrong, bytes, bounds);
        always.push(...missingTop);
      } else if (textTypes.length) {
        // Streamed imports (CSV / JSON lines): malformed lines must be reported, never stored.
        const csvHeaders = { 'content-type': 'text/csv' };
        const ndHeaders = { 'content-type': 'application/x-ndjson' };
        groups.push([
          base('CSV: NUL in a field', 'any', { headers: csvHeaders, body: `unitNumber,price\nab${NUL}c,100\n` }),
          base('CSV: invalid UTF-8 bytes', 'any', { headers: csvHeaders, body: Buffer.concat([Buffer.from('unitNumber,price\n'), Buffer.from([0xff, 0xfe, 0x2c, 0x31, 0x0a])]) }),
          base('CSV: header only', 'any', { headers: csvHeaders, body: 'a,b,c\n' }),
          base('CSV: empty', 'any', { headers: csvHeaders, body: '' }),
          base('CSV: one very long line', 'any', { headers: csvHeaders, body: `${'x'.repeat(200_000)}\n` }),
          base('JSONL: deeply nested line', 'any', { headers: ndHeaders, body: `${deepObject(5000)}\n` }),
          base('JSONL: NUL in a field', 'any', { headers: ndHeaders, body: `{"unitNumber":"a\\u0000b","priceFen":1}\n` }),
          base('JSONL: lone surrogate', 'any', { headers: ndHeaders, body: `{"unitNumber":"a\\ud800b","priceFen":1}\n` }),
          base('JSONL: not JSON', 'any', { headers: ndHeaders, body: '{"a":\n' }),
          base('JSONL: array line', 'any', { headers: ndHeaders, body: '[1,2]\n' }),
          base('unknown content type', 'refused', { headers: { 'content-type': 'application/x-unknown' }, body: 'x' }),
        ]);
      }

      // Path parameters.
      const pathVariants: HttpVariant[] = [];
      for (const name of pathNames) {
        for (const bad of BAD_PATH_SEGMENTS) {
          const expect: Expectation = /%00|%FF|%ED|%C0/.test(bad) ? 'refused' : 'any';
          pathVariants.push(base(`path ${name}=${bad.length > 40 ? `${bad.slice(0, 10)}…(${bad.length})` : bad}`, expect, { path: { ...basePath, [name]: bad } }));
        }
      }
      groups.push(pathVariants);

      // Query parameters.
      const queryVariants: HttpVariant[] = [];
      for (const p of queryParams) {
        for (const bad of BAD_QUERY_VALUES) {
          const rest = baseQuery.filter((q) => !q.startsWith(`${encodeURIComponent(p.name)}=`));
          const isDate = looksLikeDate(p.name, resolve(doc, p.schema));
          const expect: Expectation = /%00|%FF|%ED/.test(bad) || (isDate && /2026-02-30|2026-13/.test(bad)) ? 'refused' : 'any';
          queryVariants.push(base(`query ${p.name}=${bad.length > 40 ? `x…(${bad.length})` : bad}`, expect, { query: [...rest, `${encodeURIComponent(p.name)}=${bad}`].join('&') }));
        }
        queryVariants.push(base(`query ${p.name} given twice`, 'any', { query: [...baseQuery, `${p.name}=a`, `${p.name}=b`].join('&') }));
      }
      queryVariants.push(base('unknown query parameter with NUL', 'any', { query: [...baseQuery, 'zz=%00'].join('&') }));
      groups.push(queryVariants);

      // Headers used as input.
      const headerVariants: HttpVariant[] = [];
      const headerParams = params.filter((p) => p.in === 'header' && p.name.toLowerCase() !== 'content-type');
      for (const h of headerParams) {
        headerVariants.push(base(`header ${h.name} with latin-1 bytes`, 'any', { headers: { ...baseHeaders, [h.name]: 'key-\u00ff\u00fe-fuzz' } }));
        headerVariants.push(base(`header ${h.name} 8 KB long`, 'any', { headers: { ...baseHeaders, [h.name]: 'k'.repeat(8000) } }));
        headerVariants.push(base(`header ${h.name} empty`, 'any', { headers: { ...baseHeaders, [h.name]: '' } }));
      }
      headerVariants.push(base('x-correlation-id garbage', 'any', { headers: { ...baseHeaders, 'x-correlation-id': '\u00ff'.repeat(300) } }));
      groups.push(headerVariants);

      // Random junk in a random place, as many as the budget may take.
      const junk: HttpVariant[] = [];
      const leavesForJunk = jsonSchema ? fields(doc, jsonSchema) : [];
      for (let i = 0; i < perOperation; i++) {
        const value = junkValue(rnd);
        const where = Math.floor(rnd() * 3);
        if (where === 0 && leavesForJunk.length) {
          const leaf = leavesForJunk[Math.floor(rnd() * leavesForJunk.length)];
          const body = withValue(baseBody ?? {}, leaf.path, value);
          junk.push(base(`random value in ${fieldLabel(leaf.path)}`, mustRefuse(body) ? 'refused' : 'any', { body: JSON.stringify(body) }));
        } else if (where === 1 && pathNames.length) {
          const name = pathNames[Math.floor(rnd() * pathNames.length)];
          const raw = encodeURIComponent(junkString(rnd).replace(/[\ud800-\udfff]/g, 'x')) || 'x';
          junk.push(base(`random path ${name}`, /%00/.test(raw) ? 'refused' : 'any', { path: { ...basePath, [name]: raw } }));
        } else if (queryParams.length) {
          const p = queryParams[Math.floor(rnd() * queryParams.length)];
          const raw = encodeURIComponent(junkString(rnd).replace(/[\ud800-\udfff]/g, 'x'));
          junk.push(base(`random query ${p.name}`, /%00/.test(raw) ? 'refused' : 'any', { query: [...baseQuery.filter((q) => !q.startsWith(`${encodeURIComponent(p.name)}=`)), `${encodeURIComponent(p.name)}=${raw}`].join('&') }));
        } else if (jsonSchema) {
          junk.push(base('random body', mustRefuse(value) ? 'refused' : 'any', { body: JSON.stringify(value) }));
        }
      }
      groups.push(junk);

      const label = `${method.toUpperCase()} ${template}`;
      const probe = base('probe', 'any', { body: jsonSchema ? '{"__probe__":true}' : textTypes.length ? '' : undefined });
      ops.push({ method: method.toUpperCase(), template, label, public: isPublic, isWrite: method !== 'get', variants: [...always, ...interleave(groups, Math.max(0, perOperation - always.length), rnd)], probe });
    }
  }
  return ops;
}

// ---------------------------------------------------------------------------
// gRPC variants

interface FieldDescriptor {
  readonly name: string;
  readonly number: number;
  readonly label: string;
  readonly type: string;
  readonly typeName: string;
}

interface MessageDescriptor {
  readonly field: readonly FieldDescriptor[];
}

interface GrpcVariant {
  readonly label: string;
  readonly expect: Expectation;
  readonly request?: Record<string, unknown>;
  /** A hand-encoded message (for bytes a protobuf library will not write). */
  readonly raw?: Buffer;
  readonly token?: string | null;
}

interface GrpcOperation {
  readonly label: string;
  readonly path: string;
  readonly clientStreaming: boolean;
  readonly serialize: (value: unknown) => Buffer;
  readonly variants: GrpcVariant[];
  readonly isWrite: boolean;
}

function messageOf(definition: protoLoader.PackageDefinition, typeName: string): MessageDescriptor | undefined {
  const entry = definition[typeName.replace(/^\./, '')] as { type?: MessageDescriptor } | undefined;
  return entry?.type;
}

function sampleMessage(definition: protoLoader.PackageDefinition, type: MessageDescriptor | undefined, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!type || depth > 5) return out;
  for (const f of type.field) {
    const one = sampleScalar(definition, f, depth);
    out[f.name] = f.label === 'LABEL_REPEATED' ? [one] : one;
  }
  return out;
}

function sampleScalar(definition: protoLoader.PackageDefinition, f: FieldDescriptor, depth: number): unknown {
  switch (f.type) {
    case 'TYPE_STRING':
      return /date|day|On$|At$|^at$|^from$|^to$/.test(f.name) ? VALID_DAY : 'fuzz';
    case 'TYPE_BOOL':
      return true;
    case 'TYPE_DOUBLE':
    case 'TYPE_FLOAT':
      return 1.5;
    case 'TYPE_MESSAGE':
      return sampleMessage(definition, messageOf(definition, f.typeName), depth + 1);
    case 'TYPE_ENUM':
      return 0;
    case 'TYPE_BYTES':
      return Buffer.from('fuzz');
    default:
      return 1;
  }
}

interface MessageLeaf {
  readonly path: readonly (string | number)[];
  readonly field: FieldDescriptor;
}

function messageFields(definition: protoLoader.PackageDefinition, type: MessageDescriptor | undefined, prefix: readonly (string | number)[] = [], depth = 0): MessageLeaf[] {
  if (!type || depth > 4) return [];
  const out: MessageLeaf[] = [];
  for (const f of type.field) {
    const path = f.label === 'LABEL_REPEATED' ? [...prefix, f.name, 0] : [...prefix, f.name];
    out.push({ path: [...prefix, f.name], field: f });
    if (f.type === 'TYPE_MESSAGE') out.push(...messageFields(definition, messageOf(definition, f.typeName), path, depth + 1));
    else if (f.label === 'LABEL_REPEATED') out.push({ path, field: { ...f, label: 'LABEL_OPTIONAL' } });
  }
  return out;
}

function varint(n: number): Buffer {
  const bytes: number[] = [];
  let v = n;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

/** One length-delimited field (string, bytes or message) in protobuf's wire format. */
function lengthDelimited(fieldNumber: number, payload: Buffer): Buffer {
  return Buffer.concat([varint((fieldNumber << 3) | 2), varint(payload.length), payload]);
}

function buildGrpcOperations(protoPath: string, perOperation: number, rnd: () => number, foreign: ForeignTokens): GrpcOperation[] {
  const definition = protoLoader.loadSync(protoPath, { keepCase: true, longs: String, enums: String, defaults: false, oneofs: true });
  const ops: GrpcOperation[] = [];
  for (const value of Object.values(definition)) {
    if (typeof value !== 'object' || value === null || 'format' in value) continue;
    for (const method of Object.values(value as grpc.ServiceDefinition)) {
      const m = method as grpc.MethodDefinition<unknown, unknown> & { requestType: { type: MessageDescriptor } };
      if (m.responseStream) continue;
      const type = m.requestType.type;
      const baseReq = sampleMessage(definition, type);
      const groups: GrpcVariant[][] = [];
      groups.push([
        // A .proto does not say which methods are public (e.g. VerifyCertificate): any answer but a failure will do.
        { label: 'no bearer token', expect: 'any', request: baseReq, token: null },
        { label: 'garbage bearer token', expect: 'any', request: baseReq, token: 'not.a.jwt' },
        { label: 'signed token with an unknown role', expect: 'any', request: baseReq, token: foreign.unknownRole },
        { label: 'expired token', expect: 'any', request: baseReq, token: foreign.expired },
        { label: 'empty request', expect: 'any', request: {} },
        { label: 'sample request', expect: 'any', request: baseReq },
      ]);
      const always: GrpcVariant[] = [];
      const missing: GrpcVariant[] = [];
      const bytes: GrpcVariant[] = [];
      const bounds: GrpcVariant[] = [];
      for (const leaf of messageFields(definition, type)) {
        const at = fieldLabel(leaf.path);
        const put = (v: Json | typeof REMOVE) => withValue(baseReq as Json, leaf.path, v) as Record<string, unknown>;
        if (leaf.field.type === 'TYPE_MESSAGE' || leaf.field.type === 'TYPE_STRING') (leaf.path.length === 1 ? always : missing).push({ label: `missing ${at}`, expect: 'any', request: put(REMOVE) });
        if (leaf.field.type === 'TYPE_STRING' && leaf.field.label !== 'LABEL_REPEATED') {
          bytes.push({ label: `NUL byte in ${at}`, expect: 'refused', request: put(`a${NUL}b`) });
          bytes.push({ label: `lone surrogate in ${at}`, expect: 'refused', request: put(`a${LONE_SURROGATE}b`) });
          bounds.push({ label: `oversized ${at}`, expect: 'any', request: put('x'.repeat(100_000)) });
          if (/date|day|On$|At$|^at$|^from$|^to$/.test(leaf.field.name)) for (const d of IMPOSSIBLE_DATES) bytes.push({ label: `impossible date ${d} in ${at}`, expect: 'refused', request: put(d) });
          if (leaf.path.length === 1) {
            bytes.push({ label: `invalid UTF-8 bytes in ${at}`, expect: 'refused', raw: lengthDelimited(leaf.field.number, Buffer.from([0x61, 0xff, 0xfe, 0xc3, 0x28])) });
          }
        }
        if (/TYPE_U?INT|TYPE_S?FIXED|TYPE_SINT/.test(leaf.field.type) && leaf.field.label !== 'LABEL_REPEATED') {
          const is64 = /64/.test(leaf.field.type);
          for (const n of is64 ? ['-1', '0', '9007199254740993', '-9223372036854775808', '9223372036854775807'] : [-1, 0, 2147483647, -2147483648]) {
            bounds.push({ label: `${at} = ${n}`, expect: 'any', request: put(n as Json) });
          }
        }
      }
      groups.push(missing, bytes, bounds);
      const leaves = messageFields(definition, type).filter((l) => l.field.type === 'TYPE_STRING' && l.field.label !== 'LABEL_REPEATED');
      const junk: GrpcVariant[] = [];
      for (let i = 0; i < perOperation && leaves.length; i++) {
        const leaf = leaves[Math.floor(rnd() * leaves.length)];
        const value = junkString(rnd);
        junk.push({ label: `random text in ${fieldLabel(leaf.path)}`, expect: mustRefuse(value) ? 'refused' : 'any', request: withValue(baseReq as Json, leaf.path, value) as Record<string, unknown> });
      }
      groups.push(junk);
      const name = m.path.split('/').pop() ?? m.path;
      ops.push({
        label: `gRPC ${m.path}`,
        path: m.path,
        clientStreaming: m.requestStream,
        serialize: m.requestSerialize as (value: unknown) => Buffer,
        variants: [...always, ...interleave(groups, Math.max(0, perOperation - always.length), rnd)],
        isWrite: !/^(Get|List|Verify)/.test(name),
      });
    }
  }
  return ops;
}

// ---------------------------------------------------------------------------
// Running

interface LogMark {
  readonly count: string;
  readonly max: string;
}

async function logMark(pool: Pool): Promise<LogMark> {
  const { rows } = await pool.query<LogMark>('SELECT count(*)::text AS count, coalesce(max(global_position), 0)::text AS max FROM es_events');
  return rows[0];
}

const sameMark = (a: LogMark, b: LogMark) => a.count === b.count && a.max === b.max;

/** Waits until the event log stops moving (after an accepted write, its reactions land first). */
async function settle(pool: Pool): Promise<LogMark> {
  let last = await logMark(pool);
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const next = await logMark(pool);
    if (sameMark(last, next)) return next;
    last = next;
  }
  return last;
}

interface HttpOutcome {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

async function sendHttp(target: EdgeFuzzTarget, op: HttpOperation, v: HttpVariant, token: string | undefined): Promise<HttpOutcome> {
  const path = op.template.replace(/\{([^}]+)\}/g, (_, name: string) => v.path[name] ?? 'x');
  const url = `${target.httpUrl}${path}${v.query ? `?${v.query}` : ''}`;
  const headers: Record<string, string> = { ...v.headers };
  const bearer = v.token === undefined ? token : v.token;
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const body = op.method === 'GET' || op.method === 'HEAD' ? undefined : v.body;
  let failure = '';
  // One retry: a keep-alive connection the server closed after the previous answer fails once, harmlessly.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const res = await fetch(url, { method: op.method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : new Uint8Array(body) });
      return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
    } catch (e) {
      failure = `connection failed: ${(e as Error).message} (${String((e as Error).cause ?? '')})`;
    }
  }
  return { status: 0, contentType: '', text: failure };
}

function checkHttp(op: HttpOperation, v: HttpVariant, out: HttpOutcome): string[] {
  const problems: string[] = [];
  if (out.status === 0) return [out.text];
  if (out.status >= 500) problems.push(`answered ${out.status}: ${out.text.slice(0, 300)}`);
  if (v.expect === 'refused' && out.status < 400) problems.push(`accepted (${out.status}) a request it must refuse`);
  if (out.status >= 400) {
    if (!out.contentType.startsWith('application/problem+json')) problems.push(`error is ${out.contentType || 'untyped'}, not problem+json`);
    let body: { status?: unknown; type?: unknown; title?: unknown; errors?: unknown } | undefined;
    try {
      body = JSON.parse(out.text) as typeof body;
    } catch {
      problems.push('error body is not JSON');
    }
    if (body && (typeof body.type !== 'string' || typeof body.title !== 'string' || body.status !== out.status)) problems.push('problem lacks type/title/status');
    if (/\n\s+at .+\(.+:\d+:\d+\)/.test(out.text) || /node_modules|\.ts:\d+/.test(out.text)) problems.push('error leaks a stack trace');
    if (body && out.status === 400) {
      const errors = Array.isArray(body.errors) ? (body.errors as { field?: unknown }[]) : [];
      if (!errors.some((e) => typeof e.field === 'string' && e.field.length > 0)) problems.push(`400 names no field: ${out.text.slice(0, 200)}`);
    }
  }
  return problems;
}

interface GrpcOutcome {
  readonly code: number;
  readonly details: string;
  readonly fields?: string;
}

function sendGrpc(client: grpc.Client, op: GrpcOperation, v: GrpcVariant, token: string | undefined): Promise<GrpcOutcome> {
  const md = new grpc.Metadata();
  const bearer = v.token === undefined ? token : v.token;
  if (bearer) md.set('authorization', `Bearer ${bearer}`);
  const serialize = v.raw ? (b: Buffer) => b : op.serialize;
  const payload = (v.raw ?? v.request ?? {}) as Buffer;
  const options = { deadline: Date.now() + 15_000 };
  return new Promise((resolve) => {
    const done = (err: grpc.ServiceError | null) =>
      resolve(err ? { code: err.code, details: err.details, fields: err.metadata?.get('problem-fields')[0]?.toString() } : { code: grpc.status.OK, details: '' });
    const identity = (b: Buffer) => b;
    if (op.clientStreaming) {
      const call = client.makeClientStreamRequest(op.path, serialize as (v: Buffer) => Buffer, identity, md, options, (err) => done(err));
      call.write(payload);
      call.end();
    } else {
      client.makeUnaryRequest(op.path, serialize as (v: Buffer) => Buffer, identity, payload, md, options, (err) => done(err));
    }
  });
}

const FORBIDDEN_GRPC = new Set([grpc.status.INTERNAL, grpc.status.UNKNOWN, grpc.status.UNIMPLEMENTED, grpc.status.DATA_LOSS]);

function checkGrpc(v: GrpcVariant, out: GrpcOutcome): string[] {
  const problems: string[] = [];
  if (FORBIDDEN_GRPC.has(out.code)) problems.push(`answered ${grpc.status[out.code]}: ${out.details.slice(0, 300)}`);
  if (out.code === grpc.status.DEADLINE_EXCEEDED || out.code === grpc.status.UNAVAILABLE) problems.push(`answered ${grpc.status[out.code]}: ${out.details}`);
  if (v.expect === 'refused' && out.code === grpc.status.OK) problems.push('accepted a request it must refuse');
  if (out.code === grpc.status.INVALID_ARGUMENT) {
    let named = false;
    try {
      named = (JSON.parse(out.fields ?? '[]') as { field?: string }[]).some((f) => !!f.field);
    } catch {
      named = false;
    }
    if (!named) problems.push(`INVALID_ARGUMENT names no field: ${out.details.slice(0, 200)}`);
  }
  return problems;
}

const grpcStatusName = (code: number) => grpc.status[code] ?? String(code);

/**
 * Runs the bounded fuzz over one running service. Never throws on a finding:
 * the caller asserts `findings` is empty (and prints the report).
 */
export async function fuzzServiceEdge(target: EdgeFuzzTarget): Promise<EdgeFuzzReport> {
  const started = Date.now();
  const rnd = mulberry32(target.seed ?? 20261207);
  const perOperation = target.variantsPerOperation ?? 30;
  const doc = (await (await fetch(`${target.httpUrl}/docs/openapi.json`)).json()) as OpenApiDocument;
  const foreign = await foreignTokens();
  const httpOps = buildHttpOperations(doc, perOperation, rnd, foreign);
  const grpcOps = target.protoPath && target.grpcAddress ? buildGrpcOperations(target.protoPath, perOperation, rnd, foreign) : [];
  const findings: EdgeFuzzFinding[] = [];
  const outcomes: Record<string, number> = {};
  const acceptedWrites: string[] = [];
  let requests = 0;
  let mark = target.skipLogCheck ? undefined : await settle(target.pool);

  const afterRequest = async (operation: string, variant: string, outcome: string, refused: boolean, isWrite: boolean) => {
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    requests++;
    if (!refused && isWrite) acceptedWrites.push(`${operation}: ${variant} → ${outcome}`);
    if (!mark) return;
    if (!refused) {
      // An accepted write may set off reactions (projections, outbox, timers): wait until they land.
      mark = isWrite ? await settle(target.pool) : await logMark(target.pool);
      return;
    }
    const now = await logMark(target.pool);
    if (!sameMark(mark, now)) {
      findings.push({ operation, variant, outcome, problem: `refused, yet the event log moved (${mark.count}@${mark.max} → ${now.count}@${now.max})` });
      mark = await settle(target.pool);
    }
  };

  for (const op of httpOps) {
    let token: string | undefined;
    if (!op.public) {
      for (const candidate of target.tokens) {
        const probe = await sendHttp(target, op, op.probe, candidate);
        await afterRequest(op.label, 'token probe', String(probe.status), probe.status >= 400, op.isWrite);
        if (probe.status !== 401 && probe.status !== 403) {
          token = candidate;
          break;
        }
      }
      token ??= target.tokens[0];
    }
    for (const v of op.variants) {
      const out = await sendHttp(target, op, v, token);
      for (const problem of checkHttp(op, v, out)) findings.push({ operation: op.label, variant: v.label, outcome: String(out.status), problem });
      await afterRequest(op.label, v.label, String(out.status), out.status >= 400, op.isWrite);
    }
  }

  if (grpcOps.length && target.grpcAddress) {
    const client = new grpc.Client(target.grpcAddress, grpc.credentials.createInsecure());
    try {
      for (const op of grpcOps) {
        let token: string | undefined;
        for (const candidate of target.tokens) {
          const probe = await sendGrpc(client, op, { label: 'probe', expect: 'any', request: {} }, candidate);
          await afterRequest(op.label, 'token probe', grpcStatusName(probe.code), probe.code !== grpc.status.OK, op.isWrite);
          if (probe.code !== grpc.status.PERMISSION_DENIED && probe.code !== grpc.status.UNAUTHENTICATED) {
            token = candidate;
            break;
          }
        }
        token ??= target.tokens[0];
        for (const v of op.variants) {
          const out = await sendGrpc(client, op, v, token);
          for (const problem of checkGrpc(v, out)) findings.push({ operation: op.label, variant: v.label, outcome: grpcStatusName(out.code), problem });
          await afterRequest(op.label, v.label, grpcStatusName(out.code), out.code !== grpc.status.OK, op.isWrite);
        }
      }
    } finally {
      client.close();
    }
  }
  return { service: target.service, requests, operations: httpOps.length + grpcOps.length, outcomes, findings, acceptedWrites, durationMs: Date.now() - started };
}

/** A short text summary for test output and the bench. */
export function formatFuzzReport(r: EdgeFuzzReport): string {
  const lines = [
    `${r.service}: ${r.requests} requests over ${r.operations} routes/methods in ${r.durationMs} ms; outcomes ${JSON.stringify(r.outcomes)}`,
    ...r.findings.slice(0, 400).map((f) => `  ✗ ${f.operation} — ${f.variant} → ${f.outcome}: ${f.problem}`),
  ];
  if (r.findings.length > 400) lines.push(`  … ${r.findings.length - 400} more`);
  if (r.acceptedWrites.length) lines.push(`  accepted writes: ${r.acceptedWrites.length} (${r.acceptedWrites.slice(0, 5).join('; ')})`);
  return lines.join('\n');
}

/** Callers the fuzz tries, the department's own clerk first. */
export async function edgeFuzzTokens(department: string): Promise<string[]> {
  return Promise.all([
    issueTestToken({ roles: ['clerk'], department, subject: `fuzz-clerk-${department}` }),
    issueTestToken({ roles: ['supervisor'], subject: 'fuzz-supervisor' }),
    issueTestToken({ roles: ['service'], subject: 'fuzz-service' }),
    issueTestToken({ roles: ['applicant'], subject: 'fuzz-applicant', partyId: '50010219800101001X' }),
  ]);
}

/** A request the issue reported (or any known case) and the answer it must get. */
export type EdgeCase =
  | {
      readonly name: string;
      readonly method: string;
      /** After /api/v1. */
      readonly path: string;
      readonly body?: unknown;
      /** Default: the department's clerk. */
      readonly as?: 'clerk' | 'supervisor' | 'service' | 'anonymous';
      readonly status: number;
      /** The field the problem's `errors` must name. */
      readonly field?: string;
    }
  | {
      readonly name: string;
      readonly grpc: string;
      readonly request: Record<string, unknown>;
      readonly as?: 'clerk' | 'supervisor' | 'service' | 'anonymous';
      readonly code: keyof typeof grpc.status;
      readonly field?: string;
    };

export interface EdgeSuite {
  readonly service: string;
  /** Whose clerk the fuzz and the cases call as first. */
  readonly department: string;
  /** The service's create function, e.g. `(env) => createTaxApp(env, { httpPort: 0 })`. */
  readonly start: (env: Record<string, string>) => Promise<StartedService>;
  readonly protoPath?: string;
  readonly env?: Record<string, string>;
  readonly cases?: readonly EdgeCase[];
}

async function callAs(department: string, as: EdgeCase['as']): Promise<string | undefined> {
  if (as === 'anonymous') return undefined;
  if (as === 'supervisor') return issueTestToken({ roles: ['supervisor'], subject: 'edge-supervisor' });
  if (as === 'service') return issueTestToken({ roles: ['service'], subject: 'edge-service' });
  return issueTestToken({ roles: ['clerk'], department, subject: `edge-clerk-${department}` });
}

function grpcUnary(protoPath: string, address: string, method: string, request: Record<string, unknown>, token: string | undefined): Promise<{ code: number; fields: string }> {
  const definition = protoLoader.loadSync(protoPath, { keepCase: true, longs: String, enums: String, defaults: false, oneofs: true });
  for (const value of Object.values(definition)) {
    if (typeof value !== 'object' || value === null || 'format' in value) continue;
    const m = (value as grpc.ServiceDefinition)[method];
    if (!m) continue;
    const client = new grpc.Client(address, grpc.credentials.createInsecure());
    const md = new grpc.Metadata();
    if (token) md.set('authorization', `Bearer ${token}`);
    return new Promise((resolve) =>
      client.makeUnaryRequest(m.path, m.requestSerialize, (b: Buffer) => b, request, md, { deadline: Date.now() + 15_000 }, (err) => {
        client.close();
        resolve({ code: err?.code ?? grpc.status.OK, fields: err?.metadata?.get('problem-fields')[0]?.toString() ?? '[]' });
      }),
    );
  }
  throw new Error(`${method} is not in ${protoPath}`);
}

/**
 * The edge suite every service runs (a generated one included), on its own
 * database and topics: its OpenAPI document passes the linter and the contract
 * checks, the known cases get their answers and change nothing, and the
 * bounded fuzz finds nothing.
 */
export function describeServiceEdge(suite: EdgeSuite): void {
  describe(`${suite.service} edge`, () => {
    let sut: ServiceUnderTest<StartedService> | undefined;
    const grpcAddress = () => `127.0.0.1:${sut!.grpcPort}`;
    beforeAll(async () => {
      sut = await startServiceUnderTest(`${suite.service.replace(/-/g, '_')}_edge`, suite.start, {
        env: { LOG_LEVEL: 'error', DEV_TOKEN_ISSUER: 'enabled', DEV_TOKEN_PRIVATE_KEY: testKeys.privateKeyPem, ...suite.env },
      });
    }, 60_000);
    afterAll(async () => {
      await sut?.stop();
    });

    it('publishes an OpenAPI document the linter passes with no errors or warnings', async () => {
      const doc = (await (await fetch(`${sut!.svc.httpUrl}/docs/openapi.json`)).json()) as OpenApiDocument;
      const problems = await lintOpenApi(doc);
      expect(problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location}: ${p.message}`)).toEqual([]);
      expect(apiContractGaps(doc)).toEqual([]);
    }, 60_000);

    if (suite.cases?.length) {
      it('answers the known cases as it must, and a refused one changes nothing', async () => {
        const outcomes: string[] = [];
        const expected: string[] = [];
        for (const c of suite.cases!) {
          const before = await settle(sut!.db.pool);
          const token = await callAs(suite.department, c.as);
          let got: string;
          let refused: boolean;
          if ('grpc' in c) {
            const r = await grpcUnary(suite.protoPath!, grpcAddress(), c.grpc, c.request, token);
            const named = (JSON.parse(r.fields) as { field?: string }[]).some((f) => f.field === c.field);
            got = `${c.name}: ${grpc.status[r.code]}${c.field ? (named ? ` naming ${c.field}` : ` (fields ${r.fields})`) : ''}`;
            expected.push(`${c.name}: ${c.code}${c.field ? ` naming ${c.field}` : ''}`);
            refused = r.code !== grpc.status.OK;
          } else {
            const res = await fetch(`${sut!.apiUrl}${c.path}`, {
              method: c.method,
              headers: { ...(c.body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
              body: c.body === undefined ? undefined : typeof c.body === 'string' ? c.body : JSON.stringify(c.body),
            });
            const text = await res.text();
            const errors = res.status >= 400 ? ((JSON.parse(text) as { errors?: { field: string }[] }).errors ?? []) : [];
            const named = errors.some((e) => e.field === c.field);
            got = `${c.name}: ${res.status}${c.field ? (named ? ` naming ${c.field}` : ` (${text.slice(0, 200)})`) : ''}`;
            expected.push(`${c.name}: ${c.status}${c.field ? ` naming ${c.field}` : ''}`);
            refused = res.status >= 400;
          }
          outcomes.push(got);
          if (refused) {
            const after = await logMark(sut!.db.pool);
            if (!sameMark(before, after)) outcomes.push(`${c.name}: refused, yet the event log moved`);
          }
        }
        expect(outcomes).toEqual(expected);
      }, 60_000);
    }

    it('answers every malformed request with a 4xx problem (or INVALID_ARGUMENT) naming the field, and changes nothing', async () => {
      const report = await fuzzServiceEdge({
        service: suite.service,
        httpUrl: sut!.svc.httpUrl,
        grpcAddress: suite.protoPath ? grpcAddress() : undefined,
        protoPath: suite.protoPath,
        pool: sut!.db.pool,
        tokens: await edgeFuzzTokens(suite.department),
      });
      expect(report.requests).toBeGreaterThan(report.operations * 10);
      expect(report.findings.map((f) => `${f.operation} — ${f.variant} → ${f.outcome}: ${f.problem}`)).toEqual([]);
    }, 120_000);
  });
}
