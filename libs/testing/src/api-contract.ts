// What a front-end team needs from every operation, beyond what the linter checks.
interface Op {
  readonly security?: readonly Record<string, readonly string[]>[];
  readonly parameters?: readonly { readonly name: string; readonly in: string; readonly required?: boolean }[];
  readonly responses?: Record<string, { readonly content?: Record<string, { readonly schema?: unknown }> }>;
  readonly 'x-public'?: boolean;
}

interface Property {
  readonly type?: string;
  readonly $ref?: string;
  readonly items?: unknown;
  readonly properties?: unknown;
  readonly additionalProperties?: unknown;
  readonly allOf?: unknown;
  readonly oneOf?: unknown;
}

interface Doc {
  readonly paths: Record<string, Record<string, Op>>;
  readonly components?: { readonly schemas?: Record<string, { readonly properties?: Record<string, Property> }>; readonly securitySchemes?: Record<string, unknown> };
  readonly security?: readonly unknown[];
}

/** Integer quantities: money in fen, areas in hundredths of m², shares. */
const INTEGER_FIELD = /(Fen|HundredthsM2|^numerator$|^denominator$)$/;

/** Gaps in the contract: each a readable line (empty when the document is complete). */
export function apiContractGaps(doc: Doc): string[] {
  const gaps: string[] = [];
  if (!doc.components?.securitySchemes?.bearer) gaps.push('no bearer security scheme');
  if (doc.security?.length) gaps.push('a document-wide security requirement (public operations must not inherit one)');
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const at = `${method.toUpperCase()} ${path}`;
      const isPublic = !op.security?.length;
      const protectedByBearer = !!op.security?.some((s) => 'bearer' in s);
      if (!isPublic && !protectedByBearer) gaps.push(`${at}: security without the bearer scheme`);
      const responses = op.responses ?? {};
      const success = Object.entries(responses).filter(([code]) => /^2/.test(code));
      if (!success.length) gaps.push(`${at}: no 2xx response`);
      for (const [code, r] of success) if (code !== '204' && !r.content) gaps.push(`${at}: ${code} has no response schema`);
      const errors = Object.entries(responses).filter(([code]) => /^4/.test(code));
      if (!errors.some(([code]) => code === '400')) gaps.push(`${at}: no 400 response`);
      if (!isPublic && !(responses['401'] && responses['403'])) gaps.push(`${at}: protected, yet no 401/403 responses`);
      for (const [code, r] of errors) if (!r.content?.['application/problem+json']) gaps.push(`${at}: ${code} is not problem+json`);
      const idem = (op.parameters ?? []).filter((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key');
      if (idem.length > 1) gaps.push(`${at}: Idempotency-Key declared ${idem.length} times`);
      if (idem.some((p) => p.required)) gaps.push(`${at}: Idempotency-Key declared required`);
      if (idem.length && method !== 'post') gaps.push(`${at}: Idempotency-Key on a ${method.toUpperCase()}`);
    }
  }
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    for (const [prop, p] of Object.entries(schema.properties ?? {})) {
      if (INTEGER_FIELD.test(prop) && p.type !== 'integer') gaps.push(`${name}.${prop} is ${p.type ?? 'untyped'}, not integer`);
      // What a TypeScript type literal on a DTO becomes: a shape a client cannot generate code from.
      if (p.type === 'array' && !p.items) gaps.push(`${name}.${prop} is an array without items`);
      if (p.type === 'object' && !p.properties && !p.additionalProperties && !p.$ref && !p.allOf && !p.oneOf) gaps.push(`${name}.${prop} is an object without properties`);
    }
  }
  return gaps;
}
