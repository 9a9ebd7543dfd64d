import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter, type LoggerService } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '@gov/event-sourcing';
import { problemFromDomainError, problemFromForeignDomainError, type ProblemDetails } from './problem';
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
    // Refused before its body was read (a streamed import, say): the connection cannot carry another request.
    if (!req.complete) res.setHeader('Connection', 'close');
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, instance: string): ProblemDetails {
    if (exception instanceof DomainError) return problemFromDomainError(exception, instance);
    const foreign = problemFromForeignDomainError(exception, instance);
    if (foreign) return foreign;
    // body-parser: malformed JSON, an oversized body, bytes that are not UTF-8
    const bodyError = exception as { type?: string; status?: number; expose?: boolean; message?: string };
    if (bodyError?.type === 'entity.parse.failed') return invalidJson(instance);
    if (bodyError?.type === 'entity.too.large') {
      return { type: 'urn:gov:problem:payload-too-large', title: 'Payload too large', status: 413, code: 'payload-too-large', instance };
    }
    if (bodyError?.type === 'entity.invalid-utf8') return invalidInput(instance, 'invalid-encoding', 'body', 'is not valid UTF-8');
    if (bodyError?.type === 'encoding.unsupported' || bodyError?.type === 'charset.unsupported') {
      return { type: 'urn:gov:problem:unsupported-media-type', title: 'Unsupported media type', status: 415, code: 'unsupported-media-type', detail: bodyError.message, instance };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const detail = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? exception.message);
      // Nest wraps the JSON parser's SyntaxError in a 400 HttpException.
      if (status === 400 && (exception.cause instanceof SyntaxError || /JSON/i.test(detail))) return invalidJson(instance);
      // The router could not percent-decode a path segment (e.g. %FF): no parameter name exists yet.
      const undecodable = status === 400 ? /^Failed to decode param '(.*)'$/.exec(detail) : null;
      if (undecodable) return invalidInput(instance, 'invalid-encoding', 'path', `segment '${undecodable[1].slice(0, 40)}' is not valid percent-encoded UTF-8`);
      const code = status === 404 ? 'not-found' : `http-${status}`;
      return { type: `urn:gov:problem:${code}`, title: exception.name.replace(/Exception$/, '').replace(/([a-z])([A-Z])/g, '$1 $2'), status, code, detail, instance };
    }
    // Any other error that says it is the client's (4xx, safe to expose), e.g. from a body parser.
    if (typeof bodyError?.status === 'number' && bodyError.status >= 400 && bodyError.status < 500 && bodyError.expose) {
      return { type: `urn:gov:problem:http-${bodyError.status}`, title: 'The request is not valid', status: bodyError.status, code: `http-${bodyError.status}`, detail: bodyError.message, instance };
    }
    return { type: 'urn:gov:problem:internal', title: 'Internal error', status: 500, code: 'internal', detail: 'the request could not be completed; it has been logged', instance };
  }
}

function invalidInput(instance: string, code: string, field: string, message: string): ProblemDetails {
  return { type: `urn:gov:problem:${code}`, title: 'The request is not valid', status: 400, code, detail: `${field}: ${message}`, instance, errors: [{ field, message }] };
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
