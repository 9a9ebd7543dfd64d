import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ValidationError, type FieldIssue } from '@gov/event-sourcing';

/** Deeper input is refused before class-transformer, which recurses and would overflow the stack. */
export const MAX_INPUT_DEPTH = 32;

/**
 * NUL (PostgreSQL text refuses it), a lone surrogate (not encodable as UTF-8)
 * and U+FFFD (what a decoder leaves of invalid UTF-8) are never valid input text.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what is refused
const UNSAFE_TEXT = /[\u0000\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function textIssue(value: string): string | undefined {
  const m = UNSAFE_TEXT.exec(value);
  if (!m) return undefined;
  if (m[0] === '\u0000') return 'must not contain a NUL character';
  if (m[0] === '\ufffd') return 'is not valid UTF-8 text';
  return 'is not valid UTF-8 text (lone surrogate)';
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

const childPath = (parent: string, key: string | number) =>
  typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

/**
 * The first unsafe string (or key) or over-deep nesting in a parsed value,
 * walked without recursion so no input can overflow the stack.
 */
export function findUnsafeInput(value: unknown, root = ''): FieldIssue | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const issue = textIssue(v);
      if (issue) return { field: path || 'body', message: issue };
      continue;
    }
    // Only parsed data is walked (plain objects and arrays), never a stream or call object.
    if (v === null || typeof v !== 'object' || !(Array.isArray(v) || isPlainObject(v))) continue;
    if (depth >= MAX_INPUT_DEPTH) return { field: path || 'body', message: `is nested too deeply (more than ${MAX_INPUT_DEPTH} levels)` };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: childPath(path, i), depth: depth + 1 });
      continue;
    }
    const entries = Object.entries(v as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      const keyIssue = textIssue(key);
      if (keyIssue) return { field: path || 'body', message: `has a field name that ${keyIssue}` };
      stack.push({ value: child, path: childPath(path, key), depth: depth + 1 });
    }
  }
  return undefined;
}

/** The raw query string decoded strictly: invalid percent-encoding names its parameter. */
export function findUnsafeQuery(rawUrl: string): FieldIssue | undefined {
  const q = rawUrl.indexOf('?');
  if (q < 0) return undefined;
  for (const pair of rawUrl.slice(q + 1).split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    let key: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
    } catch {
      return { field: 'query', message: `a parameter name is not valid percent-encoded UTF-8` };
    }
    const keyIssue = textIssue(key);
    if (keyIssue) return { field: 'query', message: `a parameter name ${keyIssue}` };
    let value: string;
    try {
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      return { field: key, message: 'is not valid percent-encoded UTF-8' };
    }
    const issue = textIssue(value);
    if (issue) return { field: key, message: issue };
  }
  return undefined;
}

interface HttpInput {
  readonly originalUrl?: string;
  readonly url: string;
  readonly params?: Record<string, unknown>;
  readonly body?: unknown;
}

/**
 * Every route and gRPC method: text that PostgreSQL or UTF-8 cannot hold and
 * over-deep JSON are refused as a validation error naming the field, before
 * any pipe, handler or query sees them.
 */
@Injectable()
export class InputHygieneGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    let issue: FieldIssue | undefined;
    if (ctx.getType() === 'http') {
      const req = ctx.switchToHttp().getRequest<HttpInput>();
      issue = findUnsafeQuery(req.originalUrl ?? req.url);
      for (const [name, value] of Object.entries(req.params ?? {})) {
        issue ??= typeof value === 'string' ? (textIssue(value) ? { field: name, message: textIssue(value)! } : undefined) : undefined;
      }
      issue ??= findUnsafeInput(req.body);
    } else if (ctx.getType() === 'rpc') {
      issue = findUnsafeInput(ctx.switchToRpc().getData());
    }
    if (issue) throw new ValidationError([issue]);
    return true;
  }
}
