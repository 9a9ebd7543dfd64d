import { Catch, type ArgumentsHost, type LoggerService, type RpcExceptionFilter } from '@nestjs/common';
import { Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import { throwError, type Observable } from 'rxjs';
import { DomainError, ValidationError } from '@gov/event-sourcing';
import { domainErrorLike, GRPC_STATUS } from './problem';

/** Domain errors → gRPC status codes, with the field issues in trailing metadata. */
@Catch()
export class GrpcExceptionFilter implements RpcExceptionFilter<unknown> {
  constructor(private readonly logger: LoggerService) {}

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    const metadata = new Metadata();
    if (exception instanceof DomainError) {
      metadata.set('problem-code', exception.code);
      if (exception instanceof ValidationError) metadata.set('problem-fields', JSON.stringify(exception.issues));
      return throwError(() => ({ code: GRPC_STATUS[exception.kind], message: exception.message, details: exception.message, metadata }));
    }
    const foreign = domainErrorLike(exception);
    if (foreign) {
      metadata.set('problem-code', foreign.code);
      if (foreign.issues) metadata.set('problem-fields', JSON.stringify(foreign.issues));
      return throwError(() => ({ code: GRPC_STATUS[foreign.kind], message: foreign.message, details: foreign.message, metadata }));
    }
    this.logger.error({ msg: 'grpc call failed' }, exception instanceof Error ? exception : undefined);
    return throwError(() => ({ code: GrpcStatus.INTERNAL, message: 'internal error; it has been logged', details: 'internal error', metadata }));
  }
}
