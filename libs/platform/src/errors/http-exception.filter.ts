import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter, type LoggerService } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '@gov/event-sourcing';
import { problemFromDomainError, type ProblemDetails } from './problem';
import { requestContext } from '../logging/request-context';
import { GrpcExceptionFilter } from './rpc-exception.filter';

/**
 * Every HTTP error leaves as application/problem+json, every gRPC error as a
 * status code; a stack trace never reaches a client.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly grpc: GrpcExceptionFilter;
  constructor(private readonly logger: LoggerService) {
    this.grpc = new GrpcExceptionFilter(logger);
  }

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType() === 'rpc') return this.grpc.catch(exception, host);
    if (host.getType() !== 'http') throw exception;
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const problem = this.toProblem(exception, req.originalUrl ?? req.url);
    const correlationId = requestContext.current()?.correlationId;
    if (correlationId) problem.correlationId = correlationId;
    if (problem.status >= 500) {
      this.logger.error({ msg: 'request failed', method: req.method, path: req.route?.path ?? req.path, status: problem.status }, exception instanceof Error ? exception : undefined);
    }
    if (problem.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, instance: string): ProblemDetails {
    if (exception instanceof DomainError) return problemFromDomainError(exception, instance);
    // body-parser: malformed JSON or an oversized body
    const bodyError = exception as { type?: string; status?: number; message?: string };
    if (bodyError?.type === 'entity.parse.failed') return invalidJson(instance);
    if (bodyError?.type === 'entity.too.large') {
      return { type: 'urn:gov:problem:payload-too-large', title: 'Payload too large', status: 413, code: 'payload-too-large', instance };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const detail = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? exception.message);
      // Nest wraps the JSON parser's SyntaxError in a 400 HttpException.
      if (status === 400 && (exception.cause instanceof SyntaxError || /JSON/i.test(detail))) return invalidJson(instance);
      const code = status === 404 ? 'not-found' : `http-${status}`;
      return { type: `urn:gov:problem:${code}`, title: exception.name.replace(/Exception$/, '').replace(/([a-z])([A-Z])/g, '$1 $2'), status, code, detail, instance };
    }
    return { type: 'urn:gov:problem:internal', title: 'Internal error', status: 500, code: 'internal', detail: 'the request could not be completed; it has been logged', instance };
  }
}

function invalidJson(instance: string): ProblemDetails {
  return {
    type: 'urn:gov:problem:invalid-json',
    title: 'The request is not valid',
    status: 400,
    code: 'invalid-json',
    detail: 'the request body is not valid JSON',
    instance,
    errors: [{ field: 'body', message: 'must be valid JSON' }],
  };
}
