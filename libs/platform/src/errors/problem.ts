import { DomainError, ValidationError, type DomainErrorKind, type FieldIssue } from '@gov/event-sourcing';
import { status as GrpcStatus } from '@grpc/grpc-js';

/** RFC 9457 problem details. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  errors?: readonly FieldIssue[];
  correlationId?: string;
  [extension: string]: unknown;
}

export const HTTP_STATUS: Record<DomainErrorKind, number> = {
  validation: 400,
  rule: 422,
  conflict: 409,
  'not-found': 404,
  forbidden: 403,
  unauthenticated: 401,
};

export const GRPC_STATUS: Record<DomainErrorKind, GrpcStatus> = {
  validation: GrpcStatus.INVALID_ARGUMENT,
  rule: GrpcStatus.FAILED_PRECONDITION,
  conflict: GrpcStatus.ABORTED,
  'not-found': GrpcStatus.NOT_FOUND,
  forbidden: GrpcStatus.PERMISSION_DENIED,
  unauthenticated: GrpcStatus.UNAUTHENTICATED,
};

const TITLES: Record<DomainErrorKind, string> = {
  validation: 'The request is not valid',
  rule: 'The request breaks a business rule',
  conflict: 'The request conflicts with the current state',
  'not-found': 'Not found',
  forbidden: 'Forbidden',
  unauthenticated: 'Authentication required',
};

export function problemFromDomainError(error: DomainError, instance?: string): ProblemDetails {
  const problem: ProblemDetails = {
    type: `urn:gov:problem:${error.code}`,
    title: TITLES[error.kind],
    status: HTTP_STATUS[error.kind],
    detail: error.message,
    code: error.code,
  };
  if (instance) problem.instance = instance;
  if (error instanceof ValidationError) problem.errors = error.issues;
  if (error.details && error.kind !== 'validation') Object.assign(problem, { details: error.details });
  return problem;
}

/**
 * Errors of pure libs that cannot import `DomainError` (e.g. service-standards'
 * `StandardsError`) carry the same `kind` and `code`: map them the same way
 * instead of letting them fall through to a 500.
 */
export function domainErrorLike(error: unknown): { kind: DomainErrorKind; code: string; message: string; issues?: readonly FieldIssue[]; details?: Readonly<Record<string, unknown>> } | undefined {
  if (!(error instanceof Error)) return undefined;
  const e = error as Error & { kind?: unknown; code?: unknown; issues?: unknown; details?: unknown };
  if (typeof e.kind !== 'string' || !(e.kind in HTTP_STATUS) || typeof e.code !== 'string') return undefined;
  return {
    kind: e.kind as DomainErrorKind,
    code: e.code,
    message: e.message,
    issues: Array.isArray(e.issues) ? (e.issues as FieldIssue[]) : undefined,
    details: e.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : undefined,
  };
}

export function problemFromForeignDomainError(error: unknown, instance?: string): ProblemDetails | undefined {
  const e = domainErrorLike(error);
  if (!e) return undefined;
  const problem: ProblemDetails = { type: `urn:gov:problem:${e.code}`, title: TITLES[e.kind], status: HTTP_STATUS[e.kind], detail: e.message, code: e.code };
  if (instance) problem.instance = instance;
  if (e.kind === 'validation') problem.errors = e.issues ?? [];
  else if (e.details) Object.assign(problem, { details: e.details });
  return problem;
}
